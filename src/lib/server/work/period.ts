import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { addDays, localDate } from '../../domain/deadlines.ts';
import type { Period } from '../../domain/rates.ts';

/** A calendar date parameter (YYYY-MM-DD) that names a real day. */
export const isoDate = (label: string) =>
	v.pipe(
		v.string(),
		v.regex(/^\d{4}-\d{2}-\d{2}$/, `${label}应为 YYYY-MM-DD`),
		v.check((s) => !Number.isNaN(Date.parse(s)) && new Date(s).toISOString().slice(0, 10) === s, `${label}不是有效日期`)
	);

/** The statistics period of a page: this month so far unless given, at most a year, in order. */
export function periodOf(from: string | undefined, to: string | undefined, now: Date): Period {
	const today = localDate(now);
	const period = { from: from ?? `${today.slice(0, 7)}-01`, to: to ?? today };
	if (period.from > period.to) error(400, '开始日期不能晚于结束日期（参数 from）');
	if (addDays(period.from, 366) < period.to) error(400, '统计区间不能超过一年（参数 to）');
	return period;
}

/** Refuses a query string naming a parameter twice (which value would count?). */
export function refuseRepeated(url: URL): void {
	const repeated = [...new Set(url.searchParams.keys())].find((k) => url.searchParams.getAll(k).length > 1);
	if (repeated) error(400, `参数 ${repeated.slice(0, 40)} 重复`);
}

/**
 * A page's query parameters, one value per name, without a form action's name (`?/search`): a
 * page posted to without JavaScript renders at the action's URL, and its load must not take the
 * action for an unknown parameter.
 */
export function queryOf(url: URL): Record<string, string> {
	return Object.fromEntries([...url.searchParams].filter(([key]) => !key.startsWith('/')));
}
