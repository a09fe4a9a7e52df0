import { loadClockConfig } from '../clocks/config.ts';
import type { Sql } from '../db/connection.ts';
import { configDigest, refreshRateInputs } from './rate-inputs.ts';

/**
 * The rate inputs rebuilt in the background after a change of rules or calendar (migration 0163),
 * a chunk of items per transaction under the relay's lock (feed_state), so the live feed flows
 * between chunks instead of waiting for the whole build (some 100 s at 200,000 items).
 *
 * The rows are recomputed in place, in item order, each chunk moving the rollups by its rows'
 * differences, so rate_input and its rollups agree after every chunk. While the build runs, the
 * relay folds every change it stamps with the new rules (applyRateInputs), ahead of the chunks or
 * behind them: a refresh recomputes a row from the base tables, so computing one twice is
 * harmless, and a change a chunk did not see is stamped, and folded, after it. /rates reads row by
 * row until the last chunk sets the digest (rate_input_state.config is null meanwhile).
 *
 * An item's row also depends on the later items that repeat it (一次性化解), so a chunk refreshes
 * those too: every item a chunk has reached is then stored with the earlier item it repeats, and
 * a later change of that link refreshes the earlier item (applyRateInputs reads the stored link).
 */

export type RateInputsBuild = { finished: boolean; done: number; total: number };

/** One chunk of the rebuild (starting it, or starting over when the rules changed again meanwhile). */
export async function rebuildRateInputsChunk(sql: Sql, size = 1000): Promise<RateInputsBuild> {
	return (await sql.begin(async (tx) => {
		await tx`select 1 from feed_state for update`;
		const config = await loadClockConfig(tx);
		const digest = configDigest(config);
		const [state] = await tx<{ config: string | null; building: string | null; after: string | null; done: number; total: number }[]>`
			select config, building, building_after::text as after, building_done as done, building_total as total from rate_input_state`;
		if (state.config === digest && state.building === null) return { finished: true, done: state.done, total: state.total };
		let { after, done, total } = state;
		if (state.building !== digest || after === null) {
			const [{ n }] = await tx<{ n: number }[]>`select count(*)::int as n from petition_item`;
			[after, done, total] = ['0', 0, n];
			await tx`update rate_input_state set config = null, building = ${digest}, building_after = 0, building_done = 0, building_total = ${n}`;
		}
		// the next items, and the rows of items that are gone, in the order of their ids (as numbers: the last is where the next chunk starts)
		const ids = (
			await tx<{ id: string }[]>`
				select n::text as id from (
					(select id from petition_item where id > ${after}::bigint order by id limit ${size})
					union
					(select item_id from rate_input where item_id > ${after}::bigint order by item_id limit ${size})
				) next (n) order by n limit ${size}`
		).map((r) => r.id);
		if (ids.length === 0) {
			await tx`update rate_input_state set config = ${digest}, built_at = now(), building = null, building_after = null, building_done = ${done}`;
			return { finished: true, done, total };
		}
		const repeaters = await tx<{ id: string }[]>`select id::text from petition_item where repeat_of = any(${tx.array(ids)}::bigint[])`;
		await refreshRateInputs(tx, [...new Set([...ids, ...repeaters.map((r) => r.id)])], config);
		done += ids.length; // items, and rows of items gone
		total = Math.max(total, done);
		await tx`update rate_input_state set building_after = ${ids[ids.length - 1]}::bigint, building_done = ${done}, building_total = ${total}`;
		return { finished: false, done, total };
	})) as RateInputsBuild;
}

/** The build under way (or done): items done and to do, for /admin/status. */
export async function rateInputsProgress(sql: Sql): Promise<{ building: boolean; done: number; total: number }> {
	const [row] = await sql<{ building: boolean; done: number; total: number }[]>`
		select building is not null as building, building_done as done, building_total as total from rate_input_state`;
	return row ?? { building: false, done: 0, total: 0 };
}
