// The hand-computed clock and light cases, shared by the unit tests and the database/sweeper test.
import type { ClockKind } from './clocks.ts';
import type { Light } from './lights.ts';
import type { Rules } from './rules.ts';
import type { Short } from './spec-support.ts';

/**
 * Hand-computed cases: item facts, the instant we look, and what must be running then.
 * Due dates were counted on a paper calendar (start day not counted; a last day inside a
 * holiday block moves to the first day after it); lights with yellowDays = 5.
 * Weekdays used: 2026-01-04 Sun (调休 workday), 2026-01-31 Sat, 2026-02-14/28 Sat (调休),
 * 2025-10-11 Sat (调休), 2025-10-12 Sun, 2028-02-29 Tue.
 */
export type ClockCase = {
	case: string;
	item: Short;
	now: string;
	kind: ClockKind;
	due: string | null;
	light: Light;
	overdue?: number;
	rules?: Partial<Rules>;
};

const weekends = { weekendExtends: true };

export const clockCases: ClockCase[] = [
	// ── routing (15 days from receipt), plain days ──
	{ case: 'route: mid-period', item: { received: '2026-03-03 09:00' }, now: '2026-03-10 10:00', kind: 'route', due: '2026-03-18', light: 'green' },
	{ case: 'route: 6 days left is still green', item: { received: '2026-03-03' }, now: '2026-03-12 23:59', kind: 'route', due: '2026-03-18', light: 'green' },
	{ case: 'route: 5 days left turns yellow at midnight', item: { received: '2026-03-03' }, now: '2026-03-13 00:00', kind: 'route', due: '2026-03-18', light: 'yellow' },
	{ case: 'route: the last day, morning', item: { received: '2026-03-03' }, now: '2026-03-18 08:00', kind: 'route', due: '2026-03-18', light: 'due_today' },
	{ case: 'route: the last day, 23:59 still in time', item: { received: '2026-03-03' }, now: '2026-03-18 23:59', kind: 'route', due: '2026-03-18', light: 'due_today' },
	{ case: 'route: 24:00 of the last day is overdue', item: { received: '2026-03-03' }, now: '2026-03-19 00:00', kind: 'route', due: '2026-03-18', light: 'red', overdue: 1 },
	{ case: 'route: a week overdue', item: { received: '2026-03-03' }, now: '2026-03-25 12:00', kind: 'route', due: '2026-03-18', light: 'red', overdue: 7 },
	{ case: 'route: received 23:59 counts from that local day', item: { received: '2026-03-03 23:59' }, now: '2026-03-17 12:00', kind: 'route', due: '2026-03-18', light: 'yellow' },
	{ case: 'route: received 00:00 next day', item: { received: '2026-03-04 00:00' }, now: '2026-03-18 12:00', kind: 'route', due: '2026-03-19', light: 'yellow' },
	{ case: 'route: yellowDays 0 keeps the day before green', item: { received: '2026-03-03' }, now: '2026-03-17', kind: 'route', due: '2026-03-18', light: 'green', rules: { yellowDays: 0 } },
	// ── month ends, leap day, year end ──
	{ case: 'route: last day Sat 31 Jan stays (weekends do not extend)', item: { received: '2026-01-16' }, now: '2026-01-31', kind: 'route', due: '2026-01-31', light: 'due_today' },
	{ case: 'route: with weekendExtends Sat 31 Jan → Mon 2 Feb', item: { received: '2026-01-16' }, now: '2026-01-31', kind: 'route', due: '2026-02-02', light: 'yellow', rules: weekends },
	{ case: 'route: 28 Feb in a common year', item: { received: '2025-02-13' }, now: '2025-02-28', kind: 'route', due: '2025-02-28', light: 'due_today' },
	{ case: 'route: over the end of a common February', item: { received: '2025-02-14' }, now: '2025-03-02', kind: 'route', due: '2025-03-01', light: 'red', overdue: 1 },
	{ case: 'route: due on leap day 2028-02-29', item: { received: '2028-02-14' }, now: '2028-02-29 18:00', kind: 'route', due: '2028-02-29', light: 'due_today' },
	{ case: 'route: leap day passed', item: { received: '2028-02-14' }, now: '2028-03-01 00:00', kind: 'route', due: '2028-02-29', light: 'red', overdue: 1 },
	{ case: 'route: received on leap day', item: { received: '2028-02-29' }, now: '2028-03-10', kind: 'route', due: '2028-03-15', light: 'yellow' },
	{ case: 'conclude: 60 days over New Year land on leap day', item: { received: '2027-12-01', routed: '2027-12-10', accepted: '2027-12-31' }, now: '2028-02-20', kind: 'conclude', due: '2028-02-29', light: 'green' },
	{ case: 'route: over the year end to 4 Jan (调休 Sunday, a working day)', item: { received: '2025-12-20' }, now: '2026-01-01', kind: 'route', due: '2026-01-04', light: 'yellow' },
	{ case: 'route: last day 2 Jan in 元旦 → 4 Jan', item: { received: '2025-12-18' }, now: '2026-01-02', kind: 'route', due: '2026-01-04', light: 'yellow' },
	{ case: 'route: weekendExtends still stops on the 调休 Sunday', item: { received: '2025-12-18' }, now: '2026-01-02', kind: 'route', due: '2026-01-04', light: 'yellow', rules: weekends },
	{ case: 'route: last day 1 Jan → 4 Jan, then overdue', item: { received: '2025-12-17' }, now: '2026-01-05', kind: 'route', due: '2026-01-04', light: 'red', overdue: 1 },
	{ case: 'route: 元旦 2025 is one day → 2 Jan', item: { received: '2024-12-17' }, now: '2025-01-01', kind: 'route', due: '2025-01-02', light: 'yellow' },
	{ case: 'route: a year without its notice keeps the statutory days (国庆 10/1–3 2027) → 4 Oct', item: { received: '2027-09-16' }, now: '2027-10-01', kind: 'route', due: '2027-10-04', light: 'yellow' },
	{ case: 'route: received 2026-12-17, 元旦 2027 from the law → Sat 2 Jan, not red that day', item: { received: '2026-12-17' }, now: '2027-01-02 18:00', kind: 'route', due: '2027-01-02', light: 'due_today' },
	{ case: 'conclude: accepted 2026-12-07, 60 days end on 除夕 2027 → 9 Feb', item: { received: '2026-11-20', routed: '2026-11-30', accepted: '2026-12-07' }, now: '2027-02-06', kind: 'conclude', due: '2027-02-09', light: 'yellow' },
	{ case: 'conclude: accepted 2026-12-08, 60 days end on 初一 2027 → 9 Feb', item: { received: '2026-11-20', routed: '2026-11-30', accepted: '2026-12-08' }, now: '2027-02-09', kind: 'conclude', due: '2027-02-09', light: 'due_today' },
	// ── 春节 with 调休 ──
	{ case: 'route: 31 Jan + 15 = 15 Feb in 春节 2026 → 24 Feb', item: { received: '2026-01-31' }, now: '2026-02-16', kind: 'route', due: '2026-02-24', light: 'green' },
	{ case: 'route: 春节 2026 on the 调休 Saturday', item: { received: '2026-02-01' }, now: '2026-02-14', kind: 'route', due: '2026-02-24', light: 'green' },
	{ case: 'route: 春节 2026, 5 days left inside the holiday', item: { received: '2026-02-01' }, now: '2026-02-19', kind: 'route', due: '2026-02-24', light: 'yellow' },
	{ case: 'route: 春节 2026, the day after the holiday', item: { received: '2026-02-01' }, now: '2026-02-24', kind: 'route', due: '2026-02-24', light: 'due_today' },
	{ case: 'route: 春节 2026, one day late', item: { received: '2026-02-01' }, now: '2026-02-25', kind: 'route', due: '2026-02-24', light: 'red', overdue: 1 },
	{ case: 'route: last day 28 Feb 2026 is a 调休 Saturday: stays', item: { received: '2026-02-13' }, now: '2026-02-28', kind: 'route', due: '2026-02-28', light: 'due_today', rules: weekends },
	{ case: 'route: 28 Jan 2025 (除夕) → 5 Feb', item: { received: '2025-01-13' }, now: '2025-01-31', kind: 'route', due: '2025-02-05', light: 'yellow' },
	{ case: 'route: 26 Jan 2025 is a 调休 Sunday: stays', item: { received: '2025-01-11' }, now: '2025-01-26', kind: 'route', due: '2025-01-26', light: 'due_today', rules: weekends },
	// ── acceptance (15 days from routing) ──
	{ case: 'accept: 15 days from the routed day', item: { received: '2026-03-01', routed: '2026-03-05 14:00' }, now: '2026-03-16', kind: 'accept', due: '2026-03-20', light: 'yellow' },
	{ case: 'accept: last day 5 May in 劳动节 2026 → 6 May', item: { received: '2026-04-18', routed: '2026-04-20' }, now: '2026-05-06', kind: 'accept', due: '2026-05-06', light: 'due_today' },
	{ case: 'accept: 1 May 2025 → 6 May, seen on the 调休 Sunday', item: { received: '2025-04-15', routed: '2025-04-16' }, now: '2025-04-27', kind: 'accept', due: '2025-05-06', light: 'green' },
	{ case: 'accept: routing late does not move acceptance', item: { received: '2026-01-01', routed: '2026-02-02' }, now: '2026-02-10', kind: 'accept', due: '2026-02-24', light: 'green' },
	{ case: 'accept: 不予受理 notice stops the clocks', item: { received: '2026-03-01', routed: '2026-03-05', rejected: '2026-03-10' }, now: '2026-04-30', kind: 'none', due: null, light: 'none' },
	{ case: 'accept: status rejected without a date also stops', item: { received: '2026-03-01', routed: '2026-03-05', status: 'rejected' }, now: '2026-04-30', kind: 'none', due: null, light: 'none' },
	// ── conclusion (60 days from acceptance; extension ≤ 30) ──
	{ case: 'conclude: 60 days from acceptance', item: { received: '2026-03-01', routed: '2026-03-05', accepted: '2026-03-19' }, now: '2026-05-13', kind: 'conclude', due: '2026-05-18', light: 'yellow' },
	{ case: 'conclude: 2 May in 劳动节 → 6 May', item: { received: '2026-02-26', routed: '2026-03-01', accepted: '2026-03-03' }, now: '2026-05-02', kind: 'conclude', due: '2026-05-06', light: 'yellow' },
	{ case: 'conclude: extension of 30 approved in time', item: { received: '2026-02-26', routed: '2026-03-01', accepted: '2026-03-03', ext: [[30, '2026-04-20']] }, now: '2026-05-10', kind: 'conclude', due: '2026-06-01', light: 'green' },
	{ case: 'conclude: extension approved during the holiday shift counts', item: { received: '2026-02-26', routed: '2026-03-01', accepted: '2026-03-03', ext: [[10, '2026-05-04']] }, now: '2026-05-07', kind: 'conclude', due: '2026-05-12', light: 'yellow' },
	{ case: 'conclude: extension approved after the deadline does not count', item: { received: '2026-02-26', routed: '2026-03-01', accepted: '2026-03-03', ext: [[30, '2026-05-07']] }, now: '2026-05-07', kind: 'conclude', due: '2026-05-06', light: 'red', overdue: 1 },
	{ case: 'conclude: two extensions capped at 30', item: { received: '2026-02-26', routed: '2026-03-01', accepted: '2026-03-03', ext: [[20, '2026-04-01'], [20, '2026-04-25']] }, now: '2026-05-27', kind: 'conclude', due: '2026-06-01', light: 'yellow' },
	{ case: 'conclude: an extension not yet approved at now', item: { received: '2026-02-26', routed: '2026-03-01', accepted: '2026-03-03', ext: [[10, '2026-04-01']] }, now: '2026-03-31', kind: 'conclude', due: '2026-05-06', light: 'green' },
	{ case: 'conclude: the same, after approval', item: { received: '2026-02-26', routed: '2026-03-01', accepted: '2026-03-03', ext: [[10, '2026-04-01']] }, now: '2026-05-08', kind: 'conclude', due: '2026-05-12', light: 'yellow' },
	{ case: 'conclude: 4 Oct 2025 in 国庆+中秋 → 9 Oct', item: { received: '2025-07-20', routed: '2025-07-25', accepted: '2025-08-05' }, now: '2025-09-30', kind: 'conclude', due: '2025-10-09', light: 'green' },
	{ case: 'conclude: 国庆 2025, yellow inside the holiday', item: { received: '2025-07-20', routed: '2025-07-25', accepted: '2025-08-05' }, now: '2025-10-05', kind: 'conclude', due: '2025-10-09', light: 'yellow' },
	{ case: 'conclude: 8 Oct 2025 (last holiday) → 9 Oct', item: { received: '2025-07-20', routed: '2025-07-25', accepted: '2025-08-09' }, now: '2025-10-09', kind: 'conclude', due: '2025-10-09', light: 'due_today' },
	{ case: 'conclude: 国庆 2025, the day after', item: { received: '2025-07-20', routed: '2025-07-25', accepted: '2025-08-09' }, now: '2025-10-10', kind: 'conclude', due: '2025-10-09', light: 'red', overdue: 1 },
	{ case: 'conclude: 11 Oct 2025 is a 调休 Saturday: stays', item: { received: '2025-07-20', routed: '2025-07-25', accepted: '2025-08-12' }, now: '2025-10-11', kind: 'conclude', due: '2025-10-11', light: 'due_today', rules: weekends },
	{ case: 'conclude: Sun 12 Oct 2025 stays by default', item: { received: '2025-07-20', routed: '2025-07-25', accepted: '2025-08-13' }, now: '2025-10-13', kind: 'conclude', due: '2025-10-12', light: 'red', overdue: 1 },
	{ case: 'conclude: Sun 12 Oct 2025 → Mon 13 with weekendExtends', item: { received: '2025-07-20', routed: '2025-07-25', accepted: '2025-08-13' }, now: '2025-10-13', kind: 'conclude', due: '2025-10-13', light: 'due_today', rules: weekends },
	{ case: 'conclude: 2 Oct 2026 in 国庆 → 8 Oct', item: { received: '2026-07-20', routed: '2026-07-25', accepted: '2026-08-03' }, now: '2026-10-08', kind: 'conclude', due: '2026-10-08', light: 'due_today' },
	{ case: 'route: 25 Sep 2026 in 中秋 → 28 Sep (not on to 国庆)', item: { received: '2026-09-10' }, now: '2026-09-28', kind: 'route', due: '2026-09-28', light: 'due_today' },
	// ── 复查 / 复核: re-opened after the reply ──
	{ case: 'review-request: 30 days from the reply received', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', replied: '2026-03-12' }, now: '2026-04-08', kind: 'review-request', due: '2026-04-11', light: 'yellow' },
	{ case: 'review-request: window passed, the reply is final', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', replied: '2026-03-12' }, now: '2026-04-12', kind: 'none', due: null, light: 'none' },
	{ case: 'review-request: no reply date counts from conclusion', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10' }, now: '2026-04-09', kind: 'review-request', due: '2026-04-09', light: 'due_today' },
	{ case: 'review-decision: re-opened by 复查, 1 May → 6 May', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', review: ['2026-04-01'] }, now: '2026-05-03', kind: 'review-decision', due: '2026-05-06', light: 'yellow' },
	{ case: 'review-decision: a pause does not count here by default', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', review: ['2026-04-01'], pauses: [['2026-04-10', '2026-04-12']] }, now: '2026-05-07', kind: 'review-decision', due: '2026-05-06', light: 'red', overdue: 1 },
	{ case: 'recheck-request: 30 days from the 复查意见 received', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', review: ['2026-04-01', '2026-04-20', '2026-04-22'] }, now: '2026-05-01', kind: 'recheck-request', due: '2026-05-22', light: 'green' },
	{ case: 'recheck-request: window passed, 复查意见 final', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', review: ['2026-04-01', '2026-04-20', '2026-04-22'] }, now: '2026-05-23', kind: 'none', due: null, light: 'none' },
	{ case: 'recheck-decision: 19 Jun in 端午 → 22 Jun', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', review: ['2026-04-01', '2026-04-20', '2026-04-22'], recheck: ['2026-05-20'] }, now: '2026-06-22', kind: 'recheck-decision', due: '2026-06-22', light: 'due_today' },
	{ case: 'recheck-decision: a 3-day hearing is not counted', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', review: ['2026-04-01', '2026-04-20'], recheck: ['2026-05-20'], pauses: [['2026-06-01 09:00', '2026-06-03 17:00']] }, now: '2026-06-20', kind: 'recheck-decision', due: '2026-06-22', light: 'yellow' },
	{ case: 'recheck-decision: during the hearing the clock is paused', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', review: ['2026-04-01', '2026-04-20'], recheck: ['2026-05-20'], pauses: [['2026-06-01 09:00', '2026-06-03 17:00']] }, now: '2026-06-02', kind: 'recheck-decision', due: '2026-06-22', light: 'paused' },
	{ case: 'recheck-decision: an open hearing counts whole days up to today (6/1 → 6/5: 4)', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', review: ['2026-04-01', '2026-04-20'], recheck: ['2026-05-20'], pauses: [['2026-06-01', null]] }, now: '2026-06-05', kind: 'recheck-decision', due: '2026-06-23', light: 'paused' },
	{ case: 'recheck-decision: a hearing opened 5 days after expiry does not revive the clock', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', review: ['2026-04-01', '2026-04-20'], recheck: ['2026-06-10'], pauses: [['2026-07-16', null]] }, now: '2026-07-17', kind: 'recheck-decision', due: '2026-07-10', light: 'red', overdue: 7 },
	{ case: 'recheck-decision: a hearing 7/16–7/20 after expiry moves nothing', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', review: ['2026-04-01', '2026-04-20'], recheck: ['2026-06-10'], pauses: [['2026-07-16', '2026-07-20']] }, now: '2026-07-20', kind: 'recheck-decision', due: '2026-07-10', light: 'red', overdue: 10 },
	{ case: 'recheck-decision: a 2-hour hearing adds nothing', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', review: ['2026-04-01', '2026-04-20'], recheck: ['2026-06-10'], pauses: [['2026-06-15 09:00', '2026-06-15 11:00']] }, now: '2026-07-10', kind: 'recheck-decision', due: '2026-07-10', light: 'due_today' },
	{ case: 'recheck-decision: an overnight hearing under 24 h adds one day', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', review: ['2026-04-01', '2026-04-20'], recheck: ['2026-06-10'], pauses: [['2026-06-15 20:00', '2026-06-16 10:00']] }, now: '2026-07-10', kind: 'recheck-decision', due: '2026-07-11', light: 'yellow' },
	{ case: 'recheck-decision: a hearing opened on the last day still counts', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', review: ['2026-04-01', '2026-04-20'], recheck: ['2026-06-10'], pauses: [['2026-07-10 16:00', '2026-07-13 10:00']] }, now: '2026-07-13 12:00', kind: 'recheck-decision', due: '2026-07-13', light: 'due_today' },
	{ case: 'recheck-decision: overdue after the hearing', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', review: ['2026-04-01', '2026-04-20'], recheck: ['2026-05-20'], pauses: [['2026-06-01 09:00', '2026-06-03 17:00']] }, now: '2026-06-25', kind: 'recheck-decision', due: '2026-06-22', light: 'red', overdue: 3 },
	{ case: 'recheck-decision: overlapping hearings count each day once', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', review: ['2026-04-01', '2026-04-20'], recheck: ['2026-05-20'], pauses: [['2026-06-01', '2026-06-02'], ['2026-06-02', '2026-06-03']] }, now: '2026-06-20', kind: 'recheck-decision', due: '2026-06-22', light: 'yellow' },
	{ case: 'recheck decided: 复核意见 is final', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', review: ['2026-04-01', '2026-04-20'], recheck: ['2026-05-20', '2026-06-10'] }, now: '2026-06-20', kind: 'none', due: null, light: 'none' },
	{ case: 'closed: nothing runs', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', status: 'closed' }, now: '2026-03-20', kind: 'none', due: null, light: 'none' },
	{ case: 'closed later: before closing the window still ran', item: { received: '2026-01-05', routed: '2026-01-06', accepted: '2026-01-10', concluded: '2026-03-10', status: 'closed', closed: '2026-04-20' }, now: '2026-03-20', kind: 'review-request', due: '2026-04-09', light: 'green' },
	// ── routed out of the petition procedure (诉访分离) ──
	{ case: 'diverted to litigation: clocks stop', item: { received: '2026-03-01', track: 'litigation', diverted: '2026-03-05' }, now: '2026-04-01', kind: 'none', due: null, light: 'none' },
	{ case: 'diverted to arbitration at registration', item: { received: '2026-03-01', track: 'arbitration' }, now: '2026-03-02', kind: 'none', due: null, light: 'none' },
	{ case: 'diverted to party appeal later: before, routing ran', item: { received: '2026-03-01', track: 'party', diverted: '2026-03-20' }, now: '2026-03-10', kind: 'route', due: '2026-03-16', light: 'green' },
	{ case: 'diverted to duty performance while handling', item: { received: '2026-03-01', routed: '2026-03-02', accepted: '2026-03-05', track: 'duty', diverted: '2026-04-01' }, now: '2026-06-01', kind: 'none', due: null, light: 'none' },
	{ case: 'not yet received at now', item: { received: '2026-03-01' }, now: '2026-02-28', kind: 'none', due: null, light: 'none' }
];

