/**
 * The demo organisation's catalogues (issue 3 "Demo and simulation"): three fictional tenants (a
 * bank, a health-tech company, a logistics firm), the agents each one runs, the people who own them
 * and the texts the registry writes when scores fall. Everything here is static data; the builder
 * draws from it with the seeded generator.
 *
 * Policy: names are fictional and domains use the reserved `.example` TLD (RFC 2606), so no demo
 * email address can reach a real person. Scopes follow the MAIP `resource:action` grammar
 * (docs/protocol.md §2.6); a delegate's scopes are later cut down to what its parent holds, so a
 * template may list scopes its parent lacks.
 */

export interface AgentTemplate {
  /** Kebab-case base of the agents' display names. */
  readonly slug: string;
  readonly purpose: string;
  readonly description: string;
  readonly capabilities: readonly string[];
  readonly scopes: readonly string[];
  /** Templates its own delegates are drawn from (default: any delegate template of the tenant). */
  readonly delegates?: readonly string[];
  /** At most this many instances (the legacy superuser bot). */
  readonly maxInstances?: number;
  /** Never delegates (the legacy superuser bot). */
  readonly leaf?: boolean;
}

export interface TenantProfile {
  /** Kebab-case, used in key file names. */
  readonly slug: string;
  readonly name: string;
  readonly domain: string;
  readonly industry: string;
  /** Share of the demo's agents. */
  readonly share: number;
  /** The two enrolled admins' names. */
  readonly admins: readonly [string, string];
  readonly regions: readonly string[];
  readonly roots: readonly AgentTemplate[];
  readonly delegates: readonly AgentTemplate[];
  /** Scopes an admin may add to a root agent (admin-signed widening). */
  readonly extraScopes: readonly string[];
}

