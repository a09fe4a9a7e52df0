import { localDate } from '../domain/deadlines.ts';

// Intl formatters are costly to build: the wall makes each once (a toLocaleString call with options builds one every time).
const zone = { timeZone: 'Asia/Shanghai', hour12: false } as const;
const clock = new Intl.DateTimeFormat('zh-CN', { ...zone, hour: '2-digit', minute: '2-digit', second: '2-digit' });
const dated = new Intl.DateTimeFormat('zh-CN', { ...zone, year: 'numeric', month: '2-digit', day: '2-digit', weekday: 'short', hour: '2-digit', minute: '2-digit', second: '2-digit' });
const minutes = new Intl.DateTimeFormat('zh-CN', { ...zone, hour: '2-digit', minute: '2-digit' });

/** 14:03:07 (Beijing time) */
export const clockTime = (d: Date | string) => clock.format(typeof d === 'string' ? new Date(d) : d);
/** 2026/12/02周三 14:03:07 */
export const datedTime = (d: Date) => dated.format(d);
/** 14:03 */
export const minuteTime = (d: Date | string) => minutes.format(typeof d === 'string' ? new Date(d) : d);

/** The local (Asia/Shanghai) calendar day of an instant, given as a Date or ISO text. */
export const localDay = (instant: string | Date) => localDate(typeof instant === 'string' ? new Date(instant) : instant);
