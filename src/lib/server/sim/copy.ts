/**
 * COPY … FROM STDIN through postgres.js, in text format: one line per row, tab between columns,
 * written in ~256 KB chunks with backpressure so memory stays flat however many rows there are.
 */
import { once } from 'node:events';
import type { Writable } from 'node:stream';

/** A column value in COPY text format. */
export type CopyValue = string | number | boolean | null | Date | Buffer;

const SPECIAL = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

export function copyField(value: CopyValue): string {
	if (value === null) return '\\N';
	if (typeof value === 'number') {
		if (!Number.isFinite(value)) throw new RangeError(`COPY 数值无效：${value}`);
		return String(value);
	}
	if (typeof value === 'boolean') return value ? 't' : 'f';
	if (value instanceof Date) return value.toISOString();
	if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`; // bytea hex, backslash escaped for COPY
	return value.replace(SPECIAL, (c) => ESCAPES[c]);
}

export const copyLine = (values: CopyValue[]) => values.map(copyField).join('\t') + '\n';

/** What a copy needs of a transaction: postgres.js's `unsafe`. */
type Tx = { unsafe: (query: string) => unknown };
type CopyQuery = Promise<Writable> & { writable(): Promise<Writable>; reject: (error: Error) => void };

/**
 * Streams rows into `table (columns)`. Resolves with the number of rows once the server has
 * accepted them all; rejects with the server's error otherwise.
 */
export async function copyRows(tx: Tx, table: string, columns: string[], rows: Iterable<CopyValue[]>, onRows?: (done: number) => void): Promise<number> {
	if (!/^[a-z_]+$/.test(table) || !columns.every((c) => /^[a-z_]+$/.test(c))) throw new Error(`非法的表名或列名：${table}`);
	const query = tx.unsafe(`copy ${table} (${columns.join(', ')}) from stdin`) as unknown as CopyQuery;
	// postgres.js 3.4 reports an error that arrives after CopyDone (a foreign key checked at the
	// end of the statement, say) only by rejecting the already-resolved query: the stream never
	// finishes. Catching that rejection here is what turns such an error into a thrown one.
	const rejectQuery = query.reject;
	const failed = new Promise<never>((_, reject) => {
		query.reject = (error) => {
			rejectQuery(error);
			reject(error);
		};
	});
	failed.catch(() => {});
	const stream = await query.writable();
	const finished = once(stream, 'finish');
	finished.catch(() => {});

	let chunk = '';
	let count = 0;
	const flush = async () => {
		if (!stream.write(chunk)) await Promise.race([once(stream, 'drain'), failed]);
		chunk = '';
		onRows?.(count);
	};
	for (const row of rows) {
		chunk += copyLine(row);
		count++;
		if (chunk.length >= 256 * 1024) await flush();
	}
	if (chunk) await flush();
	stream.end();
	await Promise.race([finished, failed]);
	return count;
}