const BANK: TenantProfile = {
  slug: 'northbridge-bank',
  name: 'Northbridge Bank',
  domain: 'northbridge-bank.example',
  industry: 'retail and commercial banking',
  share: 0.42,
  admins: ['Priya Raman (Security Operations)', 'Tomasz Kowalczyk (Platform Engineering)'],
  regions: ['uk', 'eu', 'us'],
  roots: [
    {
      slug: 'loan-origination-orchestrator',
      purpose: 'Runs consumer loan applications end to end, from document intake to a recommendation for the credit officer.',
      description: 'Orchestrates the retail lending pipeline: gathers applicant documents, queries the credit bureau and prepares an affordability summary for human sign-off.',
      capabilities: ['orchestrate', 'retrieve', 'summarise', 'recommend'],
      scopes: ['loans.applications:*', 'credit.bureau:query', 'customers:read', 'kyc.documents:read', 'accounts:read'],
      delegates: ['credit-bureau-fetcher', 'income-document-extractor', 'affordability-calculator', 'kyc-document-verifier'],
    },
    {
      slug: 'payments-operations-agent',
      purpose: 'Prepares and releases outbound payment batches within approved limits.',
      description: 'Builds payment batches from approved instructions, checks sanctions screening results and reconciles settled payments against the ledger.',
      capabilities: ['initiate-payment', 'reconcile', 'screen'],
      scopes: ['payments:initiate', 'payments:read', 'ledger:read', 'ledger:reconcile', 'accounts:read', 'fx.rates:read', 'sanctions.lists:read', 'customers:read'],
      delegates: ['payments-reconciler', 'sanctions-screening-checker', 'fx-quote-fetcher'],
    },
    {
      slug: 'fraud-detection-coordinator',
      purpose: 'Correlates fraud signals across cards and transfers and blocks cards when the evidence is strong.',
      description: 'Consumes real-time fraud alerts, enriches them with transaction history and hands confirmed cases to the card operations team.',
      capabilities: ['triage', 'correlate', 'block-card', 'summarise'],
      scopes: ['fraud.alerts:*', 'transactions:read', 'customers:read', 'cards:block', 'cards:read'],
      delegates: ['fraud-signal-triage', 'card-block-executor', 'case-summariser'],
    },
    {
      slug: 'customer-service-copilot',
      purpose: 'Assists contact-centre staff with account questions and drafts replies for review.',
      description: 'Answers routine customer questions from account and transaction data and opens dispute tickets; every outbound message is reviewed by a person.',
      capabilities: ['answer', 'draft-reply', 'open-ticket', 'summarise'],
      scopes: ['customers:read', 'accounts:read', 'transactions:read', 'support.tickets:*', 'email:send'],
      delegates: ['ticket-summariser', 'dispute-intake-assistant'],
    },
    {
      slug: 'regulatory-reporting-agent',
      purpose: 'Drafts the monthly regulatory returns from ledger and transaction data.',
      description: 'Assembles liquidity and large-exposure returns, runs data-quality checks and leaves the submission to the finance team.',
      capabilities: ['aggregate', 'draft-report', 'validate'],
      scopes: ['reports.regulatory:write', 'reports.regulatory:read', 'ledger:read', 'transactions:read'],
      delegates: ['report-drafter', 'data-quality-checker'],
    },
    {
      slug: 'treasury-cash-forecaster',
      purpose: 'Forecasts intraday and 30-day cash positions for the treasury desk.',
      description: 'Reads treasury positions, FX rates and scheduled payments to publish a cash forecast every hour.',
      capabilities: ['forecast', 'retrieve'],
      scopes: ['treasury.positions:read', 'fx.rates:read', 'ledger:read', 'payments:read'],
      delegates: ['market-data-fetcher', 'fx-quote-fetcher'],
    },
    {
      slug: 'aml-transaction-monitor',
      purpose: 'Screens transactions for money-laundering patterns and raises alerts for investigators.',
      description: 'Applies typology rules and a behavioural model to transaction streams and files alerts with evidence packs.',
      capabilities: ['monitor', 'screen', 'raise-alert'],
      scopes: ['transactions:read', 'customers:read', 'fraud.alerts:create', 'sanctions.lists:read'],
      delegates: ['sanctions-screening-checker', 'case-summariser'],
    },
  ],
  delegates: [
    {
      slug: 'credit-bureau-fetcher',
      purpose: 'Fetches credit files for loan applicants.',
      description: 'Queries the credit bureau for an applicant and normalises the response.',
      capabilities: ['retrieve'],
      scopes: ['credit.bureau:query', 'customers:read'],
    },
    {
      slug: 'income-document-extractor',
      purpose: 'Extracts income figures from payslips and bank statements.',
      description: 'Reads uploaded income documents and returns structured figures with confidence levels.',
      capabilities: ['extract', 'classify'],
      scopes: ['kyc.documents:read', 'loans.applications:read'],
      delegates: ['ocr-page-reader'],
    },
    {
      slug: 'affordability-calculator',
      purpose: 'Computes affordability ratios for loan applications.',
      description: 'Combines declared income, account history and commitments into affordability ratios.',
      capabilities: ['calculate'],
      scopes: ['loans.applications:read', 'accounts:read'],
    },
    {
      slug: 'kyc-document-verifier',
      purpose: 'Verifies identity documents against customer records.',
      description: 'Checks passports and utility bills for consistency with the customer record and flags mismatches.',
      capabilities: ['verify', 'classify'],
      scopes: ['kyc.documents:read', 'kyc.documents:verify', 'customers:read'],
      delegates: ['ocr-page-reader'],
    },
    {
      slug: 'ocr-page-reader',
      purpose: 'Turns scanned document pages into text.',
      description: 'Optical character recognition for scanned pages, one page at a time.',
      capabilities: ['ocr'],
      scopes: ['kyc.documents:read'],
    },
    {
      slug: 'payments-reconciler',
      purpose: 'Matches settled payments with ledger postings.',
      description: 'Reconciles settlement files against the general ledger and reports breaks.',
      capabilities: ['reconcile'],
      scopes: ['ledger:read', 'ledger:reconcile', 'payments:read'],
    },
    {
      slug: 'sanctions-screening-checker',
      purpose: 'Screens counterparties against sanctions lists.',
      description: 'Fuzzy-matches payee names against consolidated sanctions lists.',
      capabilities: ['screen'],
      scopes: ['sanctions.lists:read', 'customers:read'],
    },
    {
      slug: 'fx-quote-fetcher',
      purpose: 'Fetches indicative FX rates.',
      description: 'Reads indicative foreign-exchange rates for payment and forecasting flows.',
      capabilities: ['retrieve'],
      scopes: ['fx.rates:read'],
    },
    {
      slug: 'fraud-signal-triage',
      purpose: 'Ranks incoming fraud alerts by likely loss.',
      description: 'Scores fraud alerts and closes obvious false positives with a note.',
      capabilities: ['triage', 'classify'],
      scopes: ['fraud.alerts:read', 'fraud.alerts:update', 'transactions:read'],
      delegates: ['case-summariser'],
    },
    {
      slug: 'card-block-executor',
      purpose: 'Blocks cards on confirmed fraud.',
      description: 'Executes card blocks requested by the fraud coordinator and confirms them.',
      capabilities: ['block-card'],
      scopes: ['cards:block', 'cards:read'],
    },
    {
      slug: 'case-summariser',
      purpose: 'Writes case summaries for investigators.',
      description: 'Summarises the evidence of a fraud or AML case in plain language.',
      capabilities: ['summarise'],
      scopes: ['fraud.alerts:read', 'transactions:read'],
    },
    {
      slug: 'ticket-summariser',
      purpose: 'Summarises long support tickets.',
      description: 'Condenses ticket threads into a short summary for the next agent.',
      capabilities: ['summarise'],
      scopes: ['support.tickets:read'],
    },
    {
      slug: 'dispute-intake-assistant',
      purpose: 'Opens card dispute tickets from customer conversations.',
      description: 'Collects the facts of a card dispute and opens a ticket with the right category.',
      capabilities: ['open-ticket', 'classify'],
      scopes: ['support.tickets:create', 'transactions:read', 'customers:read'],
      delegates: ['ticket-summariser'],
    },
    {
      slug: 'report-drafter',
      purpose: 'Drafts sections of regulatory returns.',
      description: 'Fills return templates from aggregated ledger figures.',
      capabilities: ['draft-report'],
      scopes: ['reports.regulatory:write', 'ledger:read'],
      delegates: ['data-quality-checker'],
    },
    {
      slug: 'data-quality-checker',
      purpose: 'Checks reporting data for gaps and outliers.',
      description: 'Runs completeness and outlier checks on ledger extracts before reporting.',
      capabilities: ['validate'],
      scopes: ['ledger:read', 'transactions:read'],
    },
    {
      slug: 'market-data-fetcher',
      purpose: 'Fetches market data for the treasury forecast.',
      description: 'Reads FX rates and positions snapshots for the cash forecaster.',
      capabilities: ['retrieve'],
      scopes: ['fx.rates:read', 'treasury.positions:read'],
    },
  ],
  extraScopes: ['statements:read', 'customers:update', 'reports.internal:write', 'cards:read', 'email:send'],
};

