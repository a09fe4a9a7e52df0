/**
 * The statutory holidays of any year, from the law rather than from a table that runs out.
 *
 * 《全国年节及纪念日放假办法》 as amended (国务院令第795号, in force from 2025-01-01), 第二条:
 * 元旦 1月1日; 春节 农历除夕至正月初三 (4 days); 清明节 the day of the 清明 solar term;
 * 劳动节 5月1日、2日; 端午节 农历端午当日 (五月初五); 中秋节 农历中秋当日 (八月十五);
 * 国庆节 10月1日至3日. The State Council's yearly notice adds bridging days and 调休 worked
 * weekends; a year without it has only these days (see calendar.ts, "unconfirmed").
 *
 * The lunar dates come from `lunar-typescript` (a maintained lunar calendar with the jieqi table).
 * Each year is computed once and cached: clocks run for 200,000 items at a time.
 */
import { Lunar } from 'lunar-typescript';
import { addDays } from './deadlines.ts';

export type StatutoryDay = { date: string; name: string };

export const holidayNames = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'] as const;
export type HolidayName = (typeof holidayNames)[number];

/** The lunar calendar covers these years reliably; outside them no day is computed. */
export const LUNAR_YEARS = { from: 1901, to: 2099 } as const;

const pad = (n: number) => String(n).padStart(2, '0');
const ymd = (y: number, m: number, d: number) => `${y}-${pad(m)}-${pad(d)}`;

function compute(year: number): StatutoryDay[] {
	const day = (name: HolidayName, date: string): StatutoryDay => ({ date, name });
	// 除夕: the day before 正月初一 (the twelfth month has 29 or 30 days, so never "腊月三十" blindly)
	const eve = Lunar.fromYmd(year, 1, 1).getSolar().next(-1).toYmd();
	// the 清明 solar term of this Gregorian year: the lunar year that contains March holds it
	const qingming = Lunar.fromYmd(year, 3, 1).getJieQiTable()['清明'].toYmd();
	const lunar = (month: number, d: number) => Lunar.fromYmd(year, month, d).getSolar().toYmd();
	return [
		day('元旦', ymd(year, 1, 1)),
		...[0, 1, 2, 3].map((n) => day('春节', addDays(eve, n))),
		day('清明节', qingming),
		day('劳动节', ymd(year, 5, 1)),
		day('劳动节', ymd(year, 5, 2)),
		day('端午节', lunar(5, 5)),
		day('中秋节', lunar(8, 15)),
		...[1, 2, 3].map((d) => day('国庆节', ymd(year, 10, d)))
	].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const cache = new Map<number, { days: StatutoryDay[]; dates: Set<string> }>();

function cached(year: number) {
	let entry = cache.get(year);
	if (!entry) {
		const days = Number.isInteger(year) && year >= LUNAR_YEARS.from && year <= LUNAR_YEARS.to ? compute(year) : [];
		// the lunar package can place 除夕 in the year before (never in practice: 春节 falls 1/21–2/20)
		const own = days.filter((d) => d.date.startsWith(`${year}-`));
		entry = { days: own, dates: new Set(own.map((d) => d.date)) };
		cache.set(year, entry);
	}
	return entry;
}

/** The 13 statutory days off of a year, in date order, each with its holiday's name. */
export const statutoryDays = (year: number): StatutoryDay[] => cached(year).days;

/** Whether the date is one of the statutory days off of its year. */
export const isStatutoryDay = (date: string): boolean => cached(Number(date.slice(0, 4))).dates.has(date);

/** The statutory holiday a date belongs to, or null. */
export const statutoryName = (date: string): HolidayName | null =>
	(cached(Number(date.slice(0, 4))).days.find((d) => d.date === date)?.name as HolidayName | undefined) ?? null;
