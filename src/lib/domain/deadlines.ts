/**
 * The petition clocks in local dates (Asia/Shanghai: UTC+8 all year, no daylight saving).
 *
 * Counting follows 民法典 第二百零一至二百零三条 in the simple case: the day the period starts
 * is not counted and the period ends at 24:00 of its last day, so an item received on 3 March
 * with a 15-day limit is due on 18 March (the whole of 18 March still counts as in time).
 *
 * The due-date helpers below ignore holidays and the rules table: they are the plain 15/15/60
 * arithmetic the simulator uses. The statutory due dates (a last day on a holiday moves past the
 * holiday block, extensions, hearings, 复查/复核) come from clocks.ts with calendar.ts and rules.ts.
 */
import { MAX_EXTENSION_DAYS } from './statute.ts';
import { UTC_OFFSET_MS, localDay } from '../time.ts';

/** 信访部门 registers and routes (转送/交办/告知): 15 days from receipt (2005《信访条例》第21条). */
export const ROUTE_DAYS = 15;
/** The responsible body decides acceptance: 15 days from receiving the routed item (第21、22条). */
export const ACCEPT_DAYS = 15;
/** 办结: 60 days from acceptance (第33条). */
export const CONCLUDE_DAYS = 60;
/** An approved extension adds at most 30 days (第33条): the law's constant, kept in statute.ts. */
export { MAX_EXTENSION_DAYS };

const DAY_MS = 24 * 60 * 60 * 1000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

// Date strings and day numbers are converted millions of times when a year of items is rated;
// both directions are memoised (bounded: a cleared cache only costs a recomputation).
const CACHE_LIMIT = 50_000;
const msOfDate = new Map<string, number>();
const dateOfDay = new Map<number, string>();

/** Milliseconds since the epoch of 00:00 UTC on the date; throws unless it is a real date. */
function dateToUtcMs(date: string): number {
	const known = msOfDate.get(date);
	if (known !== undefined) return known;
	const match = DATE.exec(date);
	if (!match) throw new RangeError(`日期格式应为 YYYY-MM-DD：${date}`);
	const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
	const ms = Date.UTC(year, month - 1, day);
	const check = new Date(ms);
	if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day)
		throw new RangeError(`不存在的日期：${date}`);
	if (msOfDate.size >= CACHE_LIMIT) msOfDate.clear();
	msOfDate.set(date, ms);
	return ms;
}

function utcMsToDate(ms: number): string {
	const day = Math.floor(ms / DAY_MS);
	let date = dateOfDay.get(day);
	if (date === undefined) {
		date = new Date(day * DAY_MS).toISOString().slice(0, 10);
		if (dateOfDay.size >= CACHE_LIMIT) dateOfDay.clear();
		dateOfDay.set(day, date);
	}
	return date;
}

/** The local calendar date ('YYYY-MM-DD') of an instant. */
export const localDate = (instant: Date): string => localDay(instant);

/** The date n calendar days after (or before, when n < 0) a date. */
export function addDays(date: string, n: number): string {
	if (!Number.isInteger(n)) throw new RangeError(`天数必须是整数：${n}`);
	return utcMsToDate(dateToUtcMs(date) + n * DAY_MS);
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
	return Math.round((dateToUtcMs(to) - dateToUtcMs(from)) / DAY_MS);
}

/** The instant local midnight begins the date. */
export function startOfLocalDay(date: string): Date {
	return new Date(dateToUtcMs(date) - UTC_OFFSET_MS);
}

/** Day of week of a date: 0 = Sunday … 6 = Saturday, as Date#getUTCDay counts. */
export function dayOfWeek(date: string): number {
	return new Date(dateToUtcMs(date)).getUTCDay();
}

/** 转送/交办 due: receipt date + 15. */
export function routeDue(receivedAt: Date): string {
	return addDays(localDate(receivedAt), ROUTE_DAYS);
}

/** 受理告知 due: routed date + 15. */
export function acceptDue(routedAt: Date): string {
	return addDays(localDate(routedAt), ACCEPT_DAYS);
}

/** 办结 due: accepted date + 60, plus an approved extension of at most 30 days. */
export function concludeDue(acceptedAt: Date, extendedDays = 0): string {
	if (!Number.isInteger(extendedDays) || extendedDays < 0 || extendedDays > MAX_EXTENSION_DAYS)
		throw new RangeError(`延期天数应为 0–${MAX_EXTENSION_DAYS} 的整数：${extendedDays}`);
	return addDays(localDate(acceptedAt), CONCLUDE_DAYS + extendedDays);
}
