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

/** The clocks the rates judge: acceptance and conclusion. */
const RATED_CLOCKS = ['accept', 'conclude'] as const;

/** What one item adds to each count of a period's rates (0 or 1 each). */
export type RateTally = {
	acceptOnTime: number;
	acceptDue: number;
	concludeOnTime: number;
	concludeDue: number;
	received: number;
	online: number;
	repeats: number;
	concluded: number;
	evaluated: number;
	content: number;
	firstTime: number;
	resolved: number;
};
// written out, not looped over keys: this runs for every item of a year of a province
const zero = (): RateTally => ({ acceptOnTime: 0, acceptDue: 0, concludeOnTime: 0, concludeDue: 0, received: 0, online: 0, repeats: 0, concluded: 0, evaluated: 0, content: 0, firstTime: 0, resolved: 0 });
function add(sum: RateTally, t: RateTally): void {
	sum.acceptOnTime += t.acceptOnTime;
	sum.acceptDue += t.acceptDue;
	sum.concludeOnTime += t.concludeOnTime;
	sum.concludeDue += t.concludeDue;
	sum.received += t.received;
	sum.online += t.online;
	sum.repeats += t.repeats;
	sum.concluded += t.concluded;
	sum.evaluated += t.evaluated;
	sum.content += t.content;
	sum.firstTime += t.firstTime;
	sum.resolved += t.resolved;
}

/** An item's contribution to a period's counts. */
export type TallyOf = (item: RateItem) => RateTally;

/**
 * Each item's contribution worked out once for one period, instant and config, so a page that
 * rates the same items overall, by kind and per unit runs each item's clocks once.
 */
export function tallyMemo(period: Period, now: Date, config: Config): TallyOf {
	const at = evaluationInstant(period, now);
	const start = startOfLocalDay(period.from);
	const today = localDate(at);
	// from 00:00 of the first day to the evaluation instant, never past 24:00 of the last day
	const inPeriod = (d: Date | null | undefined): d is Date => !!d && d >= start && d <= at && localDate(d) <= period.to;
	const memo = new Map<RateItem, RateTally>();
	return (item) => {
		const known = memo.get(item);
		if (known) return known;
		const t = zero();
		for (const { clock, endedAt, onTime } of clockSteps(item, at, config, { kinds: RATED_CLOCKS, brief: true })) {
			const [onTimeKey, dueKey] = clock.kind === 'accept' ? (['acceptOnTime', 'acceptDue'] as const) : (['concludeOnTime', 'concludeDue'] as const);
			if (endedAt && inPeriod(endedAt)) {
				t[dueKey]++;
				if (onTime) t[onTimeKey]++;
			} else if (!endedAt && clock.due && !clock.paused && clock.due < today && clock.due >= period.from) t[dueKey]++;
		}
		if (inPeriod(item.receivedAt)) {
			t.received = 1;
			if (config.rules.onlineChannels.includes(item.channel)) t.online = 1;
			if (item.isRepeat) t.repeats = 1;
		}
		if (inPeriod(item.concludedAt)) {
			t.concluded = 1;
			if (item.satisfaction) {
				t.evaluated = 1;
				if (item.satisfaction !== 'unsatisfied') t.content = 1;
			}
			if (!item.isRepeat) {
				t.firstTime = 1;
				const reviewed = item.review?.requestedAt && item.review.requestedAt <= at;
				if (!reviewed && !item.repeatedLater) t.resolved = 1;
			}
		}
		memo.set(item, t);
		return t;
	};
}

/** Rates of a list of items (already filtered to a unit, region or kind) for a period. */
export function computeRates(items: RateItem[], period: Period, now: Date, config: Config, tallyOf: TallyOf = tallyMemo(period, now, config)): RateSet {
	const sum = zero();
	for (const item of items) add(sum, tallyOf(item));
	return rateSetOf(sum);
}

/** A period's counts added up (the rate inputs' rollups hand them over already summed). */
export const emptyTally = zero;
export const addTally = add;

/** The rates of summed counts. */
export function rateSetOf(sum: RateTally): RateSet {
	return {
		received: sum.received,
		timelyAcceptance: rate(sum.acceptOnTime, sum.acceptDue),
		onTimeConclusion: rate(sum.concludeOnTime, sum.concludeDue),
		satisfaction: rate(sum.content, sum.evaluated),
		participation: rate(sum.evaluated, sum.concluded),
		onlineShare: rate(sum.online, sum.received),
		repeatRate: rate(sum.repeats, sum.received),
		firstTimeResolution: rate(sum.resolved, sum.firstTime)
	};
}

/** Rates overall and split 党委 / 行政 (items without a unit count only in `all`). */
export function ratesByKind(items: RateItem[], period: Period, now: Date, config: Config, tallyOf: TallyOf = tallyMemo(period, now, config)): Record<'all' | UnitKind, RateSet> {
	return {
		all: computeRates(items, period, now, config, tallyOf),
		party: computeRates(items.filter((i) => i.unitKind === 'party'), period, now, config, tallyOf),
		government: computeRates(items.filter((i) => i.unitKind === 'government'), period, now, config, tallyOf)
	};
}

export type LeagueRow = { unitId: number; unitName: string; unitKind: UnitKind | null; rate: Rate; volume: number; rank: number | null };

/**
 * A league table of units by one rate. Only units whose volume (the rate's denominator: what the
 * rate is computed on) reaches rules.minLeagueVolume are ranked; the rest are listed apart with
 * their volume, so one case does not make a champion. Equal values share a rank (1, 2, 2, 4).
 */
