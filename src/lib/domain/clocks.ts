/**
 * Which statutory clock runs for an item, and when it is due.
 *
 * Everything is computed from dated facts as of `now`: a fact stamped after `now` is treated as
 * not having happened yet, so the same function answers "what was running last Tuesday" and the
 * sweeper's "what runs now". Due dates are local dates; a period ends at 24:00 of its due date.
 */
import { isStatutoryHoliday, periodEnd, unconfirmedText, unconfirmedYears, type HolidayCalendar } from './calendar.ts';
import { addDays, daysBetween, localDate } from './deadlines.ts';
import { citationText, limitLabels, type Citation, type LimitName, type PausableKind, type Rules } from './rules.ts';
import { adjust } from './clock-adjust.ts';
import { tracks, type Status, type Track } from './vocabulary.ts';

/** The rules table and the holiday calendar: every clock, light and rate is computed against one. */
export type Config = { rules: Rules; calendar: HolidayCalendar };

/** An approved extension of the conclusion clock (第33条: the head approves, the petitioner is told why). */
export type Extension = { days: number; approvedBy: string; at: Date; reason: string };
/** A pause (e.g. 听证): the days it covers are not counted on a pausable clock. `to` null: still paused. */
export type Pause = { from: Date; to: Date | null; reason: string; by: string };
/** 复查 or 复核: requested, decided, and the decision delivered (which starts the next window). */
export type Appeal = { requestedAt: Date | null; decidedAt: Date | null; repliedAt?: Date | null };

/** The dated facts of one petition item. Instants are Dates; absent steps are null. */
export type ItemFacts = {
	status: Status;
	track: Track;
	receivedAt: Date;
	routedAt: Date | null;
	acceptedAt: Date | null;
	/** 不予受理 notice given (ends the acceptance clock instead of acceptedAt). */
	rejectedAt?: Date | null;
	concludedAt: Date | null;
	/**
	 * 退回重办: the latest send-back, which restarts the 办结 clock (60 days from it). The acceptance
	 * keeps its own date (acceptedAt), so the 受理告知 clock still ends when the unit accepted.
	 */
	reopenedAt?: Date | null;
	/** 处理意见书 received by the petitioner; starts the 复查 window (defaults to concludedAt). */
	repliedAt?: Date | null;
	/** 终结 (status closed); null with status closed: closed before any date we know. */
	closedAt?: Date | null;
	/** When the item left the petition procedure (track ≠ petition); null: before any clock. */
	divertedAt?: Date | null;
	extensions?: Extension[];
	pauses?: Pause[];
	review?: Appeal | null;
	recheck?: Appeal | null;
};

export const clockLabels = {
	route: '转送交办',
	accept: '受理告知',
	conclude: '办结',
	'review-request': '复查申请',
	'review-decision': '复查办理',
	'recheck-request': '复核申请',
	'recheck-decision': '复核办理',
	'letter-feedback': '督办反馈',
	none: '无计时'
} as const;
export type ClockKind = keyof typeof clockLabels;

/** Which rules-table limit each clock runs on: the one home of this map (work queues read it too). */
export const limitOf: Record<Exclude<ClockKind, 'none'>, LimitName> = {
	route: 'route',
	accept: 'accept',
	conclude: 'conclude',
	'review-request': 'reviewRequest',
	'review-decision': 'reviewDecision',
	'recheck-request': 'recheckRequest',
	'recheck-decision': 'recheckDecision',
	'letter-feedback': 'letterFeedback'
};

/** A clock as of an instant. JSON-safe: dates are 'YYYY-MM-DD'. */
export type Clock = {
	kind: ClockKind;
	label: string;
	/** Who must act before the due date: the office, or the petitioner (a request window). */
	owner: 'office' | 'petitioner' | null;
	/** The day the period starts (itself not counted). */
	start: string | null;
	limitDays: number;
	extensionDays: number;
	pausedDays: number;
	/** A pause is open now: the clock stands still and has no light. */
	paused: boolean;
	/** The open pause: since when, how old, and whether it is past the rules' maximum (its own light). */
	pause: OpenPause | null;
	/** The last day; the period ends at 24:00 of it. */
	due: string | null;
	/** Years the period touches whose State Council notice is not entered (statutory days only). */
	unconfirmedYears: number[];
	citations: Citation[];
	/** The rule that fired, in words, for the timeline. */
	basis: string;
	/** Why no clock runs (kind 'none'): finished, final, or routed out of the petition track. */
	stop: { reason: string; track: Track | null; trackLabel: string | null } | null;
};

