/**
 * Status progression: each item's whole future is planned at receipt (when it will be routed,
 * accepted, concluded, evaluated …), then cut at `now`. Age therefore decides the status the way
 * it does in an office: last week's items are still being routed, items older than ~90 days are
 * mostly 办结, and the few that stall become the overdue backlog (积案) the wall shows in red.
 */
import type { Category, ItemType, Status } from '../../domain/vocabulary.ts';
import { CONCLUDE_DAYS } from '../../domain/deadlines.ts';
import { weightTable, type Random } from './random.ts';
import { UTC_OFFSET_MS } from '../../time.ts';

export type Track = 'petition' | 'litigation' | 'arbitration' | 'party' | 'administrative' | 'duty';
export type Outcome = 'support' | 'explain' | 'reject';
export type Satisfaction = 'satisfied' | 'basic' | 'unsatisfied';

/** When each step happened, in ms since the epoch; a missing step has not happened (yet). */
export type Lifecycle = {
	track: Track;
	routedAt?: number;
	divertedAt?: number;
	rejectedAt?: number;
	acceptedAt?: number;
	handlingAt?: number;
	extendedAt?: number;
	extendedDays: number;
	concludedAt?: number;
	outcome?: Outcome;
	evaluatedAt?: number;
	satisfaction?: Satisfaction;
	reviewAt?: number;
	reviewDecidedAt?: number;
	recheckAt?: number;
	closedAt?: number;
};

const MINUTE = 60_000;
const DAY = 86_400_000;

/**
 * An instant in office hours `days` local days after `after` (weekends roll to Monday), never
 * before `after`. Day arithmetic on numbers, not date strings: this runs a million times.
 */
export function officeInstant(rng: Random, after: number, days: number): number {
	let day = Math.floor((after + UTC_OFFSET_MS) / DAY) + days; // local day number since 1970-01-01, a Thursday
	const dow = (day + 4) % 7;
	if (dow === 6) day += 2;
	else if (dow === 0) day += 1;
	const second = rng.chance(0.55) ? rng.int(8.5 * 3600, 12 * 3600 - 1) : rng.int(13.5 * 3600, 17.5 * 3600 - 1);
	const at = day * DAY - UTC_OFFSET_MS + second * 1000;
	return at > after + 5 * MINUTE ? at : after + rng.int(5, 90) * MINUTE;
}

const ROUTE_DELAY = weightTable<[number, number]>([[[0, 3], 70], [[4, 10], 25], [[11, 15], 4], [[16, 30], 1]]);
const ACCEPT_DELAY = weightTable<[number, number]>([[[1, 5], 60], [[6, 12], 30], [[13, 15], 7], [[16, 25], 3]]);
const days = (rng: Random, table: typeof ROUTE_DELAY) => {
	const [min, max] = rng.weighted(table);
	return rng.int(min, max);
};

/** 诉访分离: where a 申诉求决类 item leaves the petition procedure, and how often. */
export function diversion(category: Category, type: ItemType): [Track, number] | null {
	if (category === 'discipline') return ['party', 0.08];
	if (type !== 'appeal') return null;
	if (category === 'legal') return ['litigation', 0.55];
	if (category === 'labour') return ['arbitration', 0.06];
	if (category === 'land' || category === 'housing') return ['administrative', 0.03];
	return ['duty', 0.02];
}

const OUTCOME_DEFAULT = weightTable<Outcome>({ support: 32, explain: 53, reject: 15 });
const OUTCOME_BY_CATEGORY: Partial<Record<Category, typeof OUTCOME_DEFAULT>> = {
	labour: weightTable<Outcome>({ support: 45, explain: 45, reject: 10 }),
	legal: weightTable<Outcome>({ support: 20, explain: 55, reject: 25 }),
	other: weightTable<Outcome>({ support: 20, explain: 55, reject: 25 })
};
const SATISFACTION = {
	support: weightTable<Satisfaction>({ satisfied: 80, basic: 17, unsatisfied: 3 }),
	explain: weightTable<Satisfaction>({ satisfied: 60, basic: 31, unsatisfied: 9 }),
	reject: weightTable<Satisfaction>({ satisfied: 30, basic: 38, unsatisfied: 32 })
};

/** 信访处理意见书: 支持 / 解释说明 / 不予支持, by category. */
export const drawOutcome = (rng: Random, category: Category) => rng.weighted(OUTCOME_BY_CATEGORY[category] ?? OUTCOME_DEFAULT);
/** The petitioner's evaluation follows the outcome: a 不予支持 is often 不满意. */
export const drawSatisfaction = (rng: Random, outcome: Outcome) => rng.weighted(SATISFACTION[outcome]);

/** Knobs the tests and the report refer to. */
export const LIFECYCLE = {
	stallAtRegistration: 0.004,
	stallAtAcceptance: 0.003,
	/** accepted but never concluded: the backlog; hard items (group, repeat, 越级) stall more */
	stallInHandling: 0.025,
	stallInHandlingHard: 0.06,
	reject: 0.05,
	extension: 0.07,
	evaluated: 0.82,
	reviewWhenUnsatisfied: 0.3,
	recheckAfterReview: 0.35
};

