/**
 * How large a request body may be. adapter-node applies one limit (BODY_SIZE_LIMIT) to every
 * request; the server raises it to the upload limit and a hook holds every other route to the
 * form limit, so only the ledger upload may send megabytes.
 */
export const FORM_BODY_LIMIT = 512 * 1024;
/** A 20,000-row ledger as .xlsx is ~2 MB, as CSV with long summaries up to ~8 MB. */
export const UPLOAD_BODY_LIMIT = 12 * 1024 * 1024;
const UPLOAD_ROUTES = new Set(['/intake/import', '/intake/status-import', '/letters/[id]']); // ledgers; 反馈 attachments

export const bodyLimitOf = (routeId: string | null) => (routeId !== null && UPLOAD_ROUTES.has(routeId) ? UPLOAD_BODY_LIMIT : FORM_BODY_LIMIT);
