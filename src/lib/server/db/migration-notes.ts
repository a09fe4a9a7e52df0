/**
 * What a migration says about itself, for the runner to tell the operator (pure; no I/O):
 *
 *   -- liaowang: rewrites petition_item            a table the migration rewrites (one line each);
 *   -- liaowang: rewrites petition_item at 20000 rows/s   with the rate its estimate is made at
 *
 * and, while it runs, the notices its batches raise (`raise notice 'liaowang-progress %/%', done, total`).
 */
export type Rewrite = { table: string; rowsPerSecond: number };

/** Rows a rewrite gets through each second where the migration does not say (an UPDATE of a wide row on a modest server, with its indexes). */
export const DEFAULT_ROWS_PER_SECOND = 20_000;

const MARKER = /^--\s*liaowang:\s*rewrites\s+([a-z_][a-z0-9_]*)(?:\s+at\s+([1-9][0-9]*)\s*rows\/s)?\s*$/gm;
const PROGRESS = /^liaowang-progress\s+(\d+)\s*\/\s*(\d+)\s*$/;

export function rewriteMarkers(sql: string): Rewrite[] {
	return [...sql.matchAll(MARKER)].map((m) => ({ table: m[1], rowsPerSecond: m[2] ? Number(m[2]) : DEFAULT_ROWS_PER_SECOND }));
}

export function parseProgress(message: string): { done: number; total: number } | null {
	const m = PROGRESS.exec(message.trim());
	return m ? { done: Number(m[1]), total: Number(m[2]) } : null;
}

export const duration = (seconds: number) =>
	seconds < 60 ? `${Math.max(1, Math.round(seconds))} 秒` : seconds < 3600 ? `${Math.round(seconds / 60)} 分钟` : `${(seconds / 3600).toFixed(1)} 小时`;

/** Said before the migration starts: which table, how many rows, how long it may take. */
export function announceRewrite(migration: string, rewrite: Rewrite, rows: number, size: string): string {
	return `数据库迁移 ${migration} 将重写表 ${rewrite.table}（${rows} 行，${size}），预计约 ${duration(rows / rewrite.rowsPerSecond)}；期间该表被锁定，请勿中断`;
}

/** Said as its batches report: how far, how long so far, how long still (at the rate so far). */
export function progressLine(migration: string, done: number, total: number, elapsedMs: number): string {
	const share = total > 0 ? Math.min(1, done / total) : 1;
	const left = share > 0 ? ((elapsedMs / share) * (1 - share)) / 1000 : null;
	return `数据库迁移 ${migration}：${Math.floor(share * 100)}%（${done}/${total}），已用 ${duration(elapsedMs / 1000)}${left === null || share >= 1 ? '' : `，预计还需 ${duration(left)}`}`;
}
