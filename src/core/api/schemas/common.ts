import { z } from 'zod';
import { TRUST_BANDS } from '../../trust/score.ts';

/**
 * Building blocks of the app API's schemas. Policy (contract.ts): arguments are strict objects,
 * results strip unknown keys, every string and array is bounded, sizes that may exceed 2^53 travel
 * as decimal strings.
 */

/** A replica origin's row id in the app's replica database. */
export const originIdSchema = z.number().int().min(1).max(2 ** 31 - 1);
/** An entry index or a count that stays below 2^53 in practice (SQLite INTEGER). */
export const indexSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export const countSchema = indexSchema;
/** A tree size or other uint64 as a decimal string. */
export const decimalSchema = z.string().regex(/^(0|[1-9][0-9]{0,19})$/);
/** Milliseconds since the Unix epoch. */
export const timeMsSchema = z.number().int().min(0).max(8.64e15);
/** An RFC 3339 time as logged (UTC, `Z`). */
export const isoTimeSchema = z.string().max(40);
export const hexSchema = z.string().max(1024).regex(/^[0-9a-f]*$/);
/** An opaque id the services hand out (jobs, uploaded files). */
export const handleSchema = z.string().regex(/^[A-Za-z0-9_-]{8,64}$/);
/** A short label for people. */
export const labelSchema = z.string().max(500);
/** Longer free text (descriptions, reasons, messages). */
export const textSchema = z.string().max(4000);
/** A key or identity as text (did:key, C2SP vkey, base64url key). */
export const keyTextSchema = z.string().max(512);
export const agentIdSchema = z.string().min(1).max(200);
export const tenantIdSchema = z.string().min(1).max(200);
/** An error as the services report it inside a result (a job that failed): code + message. */
export const codedErrorSchema = z.object({ code: z.string().regex(/^[A-Z][A-Z0-9_]{0,63}$/), message: textSchema });
export type CodedError = z.output<typeof codedErrorSchema>;

export const AGENT_STATUSES = ['active', 'suspended', 'revoked'] as const;
export const agentStatusSchema = z.enum(AGENT_STATUSES);

/** Trust bands (DESIGN §3): 90–100 full autonomy, 70–89 normal, 50–69 alert, 30–49 human approval, 0–29 suspension. */
export const trustBandSchema = z.enum(TRUST_BANDS);

/** The verifier's severities (src/node/verify/findings.ts): error fails the verdict. */
export const SEVERITIES = ['error', 'warning', 'info'] as const;
export const severitySchema = z.enum(SEVERITIES);
export type Severity = z.output<typeof severitySchema>;

export const noArguments = z.strictObject({});