/** One step of an item's clocks, started by `now`, with how it ended. */
export type Step = { clock: Clock; endedAt: Date | null; onTime: boolean | null };

const seen = (at: Date | null | undefined, now: Date): Date | null => (at && at.getTime() <= now.getTime() ? at : null);

export type OpenPause = { since: string; ageDays: number; maxDays: number; over: boolean };

export type Span = { kind: Exclude<ClockKind, 'none' | 'letter-feedback'>; from: Date; endedAt: Date | null };

/**
 * Builds a clock for one span of the item's life. `brief`: the due date and state only, without
 * the wording of its basis (what rates read for a year of items).
 */
function clockFor(span: Span, item: ItemFacts, now: Date, config: Config, brief = false): Clock {
	const { rules, calendar } = config;
	const limit = rules.limits[limitOf[span.kind]];
	const start = localDate(span.from);
	const notes: string[] = [];

	const pausable = (rules.pausableClocks as readonly PausableKind[]).includes(span.kind as PausableKind);
	const adjusted = adjust(span, item, now, config, start, limit.days, pausable);
	const { extensionDays, pausedDays, pause } = adjusted;
	notes.push(...adjusted.notes);

	const days = limit.days + extensionDays + pausedDays;
	const plain = addDays(start, days);
	const due = periodEnd(start, days, calendar, { weekendExtends: rules.weekendExtends });
	const clock = {
		kind: span.kind,
		label: clockLabels[span.kind],
		owner: span.kind.endsWith('-request') ? ('petitioner' as const) : ('office' as const),
		start,
		limitDays: limit.days,
		extensionDays,
		pausedDays,
		paused: pause !== null,
		pause,
		due,
		unconfirmedYears: [] as number[],
		citations: limit.citations,
		basis: '',
		stop: null
	};
	if (brief) return clock;

	const parts = [`${clockLabels[span.kind]}：自 ${start} 次日起 ${limit.days} 日`];
	if (extensionDays) parts.push(`经批准延期 ${extensionDays} 日`);
	if (pausedDays) parts.push(`听证等中止 ${pausedDays} 日不计`);
	parts.push(...notes);
	if (due !== plain) parts.push(shiftText(plain, due, calendar));
	const unconfirmed = unconfirmedYears(start, due, calendar);
	if (unconfirmed.length) parts.push(unconfirmedText(unconfirmed));
	parts.push(`截止 ${due} 24:00`);
	const basis = `${parts.join('，')}（${limit.citations.map(citationText).join('；')}）`;
	return { ...clock, unconfirmedYears: unconfirmed, basis };
}

/** Why a last day moved: a statutory holiday, or (with weekendExtends) an ordinary 休息日. */
const shiftText = (plain: string, due: string, calendar: HolidayCalendar) =>
	`末日 ${plain} 为${isStatutoryHoliday(plain, calendar) ? '法定节假日' : '休息日'}，顺延至 ${due}`;

/** A stopped clock, saying why. */
export function noClock(reason: string, track: Track | null = null): Clock {
	return {
		kind: 'none',
		label: clockLabels.none,
		owner: null,
		start: null,
		limitDays: 0,
		extensionDays: 0,
		pausedDays: 0,
		paused: false,
		pause: null,
		due: null,
		unconfirmedYears: [],
		citations: [],
		basis: reason,
		stop: { reason, track, trackLabel: track ? tracks[track] : null }
	};
}

/** The spans of the petition procedure that have started by `now`, in order. */
function spans(item: ItemFacts, now: Date): Span[] {
	const at = (d: Date | null | undefined) => seen(d, now);
	// 办结 runs from the acceptance, or from the latest 退回重办 after it (README: restarts 60-day 办结)
	const accepted = at(item.acceptedAt);
	const reopened = at(item.reopenedAt);
	const concludeFrom = accepted && reopened && reopened > accepted ? reopened : accepted;
	const chain: [Span['kind'], Date | null, Date | null][] = [
		['route', item.receivedAt, at(item.routedAt)],
		['accept', at(item.routedAt), accepted ?? at(item.rejectedAt)],
		['conclude', concludeFrom, at(item.concludedAt)],
		['review-request', at(item.repliedAt) ?? at(item.concludedAt), at(item.review?.requestedAt)],
		['review-decision', at(item.review?.requestedAt), at(item.review?.decidedAt)],
		['recheck-request', at(item.review?.repliedAt) ?? at(item.review?.decidedAt), at(item.recheck?.requestedAt)],
		['recheck-decision', at(item.recheck?.requestedAt), at(item.recheck?.decidedAt)]
	];
	const out: Span[] = [];
	for (const [kind, from, endedAt] of chain) {
		if (!from) break;
		out.push({ kind, from, endedAt });
	}
	return out;
}

