import type { Sql } from '$lib/server/db/connection.ts';

export type RuleVersionRow = { version: number; note: string; createdAt: Date; by: string | null };

/** The latest versions of the rules, newest first, with who saved each (none for the statutory defaults). */
export function ruleHistory(sql: Sql, limit = 50): Promise<RuleVersionRow[]> {
	return sql<RuleVersionRow[]>`
		select s.version, s.note, s.created_at as "createdAt", u.display_name as by
		  from rule_set s left join app_user u on u.id = s.created_by order by s.version desc limit ${limit}`;
}
