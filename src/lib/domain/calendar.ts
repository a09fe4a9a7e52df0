/**
 * The holiday calendar: the State Council's yearly notices as data over the statutory days of the
 * law (holidays.ts), and period counting on it.
 *
 * Counting (民法典 第二百零一至二百零三条): the day a period starts is not counted; the period
 * ends at 24:00 of its last day; "期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日".
 *
 * What counts as 法定休假日 here: the days of a State Council holiday block (放假调休, including
 * the weekend days bridged into it); for a year whose notice is not entered, the statutory days of
 * the 全国年节及纪念日放假办法 alone (the year is "unconfirmed": 未录入当年调休安排). Courts read 法定休假日 as also covering ordinary weekends
 * (公休日); DOMAIN.md counts calendar days and moves only a last day on a statutory holiday, so
 * ordinary weekends extend a period only when the rules say `weekendExtends`. A 调休 working
 * weekend is a working day either way.
 */
import { addDays, dayOfWeek } from './deadlines.ts';
import { statutoryDays, isStatutoryDay } from './holidays.ts';

/** One year of the State Council's 部分节假日安排. Edit per year; `validateCalendar` checks it. */
export type HolidayYear = {
	year: number;
	/** Rest days of the holiday blocks, 'YYYY-MM-DD' (bridged weekend days included). */
	holidays: string[];
	/** 调休 working weekends, 'YYYY-MM-DD'. */
	workdays: string[];
	/** Whether the dates were checked against the published notice. */
	verified: boolean;
	/** Where the dates come from. */
	source: string;
	/** The date of the notice, 'YYYY-MM-DD' (absent in data stored before it was asked for). */
	noticeDate?: string | null;
};
export type HolidayCalendar = HolidayYear[];

/** Every date from `from` to `to`, both included. */
export function dateRange(from: string, to: string): string[] {
	const dates: string[] = [];
	for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
	return dates;
}

/**
 * The published calendars. 2025: 国办发明电〔2024〕12号 (2024-11-12). 2026: 国务院办公厅关于
 * 2026年部分节假日安排的通知 (2025-11-04, 新华社 full text); both checked date by date.
 */
export const DEFAULT_CALENDAR: HolidayCalendar = [
	{
		year: 2025,
		verified: true,
		source: '国务院办公厅关于2025年部分节假日安排的通知（国办发明电〔2024〕12号）',
		noticeDate: '2024-11-12',
		holidays: [
			'2025-01-01', // 元旦
			...dateRange('2025-01-28', '2025-02-04'), // 春节
			...dateRange('2025-04-04', '2025-04-06'), // 清明节
			...dateRange('2025-05-01', '2025-05-05'), // 劳动节
			...dateRange('2025-05-31', '2025-06-02'), // 端午节
			...dateRange('2025-10-01', '2025-10-08') // 国庆节、中秋节
		],
		workdays: ['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']
	},
	{
		year: 2026,
		verified: true,
		source: '国务院办公厅关于2026年部分节假日安排的通知（2025年11月4日）',
		noticeDate: '2025-11-04',
		holidays: [
			...dateRange('2026-01-01', '2026-01-03'), // 元旦
			...dateRange('2026-02-15', '2026-02-23'), // 春节
			...dateRange('2026-04-04', '2026-04-06'), // 清明节
			...dateRange('2026-05-01', '2026-05-05'), // 劳动节
			...dateRange('2026-06-19', '2026-06-21'), // 端午节
			...dateRange('2026-09-25', '2026-09-27'), // 中秋节
			...dateRange('2026-10-01', '2026-10-07') // 国庆节
		],
		workdays: ['2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10']
	}
];

type Index = { holidays: Set<string>; workdays: Set<string>; years: Set<number> };
const indexes = new WeakMap<HolidayCalendar, Index>();

function indexOf(calendar: HolidayCalendar): Index {
	let index = indexes.get(calendar);
	if (!index) {
		index = {
			holidays: new Set(calendar.flatMap((y) => y.holidays)),
			workdays: new Set(calendar.flatMap((y) => y.workdays)),
			years: new Set(calendar.map((y) => y.year))
		};
		indexes.set(calendar, index);
	}
	return index;
}

/** Whether the year of the date has its State Council notice entered (its 调休 arrangement is known). */
export const calendarCovers = (date: string, calendar: HolidayCalendar) => indexOf(calendar).years.has(Number(date.slice(0, 4)));

/** The years from `from` to `to` (dates, both included) whose notice is not entered. */
export function unconfirmedYears(from: string, to: string, calendar: HolidayCalendar): number[] {
	const { years } = indexOf(calendar);
	const out: number[] = [];
	for (let y = Number(from.slice(0, 4)); y <= Number(to.slice(0, 4)); y++) if (!years.has(y)) out.push(y);
	return out;
}

/** How unconfirmed years read in an explanation: "2027 年未录入当年调休安排，按法定节假日计". */
export const unconfirmedText = (years: number[]) => (years.length ? `${years.join('、')} 年未录入当年调休安排，按法定节假日计` : '');

/**
 * A day of a statutory holiday block (bridged weekend days included) by the year's notice; in a
 * year without one, a statutory day of the law.
 */