/** Plans an item's whole life from its receipt. */
export function planLifecycle(rng: Random, receivedAt: number, category: Category, type: ItemType, hard: boolean): Lifecycle {
	const life: Lifecycle = { track: 'petition', extendedDays: 0 };
	if (rng.chance(LIFECYCLE.stallAtRegistration)) return life;
	const step = officeInstant(rng, receivedAt, days(rng, ROUTE_DELAY));
	const divert = diversion(category, type);
	if (divert && rng.chance(divert[1])) return { ...life, track: divert[0], divertedAt: step };
	life.routedAt = step;

	if (rng.chance(LIFECYCLE.stallAtAcceptance)) return life;
	const decided = officeInstant(rng, step, days(rng, ACCEPT_DELAY));
	if (rng.chance(category === 'other' || category === 'legal' ? 2 * LIFECYCLE.reject : LIFECYCLE.reject))
		return { ...life, rejectedAt: decided };
	life.acceptedAt = decided;
	life.handlingAt = officeInstant(rng, decided, rng.int(0, 2));

	if (rng.chance(hard ? LIFECYCLE.stallInHandlingHard : LIFECYCLE.stallInHandling)) return life;
	let duration: number;
	if (rng.chance(LIFECYCLE.extension)) {
		life.extendedDays = rng.pick([15, 20, 30]);
		life.extendedAt = officeInstant(rng, Math.max(life.handlingAt, decided + 45 * DAY), rng.int(0, 10));
		duration = rng.int(CONCLUDE_DAYS - 2, CONCLUDE_DAYS + life.extendedDays);
	} else {
		// lognormal around four weeks; about 3 % run past the 60-day limit
		duration = Math.round(Math.min(150, Math.max(3, 26 * Math.exp(rng.normal(0, 0.45)))));
	}
	const concluded = officeInstant(rng, decided, duration);
	life.concludedAt = Math.max(concluded, (life.extendedAt ?? life.handlingAt) + rng.int(10, 240) * MINUTE);
	life.outcome = drawOutcome(rng, category);

	if (!rng.chance(LIFECYCLE.evaluated)) return life;
	life.evaluatedAt = officeInstant(rng, life.concludedAt, rng.int(1, 10));
	life.satisfaction = drawSatisfaction(rng, life.outcome);
	if (life.satisfaction !== 'unsatisfied' || !rng.chance(LIFECYCLE.reviewWhenUnsatisfied)) return life;

	// 复查 asked within 30 days of the reply and decided within 30; then 复核 the same way, or 终结
	life.reviewAt = officeInstant(rng, life.evaluatedAt, rng.int(3, 25));
	life.reviewDecidedAt = officeInstant(rng, life.reviewAt, rng.int(10, 30));
	if (rng.chance(LIFECYCLE.recheckAfterReview)) {
		life.recheckAt = officeInstant(rng, life.reviewDecidedAt, rng.int(3, 25));
		life.closedAt = officeInstant(rng, life.recheckAt, rng.int(10, 30));
	} else {
		life.closedAt = life.reviewDecidedAt + 30 * DAY;
	}
	return life;
}

/** The steps after 登记, in the order they happen, named by the field that times them. */
export const STEPS = [
	'divertedAt', 'routedAt', 'rejectedAt', 'acceptedAt', 'handlingAt', 'extendedAt', 'concludedAt',
	'evaluatedAt', 'reviewAt', 'reviewDecidedAt', 'recheckAt', 'closedAt'
] as const;
export type Step = (typeof STEPS)[number];

/** The life as seen at `now`: later steps have not happened, and what depends on them is unknown. */
export function lifecycleAt(plan: Lifecycle, now: number): Lifecycle {
	const life: Lifecycle = { ...plan };
	for (const step of STEPS) if (life[step] !== undefined && life[step] > now) delete life[step];
	if (life.divertedAt === undefined) life.track = 'petition';
	if (life.extendedAt === undefined) life.extendedDays = 0;
	if (life.concludedAt === undefined) delete life.outcome;
	if (life.evaluatedAt === undefined) delete life.satisfaction;
	return life;
}

/** The status the item is in after its last step. */
export function statusOf(life: Lifecycle): Status {
	if (life.closedAt !== undefined) return 'closed';
	if (life.recheckAt !== undefined) return 'recheck';
	if (life.reviewAt !== undefined) return 'review';
	if (life.concludedAt !== undefined) return 'concluded';
	if (life.handlingAt !== undefined) return 'handling';
	if (life.acceptedAt !== undefined) return 'accepted';
	if (life.rejectedAt !== undefined) return 'rejected';
	if (life.divertedAt !== undefined) return 'diverted';
	if (life.routedAt !== undefined) return 'routed';
	return 'registered';
}

/** The time of the last step (or receipt): the row's updated_at. */
export function lastStepAt(life: Lifecycle, receivedAt: number): number {
	let last = receivedAt;
	for (const step of STEPS) if (life[step] !== undefined && life[step] > last) last = life[step];
	return last;
}
