import type { Sql } from '../db/connection.ts';

/** adcode → name for the given regions. */
export async function regionNames(sql: Sql, adcodes: string[]): Promise<Map<string, string>> {
	if (adcodes.length === 0) return new Map();
	const rows = await sql<{ adcode: string; name: string }[]>`select adcode, name from region where adcode = any(${sql.array(adcodes)})`;
	return new Map(rows.map((r) => [r.adcode, r.name]));
}

export type RegionLevel = 'province' | 'city' | 'county';

/** A region's level, or null when there is no region with that adcode (the check before a form names one). */
export async function regionLevel(sql: Sql, adcode: string): Promise<RegionLevel | null> {
	const [row] = await sql<{ level: RegionLevel }[]>`select level from region where adcode = ${adcode}`;
	return row?.level ?? null;
}
