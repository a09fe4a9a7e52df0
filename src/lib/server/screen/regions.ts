import type { Sql } from '../db/connection.ts';

/** adcode → name for the given regions. */
export async function regionNames(sql: Sql, adcodes: string[]): Promise<Map<string, string>> {
	if (adcodes.length === 0) return new Map();
	const rows = await sql<{ adcode: string; name: string }[]>`select adcode, name from region where adcode = any(${sql.array(adcodes)})`;
	return new Map(rows.map((r) => [r.adcode, r.name]));
}
