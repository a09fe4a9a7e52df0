/**
 * Breach forecast: when an item under handling will probably be concluded, from how fast its unit
 * has concluded items lately, so "at risk" can show before the yellow light.
 *
 * Method, in words: take the unit's last `sample` concluded items and their days from acceptance
 * to conclusion. The item's remaining time is the median of those that took longer than it has
 * already run, minus what it has run. If the unit's backlog now is larger than its recent pace
 * clears in that median (Little's law: backlog ÷ conclusions per day), stretch the remaining time
 * by the ratio. An item that has outlived every sample is at risk without a date.
 */
import { currentClock, type Config, type ItemFacts } from './clocks.ts';
import { addDays, daysBetween, localDate } from './deadlines.ts';

/** One concluded item of the unit. */
export type Concluded = { acceptedAt: Date; concludedAt: Date };
export type UnitLoad = { concluded: Concluded[]; /** items of the unit now under handling, this one included */ openCount: number };
export type ForecastOptions = { sample: number; minSample: number; throughputDays: number };
export const DEFAULT_FORECAST: ForecastOptions = { sample: 20, minSample: 5, throughputDays: 90 };

export type Forecast = {
	/** Expected conclusion date; null when there is no basis (or the item outlived every sample). */
	expected: string | null;
	due: string | null;
	atRisk: boolean;
	sample: number;
	medianDays: number | null;
	elapsedDays: number | null;
	backlogFactor: number;
	explanation: string;
};

const median = (xs: number[]) => {
	const s = [...xs].sort((a, b) => a - b);
	const m = s.length >> 1;
	return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const r1 = (n: number) => Math.round(n * 10) / 10;

type Pace = { recent: number; durations: number[]; medianDays: number; perDay: number };
/** one unit's pace at an instant, worked out once for all its items (a page forecasts 2,000 items of some 1,000 units) */
const paces = new WeakMap<Concluded[], { at: number; options: ForecastOptions; pace: Pace }>();

/** The unit's recent conclusions: how many, their days from acceptance, the median, conclusions per day. */
function paceOf(concluded: Concluded[], now: Date, options: ForecastOptions): Pace {
	const memo = paces.get(concluded);
	if (memo && memo.at === now.getTime() && memo.options === options) return memo.pace;
	const done = concluded.filter((c) => c.concludedAt <= now).sort((a, b) => b.concludedAt.getTime() - a.concludedAt.getTime());
	const recent = done.slice(0, options.sample);
	const durations = recent.map((c) => daysBetween(localDate(c.acceptedAt), localDate(c.concludedAt)));
	const since = addDays(localDate(now), -options.throughputDays);
	const perDay = done.filter((c) => localDate(c.concludedAt) > since).length / options.throughputDays;
	const pace = { recent: recent.length, durations, medianDays: median(durations), perDay };
	paces.set(concluded, { at: now.getTime(), options, pace });
	return pace;
}

export function forecastConclusion(item: ItemFacts, unit: UnitLoad, now: Date, config: Config, options: ForecastOptions = DEFAULT_FORECAST): Forecast {
	const clock = currentClock(item, now, config, true); // its dates, not its wording
	const none = (explanation: string, extra: Partial<Forecast> = {}): Forecast => ({
		expected: null,
		due: clock.due,
		atRisk: false,
		sample: 0,
		medianDays: null,
		elapsedDays: null,
		backlogFactor: 1,
		explanation,
		...extra
	});
	if (clock.kind !== 'conclude' || !clock.start || !clock.due) return none('仅对办结时限运行中的事项预测');

	const { recent, durations, medianDays, perDay } = paceOf(unit.concluded, now, options);
	if (recent < options.minSample) return none(`该单位近期办结样本不足（${recent} 件，至少 ${options.minSample} 件）`, { sample: recent });

	const today = localDate(now);
	const elapsedDays = daysBetween(clock.start, today);
	const base = { sample: recent, medianDays, elapsedDays };

	const longer = durations.filter((d) => d > elapsedDays);
	if (longer.length === 0)
		return none(`本件已办 ${elapsedDays} 天，超过该单位近 ${recent} 件办结的最长用时，存在逾期风险`, { ...base, atRisk: true });

	const clearDays = perDay > 0 ? unit.openCount / perDay : Infinity;
	const backlogFactor = r1(Math.max(1, Math.min(clearDays / medianDays, 10)));
	const remaining = Math.max(1, Math.ceil((median(longer) - elapsedDays) * backlogFactor));
	const expected = addDays(today, remaining);
	const atRisk = expected > clock.due;

	const pace = backlogFactor > 1 ? `；在办 ${unit.openCount} 件、近 ${options.throughputDays} 天日均办结 ${r1(perDay)} 件，按积压放大 ${backlogFactor} 倍` : '';
	const explanation =
		`该单位近 ${recent} 件办结中位用时 ${medianDays} 天，本件已办 ${elapsedDays} 天${pace}；` +
		`预计 ${expected} 办结，期限 ${clock.due}，${atRisk ? '预计晚于期限，存在逾期风险' : '预计按期'}`;
	return { expected, due: clock.due, atRisk, ...base, backlogFactor, explanation };
}
