import type { Principal } from '../../domain/access.ts';
import type { RegionRow, UnitRow } from '../../domain/region-tree.ts';
import type { Sql } from '../db/connection.ts';

/** The regions inside a scope (the scope's own region and everything under it), for a region picker. */
export function regionsInScope(sql: Sql, scope: string): Promise<RegionRow[]> {
	return sql<RegionRow[]>`select adcode, name, level, parent from region where ${scope} = any(path) order by adcode`;
}

/** The units an account may filter by: every unit in its scope (a unit account: itself). */
export function unitsInScope(sql: Sql, user: Principal): Promise<UnitRow[]> {
	return sql<UnitRow[]>`
		select u.id, u.name, u.region from unit u join region r on r.adcode = u.region
		 where ${user.scope} = any(r.path) ${user.role === 'unit' ? sql`and u.id = ${user.unitId}` : sql``}
		 order by u.region, u.name`;
}
