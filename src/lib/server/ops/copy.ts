import type { Db } from '../db/connection.ts';

/** A table's stored columns in order (generated columns are computed again on the way in). */
export async function copyColumns(db: Db, table: string): Promise<string[]> {
	const rows = await db<{ name: string }[]>`
		select a.attname as name from pg_attribute a
		 where a.attrelid = ${'public.' + table}::regclass and a.attnum > 0 and not a.attisdropped and a.attgenerated = ''
		 order by a.attnum`;
	return rows.map((r) => r.name);
}
