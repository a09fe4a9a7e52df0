import type { Sql } from '../db/connection.ts';
import { addDays } from '../../domain/deadlines.ts';
import { localDay, type VolumeSnapshot } from '../../screen/volume.ts';

const TREND_DAYS = 30;

/**
 * The screen's figures for a province or city, read from rollups (never the petition table)
 * together with the feed seq they are exact at: both in one repeatable-read transaction, and the
 * relay updates rollups and feed_state in one transaction, so the pair is consistent.
 */
export async function volumeSnapshot(sql: Sql, adcode: string, now = new Date()): Promise<VolumeSnapshot | null> {
	const today = localDay(now);
	const from = addDays(today, -(TREND_DAYS - 1));
	const monthStart = `${today.slice(0, 7)}-01`;
	const since = from < monthStart ? from : monthStart;
	return sql.begin('isolation level repeatable read read only', async (tx) => {
		// statements are prepared: after five runs Postgres may switch to a generic plan, which for
		// the rollup read below is a nested loop over every area, several times slower (bench/P4)
		await tx`set local plan_cache_mode = force_custom_plan`;
		const [region] = await tx<{ adcode: string; name: string; level: string; parent: string | null }[]>`
			select adcode, name, level, parent from region where adcode = ${adcode}`;
		if (!region) return null;
		const [state] = await tx<{ lastSeq: bigint }[]>`select last_seq as "lastSeq" from feed_state`;
		// a province or city is drawn by its children; a county is drawn alone, cut from its city's map
		const county = region.level === 'county';
		const areas = county
			? [{ adcode: region.adcode, name: region.name }]
			: await tx<{ adcode: string; name: string }[]>`select adcode, name from region where parent = ${adcode} order by adcode`;
		const depth = region.level === 'province' ? 2 : 3; // path index of the area an item counts in
		const rows = await tx<{ area: string; day: string; items: number }[]>`
			select r.path[${depth}] as area, d.day::text as day, sum(d.items)::integer as items
			  from rollup_daily d join region r on r.adcode = d.region
			 where d.day between ${since}::date and ${today}::date and ${adcode} = any(r.path)
			   and array_length(r.path, 1) >= ${depth}
			 group by 1, 2`;
		const todayByArea: Record<string, number> = {};
		const monthByArea: Record<string, number> = {};
		const perDay = new Map<string, number>();
		for (const a of areas) {
			todayByArea[a.adcode] = 0;
			monthByArea[a.adcode] = 0;
		}
		for (const row of rows) {
			if (row.day === today) todayByArea[row.area] = (todayByArea[row.area] ?? 0) + row.items;
			if (row.day >= monthStart) monthByArea[row.area] = (monthByArea[row.area] ?? 0) + row.items;
			perDay.set(row.day, (perDay.get(row.day) ?? 0) + row.items);
		}
		const trend = Array.from({ length: TREND_DAYS }, (_, i) => {
			const day = addDays(from, i);
			return { day, items: perDay.get(day) ?? 0 };
		});
		return {
			seq: Number(state.lastSeq),
			today,
			region: { adcode: region.adcode, name: region.name },
			map: county ? region.parent! : region.adcode,
			areas,
			todayByArea,
			monthByArea,
			trend
		};
	}) as Promise<VolumeSnapshot | null>;
}
