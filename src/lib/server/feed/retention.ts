import type { Sql } from '../db/connection.ts';

/**
 * Drops relayed outbox rows older than the retention window, a small batch per statement so
 * writers and the relay never wait on a long delete. Rows not yet relayed are never touched.
 * Returns how many rows went.
 */
export async function pruneOutbox(sql: Sql, options: { keepDays: number; batch?: number; maxBatches?: number }): Promise<number> {
	const { keepDays, batch = 5000, maxBatches = 200 } = options;
	let total = 0;
	for (let i = 0; i < maxBatches; i++) {
		const result = await sql`
			delete from outbox where id in (
				select id from outbox
				 where seq is not null and created_at < now() - make_interval(days => ${keepDays})
				 order by id limit ${batch})`;
		total += result.count;
		if (result.count < batch) break;
	}
	return total;
}