/** Whether the item has left the petition procedure by `now`. */
function divertedBy(item: ItemFacts, now: Date): boolean {
	return item.track !== 'petition' && (!item.divertedAt || item.divertedAt.getTime() <= now.getTime());
}

/**
 * Every clock the item has started by `now`, with whether each ended in time (the timeline's
 * clocks). Leaving the petition procedure ends the running step (告知 is how routing ends too);
 * an item diverted at registration (no divertedAt) has no petition clocks at all.
 */
export function clockSteps(item: ItemFacts, now: Date, config: Config, options: { kinds?: readonly ClockKind[]; brief?: boolean } = {}): Step[] {
	let list = spans(item, now);
	if (divertedBy(item, now)) {
		const cut = item.divertedAt;
		if (!cut) return [];
		list = list.filter((s) => s.from < cut).map((s) => (s.endedAt && s.endedAt <= cut ? s : { ...s, endedAt: cut }));
	}
	if (options.kinds) list = list.filter((s) => options.kinds!.includes(s.kind));
	return list.map((span) => {
		const clock = clockFor(span, item, now, config, options.brief);
		const onTime = span.endedAt && clock.due ? localDate(span.endedAt) <= clock.due : null;
		return { clock, endedAt: span.endedAt, onTime };
	});
}

/**
 * The clock that runs for the item at `now`, or kind 'none' with the reason none runs. `brief`:
 * a running clock's due date and state only, without the wording of its basis.
 */
export function currentClock(item: ItemFacts, now: Date, config: Config, brief = false): Clock {
	if (item.receivedAt > now) return noClock('尚未登记');
	if (divertedBy(item, now)) return noClock(`已导入${tracks[item.track]}，信访时限停止`, item.track);
	if (item.status === 'closed' && (!item.closedAt || item.closedAt <= now)) return noClock('已终结');
	const all = spans(item, now);
	const last = all[all.length - 1];
	const rejected = seen(item.rejectedAt, now) || (item.status === 'rejected' && item.rejectedAt == null);
	if (last.kind === 'accept' && rejected && !seen(item.acceptedAt, now)) return noClock('不予受理，已书面告知');
	if (last.endedAt) return noClock(last.kind === 'recheck-decision' ? '复核意见为终结意见' : `${clockLabels[last.kind]}已完成`);
	const clock = clockFor(last, item, now, config, brief);
	// a request window the petitioner let pass makes the decision final: nothing runs after it
	if (clock.owner === 'petitioner' && clock.due && localDate(now) > clock.due)
		return noClock(last.kind === 'review-request' ? '复查申请期限已过，处理意见已生效' : '复核申请期限已过，复查意见已生效');
	return clock;
}

/** The 30-day clock for written feedback on a supervision letter, from its issue. */
export function letterFeedbackClock(letter: { issuedAt: Date; repliedAt: Date | null }, now: Date, config: Config): Clock {
	if (letter.issuedAt > now) return noClock('督办函尚未签发');
	if (seen(letter.repliedAt, now)) return noClock('已书面反馈');
	const { rules, calendar } = config;
	const limit = rules.limits.letterFeedback;
	const start = localDate(letter.issuedAt);
	const due = periodEnd(start, limit.days, calendar, { weekendExtends: rules.weekendExtends });
	const plain = addDays(start, limit.days);
	const unconfirmed = unconfirmedYears(start, due, calendar);
	const notes = [...(due !== plain ? [shiftText(plain, due, calendar)] : []), ...(unconfirmed.length ? [unconfirmedText(unconfirmed)] : [])];
	return {
		...noClock(''),
		kind: 'letter-feedback',
		label: clockLabels['letter-feedback'],
		owner: 'office',
		start,
		limitDays: limit.days,
		due,
		unconfirmedYears: unconfirmed,
		citations: limit.citations,
		basis: `${limitLabels.letterFeedback}：自 ${start} 次日起 ${limit.days} 日，${notes.map((n) => `${n}，`).join('')}截止 ${due} 24:00（${limit.citations.map(citationText).join('；')}）`,
		stop: null
	};
}

/** Days from `now`'s local date to the due date (negative once overdue). */
export const daysLeft = (clock: Clock, now: Date): number | null => (clock.due ? daysBetween(localDate(now), clock.due) : null);
