import type { Sql } from '../../db/connection.ts';
import { STALE_MS, type PreviewRow, type RowError } from './jobs.ts';
import { openRow } from './sealed-rows.ts';

export const ROWS_PER_PAGE = 50;
const ERRORS_SHOWN = 500;

export type JobStatus = 'previewed' | 'committing' | 'committed' | 'failed';
export type JobView = {
	id: string;
	fileName: string;
	status: JobStatus;
	total: number;
	errorRows: number;
	warningRows: number;
	processed: number;
	createdAt: string;
	committedAt: string | null;
	/** a commit that stopped reporting progress: its process died and the transaction rolled back */
	stale: boolean;
	errors: RowError[];
	ignored: string[];
};
export type RowFilter = 'all' | 'errors' | 'warnings';

/** A job of this account (another's is as good as missing). */
export async function jobOf(sql: Sql, userId: number, id: bigint): Promise<JobView | null> {
	const [job] = await sql<(Omit<JobView, 'stale'> & { updatedAt: Date })[]>`
		select id::text as id, file_name as "fileName", status, total_rows as total, error_rows as "errorRows",
		       warning_rows as "warningRows", processed_rows as processed, to_char(created_at, 'YYYY-MM-DD HH24:MI') as "createdAt",
		       to_char(committed_at, 'YYYY-MM-DD HH24:MI') as "committedAt", updated_at as "updatedAt",
		       jsonb_path_query_array(errors, ${`$[0 to ${ERRORS_SHOWN - 1}]`}::jsonpath) as errors,
		       coalesce(rows->'ignored', '[]') as ignored
		  from import_job where id = ${id} and user_id = ${userId}`;
	if (!job) return null;
	const { updatedAt, ...view } = job;
	return { ...view, stale: job.status === 'committing' && Date.now() - updatedAt.getTime() > STALE_MS };
}

/** One page of a previewed job's rows, all or only those with errors or warnings. */
export async function rowsOf(sql: Sql, id: bigint, filter: RowFilter, page: number): Promise<{ rows: PreviewRow[]; hasMore: boolean }> {
	const condition = {
		all: sql`true`,
		errors: sql`jsonb_array_length(r.value->'errors') > 0`,
		warnings: sql`jsonb_array_length(r.value->'warnings') > 0`
	}[filter];
	const found = await sql<{ row: PreviewRow }[]>`
		select r.value as row from import_job j, jsonb_array_elements(coalesce(j.rows->'rows', '[]')) with ordinality as r(value, n)
		 where j.id = ${id} and ${condition}
		 order by r.n limit ${ROWS_PER_PAGE + 1} offset ${(page - 1) * ROWS_PER_PAGE}`;
	return { rows: found.slice(0, ROWS_PER_PAGE).map((f) => openRow(f.row)), hasMore: found.length > ROWS_PER_PAGE };
}

/** After a commit: the 智能校对 warnings of the imported items, by kind. */
export function warningsOf(sql: Sql, id: bigint) {
	return sql<{ code: string; count: number }[]>`
		select w.code, count(*)::int as count from item_quality_warning w join petition_item i on i.id = w.item_id
		 where i.import_job_id = ${id} group by w.code order by count desc, w.code`;
}

/** The account's latest imports, for the page without a job. */
export function recentJobs(sql: Sql, userId: number) {
	return sql<{ id: string; fileName: string; status: JobStatus; total: number; createdAt: string }[]>`
		select id::text as id, file_name as "fileName", status, total_rows as total, to_char(created_at, 'YYYY-MM-DD HH24:MI') as "createdAt"
		  from import_job where user_id = ${userId} order by created_at desc, id desc limit 10`;
}