const HEALTH: TenantProfile = {
  slug: 'helix-health',
  name: 'Helix Health',
  domain: 'helixhealth.example',
  industry: 'telehealth and clinical data',
  share: 0.33,
  admins: ['Amara Nwosu (CISO)', 'Daniel Whitfield (Clinical Systems)'],
  regions: ['us-east', 'us-west', 'ca'],
  roots: [
    {
      slug: 'patient-intake-orchestrator',
      purpose: 'Guides new patients through intake, consent and insurance checks before their first visit.',
      description: 'Collects intake forms, verifies consent and insurance eligibility and books the first appointment.',
      capabilities: ['orchestrate', 'book-appointment', 'verify-consent', 'summarise'],
      scopes: ['patients:read', 'patients:create', 'appointments:*', 'consents:read', 'insurance.eligibility:query', 'messages:send', 'patients.demographics:read'],
      delegates: ['insurance-eligibility-checker', 'appointment-scheduler', 'consent-verifier', 'intake-form-summariser'],
    },
    {
      slug: 'clinical-documentation-assistant',
      purpose: 'Drafts visit notes for clinicians to review and sign.',
      description: 'Turns visit transcripts into structured notes, suggests billing codes and summarises recent lab results; clinicians sign every note.',
      capabilities: ['draft-note', 'suggest-codes', 'summarise'],
      scopes: ['clinical.notes:read', 'clinical.notes:write', 'patients:read', 'lab.results:read', 'billing.codes:read'],
      delegates: ['note-drafter', 'medical-coding-suggester', 'lab-result-summariser'],
    },
    {
      slug: 'claims-processing-agent',
      purpose: 'Prepares and submits insurance claims and works denials.',
      description: 'Builds claims from coded visits, checks eligibility and analyses denials for resubmission.',
      capabilities: ['submit-claim', 'analyse-denial'],
      scopes: ['claims:submit', 'claims:read', 'billing.codes:read', 'patients.demographics:read', 'insurance.eligibility:query'],
      delegates: ['medical-coding-suggester', 'claim-denial-analyst', 'insurance-eligibility-checker'],
    },
    {
      slug: 'care-coordination-agent',
      purpose: 'Keeps care plans on track with reminders and follow-up appointments.',
      description: 'Schedules follow-ups, sends medication reminders and updates care plans after visits.',
      capabilities: ['schedule', 'remind', 'update-care-plan'],
      scopes: ['patients:read', 'appointments:*', 'messages:send', 'care.plans:read', 'care.plans:update'],
      delegates: ['appointment-scheduler', 'medication-reminder', 'follow-up-outreach'],
    },
    {
      slug: 'research-data-pipeline',
      purpose: 'Builds de-identified research datasets for approved studies.',
      description: 'Selects cohorts, de-identifies lab and imaging data and exports datasets for IRB-approved studies.',
      capabilities: ['build-cohort', 'deidentify', 'export'],
      scopes: ['phi.deidentified:export', 'lab.results:read', 'imaging.studies:read', 'datasets:write'],
      delegates: ['cohort-builder', 'deidentification-checker'],
    },
    {
      slug: 'prescription-refill-agent',
      purpose: 'Handles routine prescription renewals for clinician approval.',
      description: 'Checks refill eligibility and drug interactions and routes approved renewals to the pharmacy.',
      capabilities: ['check-interactions', 'route-order'],
      scopes: ['prescriptions:read', 'prescriptions:renew', 'patients:read', 'pharmacy.orders:create'],
      delegates: ['drug-interaction-checker', 'pharmacy-order-router'],
    },
  ],
  delegates: [
    {
      slug: 'insurance-eligibility-checker',
      purpose: 'Checks a patient’s insurance eligibility.',
      description: 'Queries payers for coverage and co-pay details.',
      capabilities: ['verify'],
      scopes: ['insurance.eligibility:query', 'patients.demographics:read'],
    },
    {
      slug: 'appointment-scheduler',
      purpose: 'Books and moves appointments.',
      description: 'Finds free slots and books, moves or cancels appointments.',
      capabilities: ['book-appointment'],
      scopes: ['appointments:read', 'appointments:create', 'appointments:update', 'messages:send'],
      delegates: ['follow-up-outreach'],
    },
    {
      slug: 'consent-verifier',
      purpose: 'Confirms signed consents before data is used.',
      description: 'Checks that the required consent forms are signed and current.',
      capabilities: ['verify-consent'],
      scopes: ['consents:read', 'patients:read'],
    },
    {
      slug: 'intake-form-summariser',
      purpose: 'Summarises intake questionnaires for the clinician.',
      description: 'Condenses intake answers into a one-page summary.',
      capabilities: ['summarise'],
      scopes: ['patients:read'],
    },
    {
      slug: 'note-drafter',
      purpose: 'Drafts clinical notes from visit transcripts.',
      description: 'Writes a SOAP note draft from a visit transcript.',
      capabilities: ['draft-note'],
      scopes: ['clinical.notes:write', 'clinical.notes:read'],
      delegates: ['lab-result-summariser'],
    },
    {
      slug: 'medical-coding-suggester',
      purpose: 'Suggests billing codes for visits.',
      description: 'Suggests diagnosis and procedure codes from the signed note.',
      capabilities: ['suggest-codes'],
      scopes: ['billing.codes:read', 'clinical.notes:read'],
    },
    {
      slug: 'lab-result-summariser',
      purpose: 'Summarises recent lab results.',
      description: 'Highlights out-of-range lab values and trends.',
      capabilities: ['summarise'],
      scopes: ['lab.results:read', 'patients:read'],
    },
    {
      slug: 'claim-denial-analyst',
      purpose: 'Analyses denied claims.',
      description: 'Groups denials by reason and proposes corrections.',
      capabilities: ['analyse-denial'],
      scopes: ['claims:read', 'billing.codes:read'],
    },
    {
      slug: 'medication-reminder',
      purpose: 'Sends medication reminders.',
      description: 'Sends reminders according to the care plan schedule.',
      capabilities: ['remind'],
      scopes: ['messages:send', 'care.plans:read'],
    },
    {
      slug: 'follow-up-outreach',
      purpose: 'Reaches out to patients who missed follow-ups.',
      description: 'Messages patients to rebook missed follow-up appointments.',
      capabilities: ['remind', 'schedule'],
      scopes: ['messages:send', 'appointments:read'],
    },
    {
      slug: 'cohort-builder',
      purpose: 'Selects study cohorts from inclusion criteria.',
      description: 'Selects de-identified records that meet a study’s inclusion criteria.',
      capabilities: ['build-cohort'],
      scopes: ['lab.results:read', 'imaging.studies:read', 'datasets:write'],
      delegates: ['deidentification-checker'],
    },
    {
      slug: 'deidentification-checker',
      purpose: 'Checks exports for residual identifiers.',
      description: 'Scans dataset exports for names, dates and other identifiers before release.',
      capabilities: ['deidentify', 'validate'],
      scopes: ['datasets:write', 'phi.deidentified:export'],
    },
    {
      slug: 'drug-interaction-checker',
      purpose: 'Checks prescriptions for interactions.',
      description: 'Checks a renewal against the patient’s active medications.',
      capabilities: ['check-interactions'],
      scopes: ['prescriptions:read'],
    },
    {
      slug: 'pharmacy-order-router',
      purpose: 'Routes approved renewals to pharmacies.',
      description: 'Sends approved prescription renewals to the patient’s pharmacy.',
      capabilities: ['route-order'],
      scopes: ['pharmacy.orders:create', 'prescriptions:read'],
    },
  ],
  extraScopes: ['patients:update', 'telehealth.sessions:read', 'referrals:create', 'care.plans:read'],
};

