/**
 * The rates units are judged by, for a period of local dates, computed as of the period's end
 * (or `now`, if earlier): facts stamped later do not exist yet. Every rate carries its numerator
 * and denominator; the value is null when nothing was due, never NaN.
 *
 * Definitions (a locality can read exactly what is counted):
 * - 及时受理率: acceptance decided (受理, 不予受理 notice, or 告知 on diversion) in the period by its due
 *   date ÷ (decisions in the period + acceptances still open and overdue whose due date fell in the period).
 * - 按期办结率: the same for conclusion — open items already overdue count in the denominator.
 * - 群众满意率: (满意 + 基本满意) ÷ evaluated, among items concluded in the period.
 * - 参评率: evaluated ÷ concluded in the period.
 * - 网信占比: received in the period through an online channel (rules.onlineChannels) ÷ received.
 * - 重复信访率: received in the period that repeat an earlier item ÷ received.
 * - 一次性化解率: first-time items (not repeats) concluded in the period with no 复查 request and no
 *   later repeat petition (as known at evaluation) ÷ first-time items concluded in the period.
 *   Recent conclusions are provisional: their petitioners may still come back.
 */
import { clockSteps, type Config, type ItemFacts } from './clocks.ts';
import { addDays, localDate, startOfLocalDay } from './deadlines.ts';
import type { Channel, Satisfaction, UnitKind } from './vocabulary.ts';

export type RateItem = ItemFacts & {
	id: string | number;
	unitId: number | null;
	unitName?: string;
	unitKind: UnitKind | null;
	channel: Channel;
	/** This item repeats an earlier one (repeat_of is set). */
	isRepeat: boolean;
	/** A later item repeats this one. */
	repeatedLater?: boolean;
	satisfaction: Satisfaction | null;
};

/** Local dates, both included. */
export type Period = { from: string; to: string };
export type Rate = { numerator: number; denominator: number; value: number | null };

export const rateLabels = {
	timelyAcceptance: '及时受理率',
	onTimeConclusion: '按期办结率',
	satisfaction: '群众满意率',
	participation: '参评率',
	onlineShare: '网信占比',
	repeatRate: '重复信访率',
	firstTimeResolution: '一次性化解率'
} as const;
export type RateName = keyof typeof rateLabels;
export type RateSet = Record<RateName, Rate> & { received: number };

export const rate = (numerator: number, denominator: number): Rate => ({ numerator, denominator, value: denominator > 0 ? numerator / denominator : null });

/** The instant the period is judged at: 24:00 of its last day, or now if that is earlier. */
export function evaluationInstant(period: Period, now: Date): Date {
	const end = startOfLocalDay(addDays(period.to, 1));
	return now < end ? now : end;
}

/** Rates of a list of items (already filtered to a unit, region or kind) for a period. */
export function computeRates(items: RateItem[], period: Period, now: Date, config: Config): RateSet {
	const at = evaluationInstant(period, now);
	const start = startOfLocalDay(period.from);
	const today = localDate(at);
	// from 00:00 of the first day to the evaluation instant, never past 24:00 of the last day
	const inPeriod = (d: Date | null | undefined): d is Date => !!d && d >= start && d <= at && localDate(d) <= period.to;
	const tally = { accept: [0, 0], conclude: [0, 0] };
	let received = 0;
	let online = 0;
	let repeats = 0;
	let concluded = 0;
	let evaluated = 0;
	let content = 0;
	let firstTime = 0;
	let resolved = 0;

	for (const item of items) {
		for (const { clock, endedAt, onTime } of clockSteps(item, at, config)) {
			if (clock.kind !== 'accept' && clock.kind !== 'conclude') continue;
			const t = tally[clock.kind];
			if (endedAt && inPeriod(endedAt)) {
				t[1]++;
				if (onTime) t[0]++;
			} else if (!endedAt && clock.due && !clock.paused && clock.due < today && clock.due >= period.from) t[1]++;
		}
		if (inPeriod(item.receivedAt)) {
			received++;
			if (config.rules.onlineChannels.includes(item.channel)) online++;
			if (item.isRepeat) repeats++;
		}
		if (inPeriod(item.concludedAt)) {
			concluded++;
			if (item.satisfaction) {
				evaluated++;
				if (item.satisfaction !== 'unsatisfied') content++;
			}
			if (!item.isRepeat) {
				firstTime++;
				const reviewed = item.review?.requestedAt && item.review.requestedAt <= at;
				if (!reviewed && !item.repeatedLater) resolved++;
			}
		}
	}
	return {
		received,
		timelyAcceptance: rate(tally.accept[0], tally.accept[1]),
		onTimeConclusion: rate(tally.conclude[0], tally.conclude[1]),
		satisfaction: rate(content, evaluated),
		participation: rate(evaluated, concluded),
		onlineShare: rate(online, received),
		repeatRate: rate(repeats, received),
		firstTimeResolution: rate(resolved, firstTime)
	};
}

/** Rates overall and split 党委 / 行政 (items without a unit count only in `all`). */
export function ratesByKind(items: RateItem[], period: Period, now: Date, config: Config): Record<'all' | UnitKind, RateSet> {
	return {
		all: computeRates(items, period, now, config),
		party: computeRates(items.filter((i) => i.unitKind === 'party'), period, now, config),
		government: computeRates(items.filter((i) => i.unitKind === 'government'), period, now, config)
	};
}

export type LeagueRow = { unitId: number; unitName: string; unitKind: UnitKind | null; rate: Rate; volume: number; rank: number | null };

/**
 * A league table of units by one rate. Only units whose volume (the rate's denominator: what the
 * rate is computed on) reaches rules.minLeagueVolume are ranked; the rest are listed apart with
 * their volume, so one case does not make a champion. Equal values share a rank (1, 2, 2, 4).
 */
export function leagueTable(items: RateItem[], period: Period, now: Date, config: Config, by: RateName = 'onTimeConclusion'): { ranked: LeagueRow[]; belowMinimum: LeagueRow[] } {
	const units = new Map<number, RateItem[]>();
	for (const item of items) if (item.unitId !== null) units.set(item.unitId, [...(units.get(item.unitId) ?? []), item]);
	const rows: LeagueRow[] = [...units].map(([unitId, list]) => {
		const r = computeRates(list, period, now, config)[by];
		return { unitId, unitName: list[0].unitName ?? String(unitId), unitKind: list[0].unitKind, rate: r, volume: r.denominator, rank: null };
	});
	const ranked = rows
		.filter((r) => r.volume >= config.rules.minLeagueVolume && r.rate.value !== null)
		.sort((a, b) => b.rate.value! - a.rate.value! || b.volume - a.volume || a.unitId - b.unitId);
	ranked.forEach((row, i) => (row.rank = i > 0 && row.rate.value === ranked[i - 1].rate.value ? ranked[i - 1].rank : i + 1));
	const belowMinimum = rows.filter((r) => !ranked.includes(r)).sort((a, b) => b.volume - a.volume || a.unitId - b.unitId);
	return { ranked, belowMinimum };
}
