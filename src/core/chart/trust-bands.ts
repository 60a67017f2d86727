import { TRUST_BANDS, type TrustBand } from '../trust/score.ts';

/**
 * The trust bands as score ranges for a chart's shading (DESIGN §3): 90–100 full autonomy, 70–89
 * normal, 50–69 alert, 30–49 human approval, 0–29 automatic suspension. `from`/`to` are the drawn
 * y extent (a band covers [floor, next floor)), so adjacent bands meet without a gap.
 */
export interface BandRange {
  readonly band: TrustBand;
  readonly label: string;
  readonly from: number;
  readonly to: number;
}

export const TRUST_BAND_LABELS: Readonly<Record<TrustBand, string>> = {
  full_autonomy: 'Full autonomy',
  normal: 'Normal',
  alert: 'Alert',
  human_approval: 'Human approval',
  suspension: 'Automatic suspension',
};

export const TRUST_BAND_RANGES: readonly BandRange[] = [
  { band: 'full_autonomy', label: TRUST_BAND_LABELS.full_autonomy, from: 90, to: 100 },
  { band: 'normal', label: TRUST_BAND_LABELS.normal, from: 70, to: 90 },
  { band: 'alert', label: TRUST_BAND_LABELS.alert, from: 50, to: 70 },
  { band: 'human_approval', label: TRUST_BAND_LABELS.human_approval, from: 30, to: 50 },
  { band: 'suspension', label: TRUST_BAND_LABELS.suspension, from: 0, to: 30 },
];

/** Every band appears once, in TRUST_BANDS order (checked by a test). */
export const BAND_ORDER: readonly TrustBand[] = TRUST_BANDS;
