/**
 * 三函 (supervision letters), pure: the 文号, the lifecycle as a state machine, the feedback
 * clock's light and escalation to the next kind. The clock is passed in; nothing here does I/O.
 */
import { lightOf, nextTransition, type LightState } from './lights.ts';
import { daysBetween, localDate } from './deadlines.ts';
import { letterKinds, type LetterKind, type LetterRules } from './letter-rules.ts';
import { noClock, type Clock } from './clocks.ts';

export { letterKinds, type LetterKind } from './letter-rules.ts';

/** A 文号's parts: 鲁信督函〔2026〕12号 is { officeCode 鲁信, kind supervise, year 2026, number 12 }. */
export type LetterNumber = { officeCode: string; kind: LetterKind; year: number; number: number };

/**
 * 机关代字 + kind abbreviation + 〔full year〕 + serial + 号 (GB/T 9704-2012 7.2.3: 六角括号,
 * no leading zeros, no 第). Throws on parts that would make a wrong 文号: callers validate first.
 */
export function formatLetterNumber(n: LetterNumber, abbreviations: LetterRules['abbreviations']): string {
	if (!/^\p{Script=Han}{1,10}$/u.test(n.officeCode)) throw new RangeError(`机关代字无效：${n.officeCode}`);
	if (!Number.isInteger(n.year) || n.year < 2000 || n.year > 2100) throw new RangeError(`年份无效：${n.year}`);
	if (!Number.isSafeInteger(n.number) || n.number < 1) throw new RangeError(`序号无效：${n.number}`);
	const abbreviation = abbreviations[n.kind];
	if (!abbreviation) throw new RangeError(`函件种类无效：${n.kind}`);
	return `${n.officeCode}${abbreviation}〔${n.year}〕${n.number}号`;
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Reads a 文号 back into its parts, or null when it is not one (wrong brackets, 第, leading zero …). */
export function parseLetterNumber(text: string, abbreviations: LetterRules['abbreviations']): LetterNumber | null {
	// longest abbreviation first, so 风险函 is never read as an office code ending in 风险 + 函
	const kinds = (Object.entries(abbreviations) as [LetterKind, string][]).sort((a, b) => b[1].length - a[1].length);
	const pattern = new RegExp(`^(\\p{Script=Han}{1,10}?)(${kinds.map(([, a]) => escape(a)).join('|')})〔(\\d{4})〕([1-9]\\d{0,8})号$`, 'u');
	const match = pattern.exec(text);
	if (!match) return null;
	const kind = kinds.find(([, a]) => a === match[2])![0];
	const year = Number(match[3]);
	if (year < 2000 || year > 2100) return null;
	return { officeCode: match[1], kind, year, number: Number(match[4]) };
}

/** 起草 → 签发 → 送达 → 签收 → 反馈 → 办结, with 退回 (feedback rejected), 逾期 (deadline passed) and 作废 (withdrawn, 文号 kept). */
export const letterStatuses = {
	draft: '起草',
	issued: '签发',
	delivered: '送达',
	signed: '签收',
	replied: '反馈',
	closed: '办结',
	returned: '退回',
	overdue: '逾期',
	void: '作废'
} as const;
export type LetterStatus = keyof typeof letterStatuses;

export const letterActions = {
	issue: '签发',
	deliver: '送达',
	sign: '签收',
	reply: '反馈',
	close: '办结',
	reject: '退回',
	lapse: '逾期',
	void: '作废'
} as const;
export type LetterAction = keyof typeof letterActions;

/** What the machine needs of a letter: its status and whether the unit has signed for it. */
export type LetterState = { status: LetterStatus; signedAt: Date | null };

export type Move = { ok: true; status: LetterStatus } | { ok: false; message: string };

const refuse = (message: string): Move => ({ ok: false, message });

/**
 * The one place that says which moves are legal. 逾期 is a mark the clock puts on a letter still
 * waiting for its unit: the unit may still sign and report late, and staff may escalate.
 */
export function moveLetter(letter: LetterState, action: LetterAction): Move {
	const { status } = letter;
	const label = letterStatuses[status];
	if (status === 'closed') return refuse('函件已办结，不能再更改');
	if (status === 'void') return refuse('函件已作废，不能再更改');
	switch (action) {
		case 'issue':
			return status === 'draft' ? { ok: true, status: 'issued' } : refuse(`函件已${label}，不能重复签发`);
		case 'deliver':
			if (status === 'issued') return { ok: true, status: 'delivered' };
			return refuse(status === 'draft' ? '函件尚未签发，不能送达' : `函件已${label}，无需再送达`);
		case 'sign':
			if (status === 'draft') return refuse('函件尚未签发，不能签收');
			if (letter.signedAt) return refuse('函件已签收，不能重复签收');
			if (status === 'issued' || status === 'delivered' || status === 'overdue') return { ok: true, status: 'signed' };
			return refuse(`函件已${label}，不能签收`);
		case 'reply':
			if (status === 'draft') return refuse('函件尚未签发，不能反馈');
			if (!letter.signedAt) return refuse('请先签收函件，再报送反馈');
			if (status === 'signed' || status === 'returned' || status === 'overdue') return { ok: true, status: 'replied' };
			return refuse(status === 'replied' ? '反馈已报送，正在审核，不能重复报送' : `函件已${label}，不能反馈`);
		case 'close':
			return status === 'replied' ? { ok: true, status: 'closed' } : refuse('承办单位尚未报送反馈，不能办结');
		case 'reject':
			return status === 'replied' ? { ok: true, status: 'returned' } : refuse('没有待审核的反馈，不能退回');
		case 'void':
			// withdrawn by the issuing side; its 文号 stays taken
			return status === 'draft' ? refuse('函件尚未签发，无需作废') : { ok: true, status: 'void' };
		case 'lapse':
			if (['issued', 'delivered', 'signed', 'returned'].includes(status)) return { ok: true, status: 'overdue' };
			return refuse(status === 'overdue' ? '函件已标记逾期' : `函件${label}，不会逾期`);
	}
}

/** The statuses in which the unit still owes feedback: the clock runs in these states. */
export const AWAITING_FEEDBACK: readonly LetterStatus[] = ['issued', 'delivered', 'signed', 'returned', 'overdue'];
export const awaitingFeedback = (status: LetterStatus) => AWAITING_FEEDBACK.includes(status);

/** The feedback clock of a letter: running while the unit owes feedback, due at 24:00 of `feedbackDue`. */
export function feedbackClock(letter: { status: LetterStatus; feedbackDue: string }): Clock {
	if (!awaitingFeedback(letter.status)) return noClock(letter.status === 'draft' ? '函件尚未签发' : '已反馈');
	return { ...noClock(''), kind: 'letter-feedback', label: '督办反馈', owner: 'office', due: letter.feedbackDue, stop: null };
}

/**
 * The feedback clock's light: yellow `yellowDays` before the deadline, red after it (the period
 * ends at 24:00 of `feedbackDue`). No light once the feedback is in or the letter is closed.
 */
export function feedbackLight(letter: { status: LetterStatus; feedbackDue: string }, now: Date, rules: { yellowDays: number }): LightState {
	return lightOf(feedbackClock(letter), now, rules);
}

/** When the feedback light next changes by itself (null: only a write can change it). */
export const nextFeedbackCheck = (letter: { status: LetterStatus; feedbackDue: string }, now: Date, rules: { yellowDays: number }) =>
	nextTransition(feedbackClock(letter), now, rules);

/** Whole days past the feedback deadline (0 on or before it). */
export const daysPastDue = (feedbackDue: string, now: Date) => Math.max(0, daysBetween(feedbackDue, localDate(now)));

/**
 * The ladder (DOMAIN.md: 三函), 督办函 → 风险提醒函 → 问责建议函: an ignored 督办函 calls for a
 * 风险提醒函, an ignored 风险提醒函 for a 问责建议函; 问责建议函 is the last.
 */
export const nextKind: Record<LetterKind, LetterKind | null> = { supervise: 'risk', risk: 'accountability', accountability: null };

/**
 * Whether an ignored letter now calls for the next kind on the ladder: still without feedback more
 * than `escalateAfterDays` after its deadline, and not already followed up by another letter.
 */
export function escalation(
	letter: { kind: LetterKind; status: LetterStatus; feedbackDue: string; escalatedTo: number | null },
	now: Date,
	rules: Pick<LetterRules, 'escalateAfterDays'>
): { kind: LetterKind; daysPastDue: number; reason: string } | null {
	const kind = nextKind[letter.kind];
	if (!kind || letter.escalatedTo !== null || !awaitingFeedback(letter.status)) return null;
	const past = daysPastDue(letter.feedbackDue, now);
	if (past <= rules.escalateAfterDays || past === 0) return null;
	return { kind, daysPastDue: past, reason: `${letterKinds[letter.kind]}逾期 ${past} 天未反馈，建议升级为${letterKinds[kind]}` };
}
