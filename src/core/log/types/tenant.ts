import { z } from 'zod';
import { lineText } from '../fields.ts';

/**
 * `tenant.created` (docs/protocol.md §4.1). Subject: the tenant id (a lowercase UUID, equal to the
 * envelope's `tenant`). Signed by the registry.
 */
export const tenantCreatedBody = z.strictObject({
  name: lineText(128),
});