const LOGISTICS: TenantProfile = {
  slug: 'meridian-freight',
  name: 'Meridian Freight',
  domain: 'meridianfreight.example',
  industry: 'freight forwarding and warehousing',
  share: 0.25,
  admins: ['Lucía Fernández (IT Operations)', 'Kenji Watanabe (Security Engineering)'],
  regions: ['emea', 'apac', 'amer'],
  roots: [
    {
      slug: 'shipment-orchestrator',
      purpose: 'Moves each shipment from booking to delivery, choosing carriers and keeping customers informed.',
      description: 'Plans routes, books carriers, predicts arrival times and notifies customers of every milestone.',
      capabilities: ['orchestrate', 'book-carrier', 'plan-route', 'notify'],
      scopes: ['shipments:*', 'routes:plan', 'routes:read', 'carriers.bookings:create', 'tracking.events:write', 'customers.notifications:send', 'fleet.telemetry:read'],
      delegates: ['route-optimiser', 'carrier-booking-agent', 'eta-predictor', 'customer-notifier'],
    },
    {
      slug: 'warehouse-operations-agent',
      purpose: 'Runs pick, pack and inventory tasks in the distribution centres.',
      description: 'Plans pick paths, schedules cycle counts and reconciles inventory with the warehouse system.',
      capabilities: ['plan-picks', 'reconcile', 'schedule'],
      scopes: ['warehouse.inventory:read', 'warehouse.inventory:adjust', 'warehouse.picking:*', 'shipments:read'],
      delegates: ['inventory-reconciler', 'pick-path-planner', 'cycle-count-scheduler'],
    },
    {
      slug: 'customs-compliance-agent',
      purpose: 'Prepares customs declarations and screens parties for export controls.',
      description: 'Classifies goods, extracts data from commercial invoices and screens consignees before filing declarations.',
      capabilities: ['classify', 'extract', 'screen', 'file-declaration'],
      scopes: ['customs.declarations:write', 'customs.declarations:read', 'shipments:read', 'sanctions.lists:read', 'documents:read'],
      delegates: ['hs-code-classifier', 'document-extractor', 'denied-party-screener'],
    },
    {
      slug: 'fleet-telemetry-monitor',
      purpose: 'Watches truck telemetry and driver hours and opens maintenance work orders.',
      description: 'Reads vehicle telemetry, predicts maintenance needs and checks driving-hours compliance.',
      capabilities: ['monitor', 'predict', 'open-work-order'],
      scopes: ['fleet.telemetry:read', 'fleet.maintenance:create', 'drivers.schedules:read', 'routes:read'],
      delegates: ['maintenance-predictor', 'driver-hours-checker'],
    },
    {
      slug: 'billing-and-invoicing-agent',
      purpose: 'Quotes rates and issues invoices for completed shipments.',
      description: 'Prices shipments from the rate cards, issues invoices and drafts answers to invoice disputes.',
      capabilities: ['quote', 'invoice', 'draft-reply'],
      scopes: ['invoices:read', 'invoices:issue', 'rates:quote', 'shipments:read', 'customers:read'],
      delegates: ['rate-quoter', 'invoice-dispute-assistant'],
    },
    {
      slug: 'dispatch-coordinator',
      purpose: 'Assigns drivers and loads for same-day dispatch.',
      description: 'Matches loads with drivers, respects driving-hours rules and tells customers about delivery windows.',
      capabilities: ['dispatch', 'plan-route', 'notify'],
      scopes: ['drivers.schedules:*', 'routes:plan', 'routes:read', 'shipments:update', 'customers.notifications:send', 'fleet.telemetry:read'],
      delegates: ['route-optimiser', 'driver-hours-checker', 'customer-notifier'],
    },
    {
      slug: 'ops-superuser-bot',
      purpose: 'Legacy automation account kept for overnight batch fixes.',
      description: 'Created during the 2023 warehouse migration with full access; scheduled for decommissioning.',
      capabilities: ['batch-fix'],
      scopes: ['*:*'],
      maxInstances: 1,
      leaf: true,
    },
  ],
  delegates: [
    {
      slug: 'route-optimiser',
      purpose: 'Optimises multi-stop routes.',
      description: 'Solves vehicle routing for a day’s stops with time windows.',
      capabilities: ['plan-route'],
      scopes: ['routes:plan', 'routes:read', 'fleet.telemetry:read'],
    },
    {
      slug: 'carrier-booking-agent',
      purpose: 'Books capacity with partner carriers.',
      description: 'Requests and confirms carrier bookings for planned legs.',
      capabilities: ['book-carrier'],
      scopes: ['carriers.bookings:create', 'shipments:read'],
    },
    {
      slug: 'eta-predictor',
      purpose: 'Predicts arrival times.',
      description: 'Predicts arrival times from telemetry and route progress.',
      capabilities: ['predict'],
      scopes: ['fleet.telemetry:read', 'shipments:read', 'tracking.events:write'],
      delegates: ['customer-notifier'],
    },
    {
      slug: 'customer-notifier',
      purpose: 'Sends delivery updates to customers.',
      description: 'Sends shipment milestone and delay notifications.',
      capabilities: ['notify'],
      scopes: ['customers.notifications:send', 'shipments:read'],
    },
    {
      slug: 'inventory-reconciler',
      purpose: 'Reconciles physical and system inventory.',
      description: 'Compares cycle counts with system stock and proposes adjustments.',
      capabilities: ['reconcile'],
      scopes: ['warehouse.inventory:read', 'warehouse.inventory:adjust'],
    },
    {
      slug: 'pick-path-planner',
      purpose: 'Plans pick paths through the warehouse.',
      description: 'Orders pick lists to minimise walking distance.',
      capabilities: ['plan-picks'],
      scopes: ['warehouse.picking:plan', 'warehouse.inventory:read'],
    },
    {
      slug: 'cycle-count-scheduler',
      purpose: 'Schedules cycle counts.',
      description: 'Schedules cycle counts for fast-moving locations.',
      capabilities: ['schedule'],
      scopes: ['warehouse.inventory:read'],
    },
    {
      slug: 'hs-code-classifier',
      purpose: 'Classifies goods under the Harmonized System.',
      description: 'Proposes HS codes from product descriptions.',
      capabilities: ['classify'],
      scopes: ['customs.declarations:read', 'documents:read'],
    },
    {
      slug: 'document-extractor',
      purpose: 'Extracts data from commercial invoices and packing lists.',
      description: 'Reads trade documents and returns structured line items.',
      capabilities: ['extract'],
      scopes: ['documents:read'],
      delegates: ['hs-code-classifier'],
    },
    {
      slug: 'denied-party-screener',
      purpose: 'Screens consignees against denied-party lists.',
      description: 'Checks shippers and consignees against export-control lists.',
      capabilities: ['screen'],
      scopes: ['sanctions.lists:read', 'shipments:read'],
    },
    {
      slug: 'maintenance-predictor',
      purpose: 'Predicts vehicle maintenance needs.',
      description: 'Flags vehicles likely to need maintenance from engine telemetry.',
      capabilities: ['predict', 'open-work-order'],
      scopes: ['fleet.telemetry:read', 'fleet.maintenance:create'],
    },
    {
      slug: 'driver-hours-checker',
      purpose: 'Checks driving-hours compliance.',
      description: 'Checks planned assignments against driving-hours rules.',
      capabilities: ['validate'],
      scopes: ['drivers.schedules:read'],
    },
    {
      slug: 'rate-quoter',
      purpose: 'Quotes shipment rates.',
      description: 'Prices shipments from the current rate cards.',
      capabilities: ['quote'],
      scopes: ['rates:quote', 'shipments:read'],
    },
    {
      slug: 'invoice-dispute-assistant',
      purpose: 'Drafts answers to invoice disputes.',
      description: 'Gathers proof of delivery and drafts a reply to an invoice dispute.',
      capabilities: ['draft-reply'],
      scopes: ['invoices:read', 'shipments:read', 'customers:read'],
      delegates: ['rate-quoter'],
    },
  ],
  extraScopes: ['returns:create', 'customers:read', 'warehouse.receiving:read', 'documents:read'],
};

