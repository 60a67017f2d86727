import type { ApiHandlers } from '../../../core/api/contract.ts';
import type { ApiMethod } from '../../../core/api/methods.ts';

/** A slice of the app API's handler map (one feature's methods). */
export type HandlerSlice<M extends ApiMethod> = Pick<ApiHandlers, M>;