export function leagueTable(
	items: RateItem[],
	period: Period,
	now: Date,
	config: Config,
	by: RateName = 'onTimeConclusion',
	tallyOf: TallyOf = tallyMemo(period, now, config)
): { ranked: LeagueRow[]; belowMinimum: LeagueRow[] } {
	const units = new Map<number, RateItem[]>();
	for (const item of items) {
		if (item.unitId === null) continue;
		const list = units.get(item.unitId);
		if (list) list.push(item);
		else units.set(item.unitId, [item]);
	}
	return leagueOf(
		[...units].map(([unitId, list]) => {
			const sum = zero();
			for (const item of list) add(sum, tallyOf(item));
			return { unitId, unitName: list[0].unitName ?? String(unitId), unitKind: list[0].unitKind, tally: sum };
		}),
		config,
		by
	);
}

/** The league of units whose counts are already summed: every unit given is listed, ranked or apart. */
export function leagueOf(units: { unitId: number; unitName: string; unitKind: UnitKind | null; tally: RateTally }[], config: Config, by: RateName): { ranked: LeagueRow[]; belowMinimum: LeagueRow[] } {
	const rows: LeagueRow[] = units.map(({ unitId, unitName, unitKind, tally }) => {
		const r = rateSetOf(tally)[by];
		return { unitId, unitName, unitKind, rate: r, volume: r.denominator, rank: null };
	});
	const ranked = rows
		.filter((r) => r.volume >= config.rules.minLeagueVolume && r.rate.value !== null)
		.sort((a, b) => b.rate.value! - a.rate.value! || b.volume - a.volume || a.unitId - b.unitId);
	ranked.forEach((row, i) => (row.rank = i > 0 && row.rate.value === ranked[i - 1].rate.value ? ranked[i - 1].rank : i + 1));
	const belowMinimum = rows.filter((r) => !ranked.includes(r)).sort((a, b) => b.volume - a.volume || a.unitId - b.unitId);
	return { ranked, belowMinimum };
}

/**
 * What an item adds to the rates, day by day, once its facts are all in (the rate inputs the
 * /rates rollups are made of). Read as of any instant at or after `factsUntil`, the item adds
 * exactly these counts on these days, except for a clock still open: that one counts as overdue
 * on the days after `openDue`. An item that could read otherwise is `live` (an open pause; a day
 * outside the year after its receipt or after its conclusion) and is always read row by row, as
 * is any item with a fact later than the instant a period is judged at.
 */
export type RateInput = {
	factsUntil: Date;
	live: boolean;
	receivedDay: string;
	online: boolean;
	isRepeat: boolean;
	concludedDay: string | null;
	evaluated: boolean;
	content: boolean;
	firstTime: boolean;
	resolved: boolean;
	acceptDay: string | null;
	acceptOnTime: boolean;
	acceptOpenDue: string | null;
	concludeDay: string | null;
	concludeOnTime: boolean;
	concludeOpenDue: string | null;
};

/** The latest instant among an item's dated facts: read at or after it, nothing is hidden. */
export function factsUntil(item: ItemFacts): Date {
	let last = item.receivedAt.getTime();
	const see = (d: Date | null | undefined) => {
		if (d && d.getTime() > last) last = d.getTime();
	};
	for (const d of [item.routedAt, item.acceptedAt, item.rejectedAt, item.concludedAt, item.reopenedAt, item.repliedAt, item.closedAt, item.divertedAt]) see(d);
	for (const e of item.extensions ?? []) see(e.at);
	for (const p of item.pauses ?? []) {
		see(p.from);
		see(p.to);
	}
	for (const a of [item.review, item.recheck]) if (a) for (const d of [a.requestedAt, a.decidedAt, a.repliedAt]) see(d);
	return new Date(last);
}

export function rateInput(item: RateItem, config: Config): RateInput {
	const until = factsUntil(item);
	const receivedDay = localDate(item.receivedAt);
	const concludedDay = item.concludedAt ? localDate(item.concludedAt) : null;
	const out: RateInput = {
		factsUntil: until,
		live: false,
		receivedDay,
		online: config.rules.onlineChannels.includes(item.channel),
		isRepeat: item.isRepeat,
		concludedDay,
		evaluated: !!concludedDay && !!item.satisfaction,
		content: !!concludedDay && !!item.satisfaction && item.satisfaction !== 'unsatisfied',
		firstTime: !!concludedDay && !item.isRepeat,
		resolved: !!concludedDay && !item.isRepeat && !item.review?.requestedAt && !item.repeatedLater,
		acceptDay: null,
		acceptOnTime: false,
		acceptOpenDue: null,
		concludeDay: null,
		concludeOnTime: false,
		concludeOpenDue: null
	};
	for (const { clock, endedAt, onTime } of clockSteps(item, until, config, { kinds: RATED_CLOCKS, brief: true })) {
		const accept = clock.kind === 'accept';
		if (endedAt) {
			if (accept) [out.acceptDay, out.acceptOnTime] = [localDate(endedAt), !!onTime];
			else [out.concludeDay, out.concludeOnTime] = [localDate(endedAt), !!onTime];
		} else if (clock.paused) out.live = true;
		else if (clock.due) {
			if (accept) out.acceptOpenDue = clock.due;
			else out.concludeOpenDue = clock.due;
		}
	}
	if ((item.pauses ?? []).some((p) => !p.to)) out.live = true;
	// every day the item counts on lies within the year after its receipt and not after its
	// conclusion, which is what lets a period's reader skip the items it does not select
	const lastDay = addDays(receivedDay, 366);
	for (const day of [out.acceptDay, out.concludeDay, concludedDay, out.acceptOpenDue, out.concludeOpenDue])
		if (day && (day < receivedDay || day > lastDay || (concludedDay && day > concludedDay))) out.live = true;
	if (concludedDay && (out.acceptOpenDue || out.concludeOpenDue)) out.live = true;
	return out;
}
