/**
 * The generated window and how many items each local day gets. Kept apart from the item loop
 * because the edges are fiddly: the window starts at `now − months` to the second (as Postgres'
 * `now() - interval '6 months'` counts, in local time), so the first and last days are partial.
 */
import { addDays, daysBetween, localDate, startOfLocalDay } from '../../domain/deadlines.ts';
import { dayVolumeWeight } from './shape.ts';
import type { Random } from './random.ts';
import { addMonthsClamped, fromLocalWall, localWall } from '../../time.ts';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** `now` minus whole calendar months in local time; a missing day clamps to the month's end. */
export const monthsBefore = (now: Date, months: number): Date => fromLocalWall(addMonthsClamped(localWall(now), -months));

/** Share of a day's traffic between two local seconds: office hours count fully, the rest a little. */
function activity(fromSecond: number, toSecond: number): number {
	const density = (s: number) => (s >= 8.5 * 3600 && s < 17.5 * 3600 ? 1 : 0.12);
	let sum = 0;
	for (let s = fromSecond; s < toSecond; s += 300) sum += density(s) * Math.min(300, toSecond - s);
	return sum;
}
const WHOLE_DAY = activity(0, 86_400);

export type Day = { date: string; index: number; progress: number; from: number; to: number; count: number };

/**
 * The days of the window with their item counts: each day's weight (weekday, season, holidays)
 * times the part of it inside the window, a little day-to-day noise, and the total split by
 * largest remainder so the counts add up to exactly `items`.
 */
export function planDays(now: Date, months: number, items: number, rng: Random): Day[] {
	const start = monthsBefore(now, months).getTime();
	const end = now.getTime();
	const first = localDate(new Date(start));
	const span = Math.max(1, daysBetween(first, localDate(now)));
	const days: Day[] = [];
	for (let index = 0, date = first; index <= span; index++, date = addDays(date, 1)) {
		const midnight = startOfLocalDay(date).getTime();
		const from = Math.max(start, midnight);
		const to = Math.min(end, midnight + DAY);
		days.push({ date, index, progress: index / span, from, to, count: 0 });
	}
	const weights = days.map((d) => {
		const covered = activity((d.from - startOfLocalDay(d.date).getTime()) / 1000, (d.to - startOfLocalDay(d.date).getTime()) / 1000);
		return dayVolumeWeight(d.date) * (covered / WHOLE_DAY) * Math.exp(rng.normal(0, 0.07));
	});
	const total = weights.reduce((a, b) => a + b, 0);
	const exact = weights.map((w) => (w / total) * items);
	days.forEach((d, i) => (d.count = Math.floor(exact[i])));
	const remainders = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
	let left = items - days.reduce((a, d) => a + d.count, 0);
	for (const [, i] of remainders) {
		if (left-- <= 0) break;
		days[i].count++;
	}
	return days;
}
