import { regionInScope, type Role } from '$lib/domain/access.ts';
import type { Sql } from '$lib/server/db/connection.ts';

/** One row of the account list. */
export type Account = {
	id: number;
	username: string;
	displayName: string;
	role: Role;
	scope: string;
	scopeName: string;
	unitId: number | null;
	unitName: string | null;
	screenName: string | null;
	/** a unit account marked 单位负责人 (may approve its unit's extensions) */
	unitHead: boolean;
	disabled: boolean;
	lastSignIn: string | null;
};

/**
 * The accounts whose scope lies within `scope`. Accounts are few (one per person or screen),
 * so the scope rule is applied in code, by the same regionInScope every action uses.
 */
export async function accountsWithin(sql: Sql, scope: string): Promise<Account[]> {
	const rows = await sql<Account[]>`
		select u.id, u.username, u.display_name as "displayName", u.role, u.scope_region as scope, r.name as "scopeName",
		       u.unit_id as "unitId", un.name as "unitName", u.screen_name as "screenName", u.unit_head as "unitHead",
		       u.disabled_at is not null as disabled, to_char(s.at, 'YYYY-MM-DD HH24:MI') as "lastSignIn"
		  from app_user u
		  join region r on r.adcode = u.scope_region
		  left join unit un on un.id = u.unit_id
		  left join (select user_id, max(at) as at from audit_log_all
		              where action = 'auth.sign_in' and user_id is not null group by user_id) s on s.user_id = u.id
		 order by u.scope_region, u.role, u.username`;
	return rows.filter((row) => regionInScope(scope, row.scope));
}

/** Regions an admin may assign: their own scope and below. */
export async function regionsWithin(sql: Sql, scope: string) {
	const rows = await sql<{ adcode: string; name: string; level: 'province' | 'city' | 'county' }[]>`
		select adcode, name, level from region order by adcode`;
	return rows.filter((row) => regionInScope(scope, row.adcode));
}

/** Units an admin may assign, as [id, name, region] to keep the page small (a province has ~2000). */
export async function unitsWithin(sql: Sql, scope: string): Promise<[number, string, string][]> {
	const rows = await sql<{ id: number; name: string; region: string }[]>`select id, name, region from unit order by region, id`;
	return rows.filter((row) => regionInScope(scope, row.region)).map((row) => [row.id, row.name, row.region]);
}
