import type { Db } from '../db/connection.ts';
import { addDays } from '../../domain/deadlines.ts';
import { emptyBucket, periodRanges, type Bucket, type PeriodKey } from '../../screen/wall.ts';

export const TREND_DAYS = 90;

/** `depth`: the path index of the area an item counts in (province view 2, city or county 3). */
export type View = { adcode: string; depth: number; today: string };

/** Items received per period (today, week, month and what they are compared with), from rollup_daily. */
export async function readPeriods(tx: Db, view: View): Promise<Record<PeriodKey, Bucket>> {
	const ranges = periodRanges(view.today);
	const keys = Object.keys(ranges) as PeriodKey[];
	const rows = await tx<{ key: PeriodKey; channel: string; category: string; items: number; persons: number; skipLevel: number; repeats: number; groupBatches: number; groupPersons: number }[]>`
		select b.key, d.channel, d.category, sum(d.items)::int as items, sum(d.persons)::int as persons,
		       sum(d.skip_level)::int as "skipLevel", sum(d.repeats)::int as repeats,
		       sum(d.group_batches)::int as "groupBatches", sum(d.group_persons)::int as "groupPersons"
		  from unnest(${keys}::text[], ${keys.map((k) => ranges[k].from)}::date[], ${keys.map((k) => ranges[k].to)}::date[]) as b(key, f, t)
		  join rollup_daily d on d.day between b.f and b.t
		  join region r on r.adcode = d.region
		 where ${view.adcode} = any(r.path) and array_length(r.path, 1) >= ${view.depth}
		 group by 1, 2, 3`;
	const periods = Object.fromEntries(keys.map((k) => [k, emptyBucket(ranges[k])])) as Record<PeriodKey, Bucket>;
	for (const row of rows) {
		const b = periods[row.key];
		b.items += row.items;
		b.persons += row.persons;
		b.skipLevel += row.skipLevel;
		b.repeats += row.repeats;
		b.groupBatches += row.groupBatches;
		b.groupPersons += row.groupPersons;
		b.channels[row.channel] = (b.channels[row.channel] ?? 0) + row.items;
		b.categories[row.category] = (b.categories[row.category] ?? 0) + row.items;
	}
	return periods;
}

/** Per area: today, this month, today's group visits and this month's 越级; and the 90-day trend. */
export async function readAreas(tx: Db, view: View, areas: string[]) {
	const from = addDays(view.today, -(TREND_DAYS - 1));
	const monthStart = `${view.today.slice(0, 7)}-01`;
	const since = from < monthStart ? from : monthStart;
	const rows = await tx<{ area: string; day: string; items: number; groups: number; skips: number }[]>`
		select r.path[${view.depth}] as area, d.day::text as day, sum(d.items)::int as items,
		       sum(d.group_batches)::int as groups, sum(d.skip_level)::int as skips
		  from rollup_daily d join region r on r.adcode = d.region
		 where d.day between ${since}::date and ${view.today}::date and ${view.adcode} = any(r.path)
		   and array_length(r.path, 1) >= ${view.depth}
		 group by 1, 2`;
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
		perDay.set(row.day, (perDay.get(row.day) ?? 0) + row.items);
	}
	const trend = Array.from({ length: TREND_DAYS }, (_, i) => {
		const day = addDays(from, i);
		return { day, items: perDay.get(day) ?? 0 };
	});
	return { todayByArea, monthByArea, groupsByArea, skipByArea, trend };
}
