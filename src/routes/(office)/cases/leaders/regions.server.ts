import type { Sql } from '$lib/server/db/connection.ts';

/** The regions a leader may be registered in: the scope and everything under it, in tree order. */
export function regionsUnder(sql: Sql, scope: string): Promise<{ adcode: string; name: string; level: string }[]> {
	return sql<{ adcode: string; name: string; level: string }[]>`
		select adcode, name, level from region r where ${scope} = any(r.path) order by path limit 400`;
}
