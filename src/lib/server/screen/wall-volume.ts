import type { Db } from '../db/connection.ts';
import { addDays } from '../../domain/deadlines.ts';
import { emptyBucket, periodRanges, type Bucket, type PeriodKey } from '../../screen/wall.ts';

export const TREND_DAYS = 90;
// named, so each period's rows are three index ranges (dim, then day) rather than the region's whole year
const DIMS = ['all', 'channel', 'category'];

/**
 * Where the wall's figures come from: the rollups the relay keeps (always, on the wall), or their
 * `*_truth` views, the same questions as GROUP BY over petition_item (the P4 benchmark's baseline
 * and the exactness check).
 */
export type Source = { area: 'rollup_area' | 'rollup_area_truth'; state: 'rollup_state' | 'rollup_state_truth' };
export const ROLLUPS: Source = { area: 'rollup_area', state: 'rollup_state' };
export const BASE_TABLE: Source = { area: 'rollup_area_truth', state: 'rollup_state_truth' };

/** `depth`: the path index of the area an item counts in (province view 2, city or county 3). */
export type View = { adcode: string; depth: number; today: string; source: Source };

/** Items received per period (today, week, month and what they are compared with), from the region's own rollup_area rows. */
export async function readPeriods(tx: Db, view: View): Promise<Record<PeriodKey, Bucket>> {
	const ranges = periodRanges(view.today);
	const keys = Object.keys(ranges) as PeriodKey[];
	// one index range per period (and dim): a lateral read touches only the period's own days
	const rows = await tx<{ period: PeriodKey; dim: 'all' | 'channel' | 'category'; key: string; items: number; persons: number; skipLevel: number; repeats: number; groupBatches: number; groupPersons: number }[]>`
		select b.period, s.*
		  from unnest(${keys}::text[], ${keys.map((k) => ranges[k].from)}::date[], ${keys.map((k) => ranges[k].to)}::date[]) as b(period, f, t)
		 cross join lateral (
			select a.dim, a.key, sum(a.items)::int as items, sum(a.persons)::int as persons,
			       sum(a.skip_level)::int as "skipLevel", sum(a.repeats)::int as repeats,
			       sum(a.group_batches)::int as "groupBatches", sum(a.group_persons)::int as "groupPersons"
			  from ${tx(view.source.area)} a
			 where a.adcode = ${view.adcode} and a.dim = any(${DIMS}::text[]) and a.day between b.f and b.t
			 group by 1, 2) s`;
	const periods = Object.fromEntries(keys.map((k) => [k, emptyBucket(ranges[k])])) as Record<PeriodKey, Bucket>;
	for (const row of rows) {
		// a cell the relay has counted up and down again is a zero row: the same as no row
		if (!row.items && !row.persons && !row.skipLevel && !row.repeats && !row.groupBatches) continue;
		const b = periods[row.period];
		if (row.dim === 'channel') b.channels[row.key] = row.items;
		else if (row.dim === 'category') b.categories[row.key] = row.items;
		else {
			b.items = row.items;
			b.persons = row.persons;
			b.skipLevel = row.skipLevel;
			b.repeats = row.repeats;
			b.groupBatches = row.groupBatches;
			b.groupPersons = row.groupPersons;
		}
	}
	return periods;
}

/** Per area: today, this month, today's group visits and this month's 越级; and the 90-day trend. */
export async function readAreas(tx: Db, view: View, areas: string[]) {
	const from = addDays(view.today, -(TREND_DAYS - 1));
	const monthStart = `${view.today.slice(0, 7)}-01`;
	const since = from < monthStart ? from : monthStart;
	const rows = await tx<{ area: string; day: string; items: number; groups: number; skips: number }[]>`
		select a.adcode as area, a.day::text as day, a.items, a.group_batches as groups, a.skip_level as skips
		  from ${tx(view.source.area)} a
		 where a.adcode = any(${areas}::text[]) and a.dim = 'all' and a.day between ${since}::date and ${view.today}::date`;
	const zero = () => Object.fromEntries(areas.map((a) => [a, 0])) as Record<string, number>;
	const todayByArea = zero();
	const monthByArea = zero();
	const groupsByArea = zero();
	const skipByArea = zero();
	const perDay = new Map<string, number>();
	for (const row of rows) {
		if (row.day === view.today) {
			todayByArea[row.area] += row.items;
			groupsByArea[row.area] += row.groups;
		}
		if (row.day >= monthStart) {
			monthByArea[row.area] += row.items;
			skipByArea[row.area] += row.skips;
		}
		if (row.day >= from) perDay.set(row.day, (perDay.get(row.day) ?? 0) + row.items);
	}
	const trend = Array.from({ length: TREND_DAYS }, (_, i) => {
		const day = addDays(from, i);
		return { day, items: perDay.get(day) ?? 0 };
	});
	return { todayByArea, monthByArea, groupsByArea, skipByArea, trend };
}