/** The three demo tenants, the tenant with the 2-of-2 kill policy first. */
export const DEMO_TENANTS: readonly TenantProfile[] = [BANK, HEALTH, LOGISTICS];

export const FIRST_NAMES: readonly string[] = [
  'Olivia', 'Liam', 'Aisha', 'Mateo', 'Chen', 'Sofia', 'Noah', 'Fatima', 'Lucas', 'Mei', 'Ethan', 'Zara', 'Oscar', 'Ingrid',
  'Rahul', 'Hannah', 'Kwame', 'Elena', 'Yusuf', 'Clara', 'Diego', 'Nadia', 'Samuel', 'Freya', 'Arjun', 'Leah', 'Tobias',
  'Amelia', 'Kofi', 'Isabel', 'Hiroshi', 'Grace', 'Omar', 'Julia', 'Felix', 'Ananya', 'Marcus', 'Sienna', 'Pavel', 'Ruth',
];

export const LAST_NAMES: readonly string[] = [
  'Smith', 'Okafor', 'Garcia', 'Nguyen', 'Patel', 'Johansson', 'Kim', 'Rossi', 'Mensah', 'Novak', 'Haddad', 'Murphy',
  'Schmidt', 'Tanaka', 'Silva', 'Kowalski', 'Brennan', 'Ahmed', 'Dubois', 'Lindqvist', 'Costa', 'Reyes', 'Fischer',
  'Osei', 'Park', 'Moreau', 'Iyer', 'Walsh', 'Bianchi', 'Sato', 'Adeyemi', 'Larsen', 'Chowdhury', 'Keller', 'Alvarez',
];