export function isStatutoryHoliday(date: string, calendar: HolidayCalendar): boolean {
	const index = indexOf(calendar);
	return index.years.has(Number(date.slice(0, 4))) ? index.holidays.has(date) : isStatutoryDay(date);
}

/** A 调休 working weekend. */
export const isMakeUpWorkday = (date: string, calendar: HolidayCalendar) => indexOf(calendar).workdays.has(date);

/** A day nobody works: a holiday, or a weekend that is not a 调休 working day. */
export function isRestDay(date: string, calendar: HolidayCalendar): boolean {
	if (isStatutoryHoliday(date, calendar)) return true;
	const weekday = dayOfWeek(date);
	return (weekday === 0 || weekday === 6) && !isMakeUpWorkday(date, calendar);
}

/**
 * The last day of a period of `days` days starting on `startDate` (not counted); the period
 * ends at 24:00 of the returned date. A last day on a statutory holiday moves to the first day
 * after the holiday block (after any rest day too, with `weekendExtends`).
 */
export function periodEnd(startDate: string, days: number, calendar: HolidayCalendar, options: { weekendExtends?: boolean } = {}): string {
	if (!Number.isInteger(days) || days < 0) throw new RangeError(`期间天数应为非负整数：${days}`);
	const moves = options.weekendExtends ? isRestDay : isStatutoryHoliday;
	let last = addDays(startDate, days);
	while (moves(last, calendar)) last = addDays(last, 1);
	return last;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const isRealDate = (s: unknown): s is string => typeof s === 'string' && DATE.test(s) && addDaysSafe(s) !== null;
function addDaysSafe(date: string): string | null {
	try {
		return addDays(date, 0);
	} catch {
		return null;
	}
}

type Refusal = { ok: false; field: string; message: string };
const refuse = (field: string, message: string): Refusal => ({ ok: false, field, message });

function checkDates(list: unknown, year: number, field: string, label: string): Refusal | null {
	if (!Array.isArray(list)) return refuse(field, `${label}应为日期列表`);
	const seen = new Set<string>();
	for (const [j, date] of list.entries()) {
		const at = `${field}.${j}`;
		if (!isRealDate(date)) return refuse(at, `${label}“${String(date)}”不是有效日期（应为 YYYY-MM-DD）`);
		if (Number(date.slice(0, 4)) !== year) return refuse(at, `${label} ${date} 不在 ${year} 年内`);
		if (seen.has(date)) return refuse(at, `${label} ${date} 重复`);
		seen.add(date);
	}
	return null;
}

/**
 * Checks an edited calendar before it is used: real dates inside their own year, no date twice,
 * no day both a holiday and a 调休 working day, 调休 days on weekends, each year once.
 * Refusals name the field (`1.workdays.0`) and say what is wrong in Chinese.
 */
export function validateCalendar(input: unknown): { ok: true; data: HolidayCalendar } | Refusal {
	if (!Array.isArray(input)) return refuse('', '节假日日历应为按年份排列的列表');
	const years = new Set<number>();
	for (const [i, entry] of input.entries()) {
		if (typeof entry !== 'object' || entry === null) return refuse(`${i}`, `第 ${i + 1} 项应为一年的节假日安排`);
		const { year, holidays, workdays, verified, source, noticeDate } = entry as Record<string, unknown>;
		if (typeof year !== 'number' || !Number.isInteger(year) || year < 2000 || year > 2100)
			return refuse(`${i}.year`, '年份应为 2000–2100 的整数');
		if (years.has(year)) return refuse(`${i}.year`, `${year} 年的安排重复`);
		years.add(year);
		const bad = checkDates(holidays, year, `${i}.holidays`, '放假日期') ?? checkDates(workdays, year, `${i}.workdays`, '调休上班日期');
		if (bad) return bad;
		const rest = new Set(holidays as string[]);
		const missing = statutoryDays(year).find((d) => !rest.has(d.date));
		if (missing) return refuse(`${i}.holidays`, `放假日期缺少法定节假日 ${missing.date}（${missing.name}），依《全国年节及纪念日放假办法》当日必须放假`);
		for (const [j, date] of (workdays as string[]).entries()) {
			if (rest.has(date)) return refuse(`${i}.workdays.${j}`, `${date} 同时列为放假日期和调休上班日期`);
			const weekday = dayOfWeek(date);
			if (weekday !== 0 && weekday !== 6) return refuse(`${i}.workdays.${j}`, `调休上班日期 ${date} 不是周六或周日`);
		}
		if (typeof verified !== 'boolean') return refuse(`${i}.verified`, '是否已核对应为是或否');
		if (typeof source !== 'string' || source.trim() === '') return refuse(`${i}.source`, '请填写来源（发布文件）');
		if (noticeDate != null && (!isRealDate(noticeDate) || Number(noticeDate.slice(0, 4)) > year || Number(noticeDate.slice(0, 4)) < year - 1))
			return refuse(`${i}.noticeDate`, `通知日期“${String(noticeDate)}”应为 ${year - 1} 或 ${year} 年内的有效日期（YYYY-MM-DD）`);
	}
	const data = (input as HolidayYear[])
		.map((y) => ({ ...y, holidays: [...y.holidays].sort(), workdays: [...y.workdays].sort() }))
		.sort((a, b) => a.year - b.year);
	return { ok: true, data };
}
