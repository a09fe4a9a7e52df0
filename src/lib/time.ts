/**
 * Local time, in one place. Every office and every wall reads Beijing time (Asia/Shanghai: UTC+8
 * all year, no daylight saving), whatever the zone of the server or the browser. Pure and
 * client-safe: the domain, the server and the pages all use it.
 */

export const TIME_ZONE = 'Asia/Shanghai';
/** Local time is UTC + 8 h, all year. */
export const UTC_OFFSET_MS = 8 * 3_600_000;

/** An instant as a Date, ISO text or epoch milliseconds. */
export type Instant = Date | string | number;
const toDate = (d: Instant) => (d instanceof Date ? d : new Date(d));

// Intl formatters are costly to build (a toLocaleString call with options builds one every time): each is made once.
const zone = { timeZone: TIME_ZONE, hour12: false } as const;
const full = new Intl.DateTimeFormat('zh-CN', { ...zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
const toMinute = new Intl.DateTimeFormat('zh-CN', { ...zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const clock = new Intl.DateTimeFormat('zh-CN', { ...zone, hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dated = new Intl.DateTimeFormat('zh-CN', { ...zone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const minutes = new Intl.DateTimeFormat('zh-CN', { ...zone, hour: '2-digit', minute: '2-digit' });

/** 2026/12/4 14:03:07 — an instant on an office page or in an export. */
export const formatInstant = (d: Instant) => full.format(toDate(d));
/** 2026/12/04 14:03 */
export const formatMinute = (d: Instant) => toMinute.format(toDate(d));
/** 14:03:07 */
export const clockTime = (d: Instant) => clock.format(toDate(d));
/** 2026/12/02周三 14:03:07 */
export const datedTime = (d: Instant) => dated.format(toDate(d));
/** 14:03 */
export const minuteTime = (d: Instant) => minutes.format(toDate(d));

/** The local wall-clock reading of an instant, as a Date whose UTC fields are the local ones. */
export function localWall(d: Instant): Date {
	const ms = toDate(d).getTime();
	if (!Number.isFinite(ms)) throw new RangeError('无效的时间');
	return new Date(ms + UTC_OFFSET_MS);
}

/** The instant a local wall-clock reading (a Date whose UTC fields are local) stands for. */
export const fromLocalWall = (wall: Date) => new Date(wall.getTime() - UTC_OFFSET_MS);

/** The local calendar day: 'YYYY-MM-DD'. */
export const localDay = (d: Instant) => localWall(d).toISOString().slice(0, 10);
/** 'YYYY-MM-DD HH:MM', local. */
export const localMinute = (d: Instant) => localWall(d).toISOString().slice(0, 16).replace('T', ' ');
/** 'YYYY-MM-DDTHH:MM', local: the value of an `<input type="datetime-local">`. */
export const localInput = (d: Instant) => localWall(d).toISOString().slice(0, 16);
/** 'HH:MM', local. */
export const localClock = (d: Instant) => localWall(d).toISOString().slice(11, 16);

/**
 * The same reading `months` calendar months later (earlier when negative), read in UTC fields
 * (pass a localWall to count in local time). A day the target month lacks clamps to its last
 * day: 31 March less one month is 28 (or 29) February. The time of day is kept.
 */
export function addMonthsClamped(at: Date, months: number): Date {
	if (!Number.isInteger(months)) throw new RangeError(`月数必须是整数：${months}`);
	const [year, month, day] = [at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()];
	const timeOfDay = at.getTime() - Date.UTC(year, month, day);
	const lastDay = new Date(Date.UTC(year, month + months + 1, 0)).getUTCDate();
	return new Date(Date.UTC(year, month + months, Math.min(day, lastDay)) + timeOfDay);
}