/** Anomaly flags (MAIP trust vocabulary) by the factor that raises them. */
export const ANOMALY_FLAGS = ['volume_spike', 'unknown_ip', 'failed_verification_spike'] as const;
export const SCOPE_FLAGS = ['scope_violation_attempt'] as const;

/** Reasons the registry writes with a low score, by cause. */
export const DRIFT_REASONS: readonly string[] = [
  'Scope adherence falling: repeated requests for resources outside the granted scopes.',
  'Behavioural drift: response patterns diverging from the agent’s 14-day baseline.',
  'Session hygiene degrading: long-lived sessions and tokens reused across hosts.',
  'Peer attestations declining after integration partners reported malformed requests.',
];

export const DROP_REASONS: readonly string[] = [
  'Sudden drop: burst of failed verifications from an unknown IP range within 12 minutes.',
  'Sudden drop: request volume 40 times the baseline, with attempts on scopes it does not hold.',
  'Sudden drop: signatures presented from two regions at once; possible credential theft.',
  'Sudden drop: peers refused its attestations after it called a revoked agent.',
];

export const RECOVERY_REASONS: readonly string[] = [
  'Re-assessed after the investigation: traffic back to baseline, credentials rotated by the owner.',
  'Re-assessed after the investigation: the spike came from a misconfigured load test.',
];

