import { regionInScope } from '../../domain/access.ts';
import type { RegionLevel } from '../../domain/vocabulary.ts';
import type { Sql } from '../db/connection.ts';

/** A region as the registration form lists it. */
export type RegionChoice = { adcode: string; name: string; level: RegionLevel; parent: string | null; path: string[] };
/** A unit as [id, name, region adcode, 系统/行业]: a province lists ~2,000 of them, so the page stays small. */
export type UnitChoice = [number, string, string, string];

/** What an account may register into: regions within its scope and the units there. */
export async function choicesWithin(sql: Sql, scope: string): Promise<{ regions: RegionChoice[]; units: UnitChoice[] }> {
	const [regions, units] = await Promise.all([
		sql<RegionChoice[]>`select adcode, name, level, parent, path from region where ${scope} = any(path) order by adcode`,
		sql<{ id: number; name: string; region: string; sector: string }[]>`
			select u.id, u.name, u.region, u.sector from unit u join region r on r.adcode = u.region
			 where ${scope} = any(r.path) order by u.region, u.id`
	]);
	return {
		regions: regions.filter((r) => regionInScope(scope, r.adcode)),
		units: units.filter((u) => regionInScope(scope, u.region)).map((u) => [u.id, u.name, u.region, u.sector])
	};
}
