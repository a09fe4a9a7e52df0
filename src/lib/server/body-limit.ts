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

/** Reads and drops what is left of a body: a connection left with unread bytes hangs the next request on it (the server's limit bounds it). */
async function drain(reader: ReadableStreamDefaultReader<Uint8Array>): Promise<void> {
	while (!(await reader.read().catch(() => ({ done: true }))).done);
}

/**
 * A body declared too long is dropped unread before the 413 (the caller's). No SvelteKit import
 * here: the plain-Node server (main.ts) reads this module's limits at run time.
 */
export async function dropBody(body: ReadableStream<Uint8Array> | null): Promise<void> {
	if (body) await drain(body.getReader());
}

/** A body sent without a length (chunked), read up to `limit` bytes: the bytes, or null (the rest dropped, never kept) when it is longer. */
export async function readAtMost(body: ReadableStream<Uint8Array>, limit: number): Promise<Uint8Array<ArrayBuffer> | null> {
	const reader = body.getReader();
	const chunks: Uint8Array[] = [];
	let size = 0;
	for (;;) {
		const { done, value } = await reader.read();
		if (done) break;
		size += value.byteLength;
		if (size > limit) {
			chunks.length = 0;
			await drain(reader);
			return null;
		}
		chunks.push(value);
	}
	const all = new Uint8Array(size);
	let at = 0;
	for (const chunk of chunks) {
		all.set(chunk, at);
		at += chunk.byteLength;
	}
	return all;
}