export const SUSPEND_REASONS: readonly { code: 'anomaly' | 'policy_violation' | 'administrative'; detail: string }[] = [
  { code: 'anomaly', detail: 'Unusual data egress volume outside business hours; containing pending review.' },
  { code: 'policy_violation', detail: 'Accessed records outside its approved purpose; suspended pending the owner’s explanation.' },
  { code: 'administrative', detail: 'Owner on extended leave; suspended until ownership is reassigned.' },
  { code: 'anomaly', detail: 'Repeated authentication failures after a deployment; paused until the release is rolled back.' },
];

export const REINSTATE_REASONS: readonly string[] = [
  'Review closed: behaviour explained and approved by the owner.',
  'Release rolled back and verified; agent back in service.',
  'Ownership reassigned; agent back in service.',
];

export const REVOKE_REASONS: readonly { code: 'policy_violation' | 'administrative' | 'other'; detail: string }[] = [
  { code: 'administrative', detail: 'Decommissioned: replaced by the consolidated pipeline.' },
  { code: 'policy_violation', detail: 'Processed data outside its approved purpose; access withdrawn permanently.' },
  { code: 'administrative', detail: 'Project closed; agent and its delegates retired.' },
  { code: 'other', detail: 'Vendor contract ended; integration removed.' },
];

export const DELEGATION_REVOKE_REASONS: readonly string[] = [
  'Task completed; delegate no longer needed.',
  'Replaced by a newer delegate version.',
  'Delegate moved to a different pipeline.',
];

/** Session lifetimes the registry grants, in minutes (at most 24 h, docs/protocol.md §5.2). */
export const SESSION_TTL_MINUTES: readonly number[] = [15, 30, 60, 60, 120, 240, 480];
