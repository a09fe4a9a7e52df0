import { levelOf } from '$lib/domain/access.ts';
import type { Sql } from '$lib/server/db/connection.ts';

export const PAGE_SIZE = 50;

export type AuditRow = {
	id: string;
	at: string;
	username: string | null;
	displayName: string | null;
	action: string;
	target: string | null;
	detail: Record<string, unknown>;
	ip: string | null;
};

/** Digits of the adcode that name a scope: the same rule as regionInScope, in SQL so paging stays in the database. */
const PREFIX = { province: 2, city: 4, county: 6 } as const;

/**
 * One page of the log — live and archived alike (audit_log_all), newest first — within the reader's scope: entries of accounts whose scope
 * lies in it; entries with no account (failed sign-ins) only for a province-level reader.
 */
export async function auditPage(sql: Sql, scope: string, page: number, action: string | null) {
	const level = levelOf(scope);
	const n = PREFIX[level];
	const rows = await sql<AuditRow[]>`
		select a.id::text as id, to_char(a.at, 'YYYY-MM-DD HH24:MI:SS') as at, a.username, u.display_name as "displayName",
		       a.action, a.target, a.detail, a.ip
		  from audit_log_all a left join app_user u on u.id = a.user_id
		 where (case when u.id is null then ${level === 'province'}
		             else left(u.scope_region, ${n}) = left(${scope}, ${n}) end)
		   ${action ? sql`and a.action = ${action}` : sql``}
		 order by a.at desc, a.id desc
		 limit ${PAGE_SIZE + 1} offset ${(page - 1) * PAGE_SIZE}`;
	return { rows: rows.slice(0, PAGE_SIZE), hasMore: rows.length > PAGE_SIZE };
}
