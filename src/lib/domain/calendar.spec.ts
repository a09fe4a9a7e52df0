import { describe, expect, it } from 'vitest';
import {
	DEFAULT_CALENDAR,
	calendarCovers,
	dateRange,
	isMakeUpWorkday,
	isRestDay,
	isStatutoryHoliday,
	periodEnd,
	unconfirmedYears,
	validateCalendar,
	type HolidayCalendar
} from './calendar.ts';
import { dayOfWeek } from './deadlines.ts';
import { statutoryDays } from './holidays.ts';
import { NOTICES_2025_2026 } from './spec-support.ts';

/** 2025 and 2026 only: the cases over 2027 count on its notice being absent, whatever the bundle holds. */
const cal = NOTICES_2025_2026;

describe('the bundled calendars', () => {
	it('hold the State Council notices for 2025 and 2026, checked', () => {
		// the whole bundle, a year added since included
		expect(validateCalendar(DEFAULT_CALENDAR).ok).toBe(true);
		expect(cal.map((y) => [y.year, y.verified, y.holidays.length, y.workdays.length])).toEqual([
			[2025, true, 28, 5], // 1 + 8 + 3 + 5 + 3 + 8
			[2026, true, 33, 6] // 3 + 9 + 3 + 5 + 3 + 3 + 7
		]);
	});

	it('put every 调休 working day on a weekend', () => {
		for (const y of DEFAULT_CALENDAR) for (const d of y.workdays) expect([0, 6]).toContain(dayOfWeek(d));
	});

	const days: [date: string, holiday: boolean, workday: boolean, rest: boolean][] = [
		['2025-01-01', true, false, true], // 元旦, Wednesday
		['2025-01-26', false, true, false], // Sunday, 调休 working
		['2025-01-28', true, false, true], // 除夕
		['2025-02-04', true, false, true],
		['2025-02-05', false, false, false],
		['2025-02-08', false, true, false], // Saturday, 调休 working
		['2025-04-27', false, true, false],
		['2025-06-02', true, false, true], // 端午, Monday
		['2025-09-28', false, true, false],
		['2025-10-08', true, false, true],
		['2025-10-11', false, true, false],
		['2025-10-12', false, false, true], // an ordinary Sunday
		['2026-01-03', true, false, true],
		['2026-01-04', false, true, false],
		['2026-02-15', true, false, true],
		['2026-02-23', true, false, true],
		['2026-02-24', false, false, false],
		['2026-05-09', false, true, false],
		['2026-06-19', true, false, true],
		['2026-09-27', true, false, true],
		['2026-09-20', false, true, false],
		['2026-10-07', true, false, true],
		['2026-10-10', false, true, false]
	];
	it.each(days)('%s: holiday %s, 调休 %s, rest %s', (date, holiday, workday, rest) => {
		expect([isStatutoryHoliday(date, cal), isMakeUpWorkday(date, cal), isRestDay(date, cal)]).toEqual([holiday, workday, rest]);
	});

	it('knows which years have their notice entered, and which a period crosses without one', () => {
		expect(calendarCovers('2026-05-01', cal)).toBe(true);
		expect(calendarCovers('2027-05-01', cal)).toBe(false);
		expect(unconfirmedYears('2026-12-17', '2027-01-02', cal)).toEqual([2027]);
		expect(unconfirmedYears('2025-12-17', '2026-01-04', cal)).toEqual([]);
		expect(unconfirmedYears('2027-12-17', '2029-01-02', cal)).toEqual([2027, 2028, 2029]);
	});

	it('a year without its notice has the statutory days of the law, and no 调休', () => {
		expect(['2027-01-01', '2027-02-05', '2027-02-08', '2027-04-05', '2027-05-02', '2027-06-09', '2027-09-15', '2027-10-03'].map((d) => isStatutoryHoliday(d, cal))).toEqual(Array(8).fill(true));
		expect(['2027-01-02', '2027-02-09', '2027-10-04', '2027-10-07'].map((d) => isStatutoryHoliday(d, cal))).toEqual([false, false, false, false]);
		// an ordinary weekend is a rest day, not a statutory holiday
		expect([isRestDay('2027-01-02', cal), isStatutoryHoliday('2027-01-02', cal), isMakeUpWorkday('2027-01-02', cal)]).toEqual([true, false, false]);
	});

	it('a stored notice wins for its year: bridging days off, a worked weekend worked', () => {
		const notice: HolidayCalendar = [...cal, { year: 2027, holidays: [...statutoryDays(2027).map((d) => d.date), '2027-02-09', '2027-02-10', '2027-02-11'], workdays: ['2027-02-20'], verified: true, source: '通知' }];
		expect([isStatutoryHoliday('2027-02-10', notice), isStatutoryHoliday('2027-02-10', cal)]).toEqual([true, false]);
		expect([isRestDay('2027-02-20', notice), isRestDay('2027-02-20', cal)]).toEqual([false, true]);
		expect(unconfirmedYears('2027-01-01', '2027-12-31', notice)).toEqual([]);
	});
});

describe('periodEnd (民法典 第201–203条)', () => {
	const rows: [start: string, days: number, weekendExtends: boolean, end: string][] = [
		['2026-03-03', 15, false, '2026-03-18'],
		['2026-03-03', 0, false, '2026-03-03'],
		['2026-04-16', 15, false, '2026-05-06'], // 1 May → after 劳动节
		['2026-04-16', 14, false, '2026-04-30'],
		['2026-09-10', 15, false, '2026-09-28'], // 中秋 25–27 Sep
		['2026-09-16', 15, false, '2026-10-08'], // 1 Oct → after 国庆
		['2026-09-05', 15, false, '2026-09-20'], // Sunday 调休 working
		['2026-03-06', 15, false, '2026-03-21'], // Saturday stays
		['2026-03-06', 15, true, '2026-03-23'], // Saturday → Monday
		['2026-03-07', 15, true, '2026-03-23'], // Sunday → Monday
		['2026-05-18', 15, true, '2026-06-02'], // Tuesday: nothing to move
		['2025-09-12', 30, true, '2025-10-13'], // 12 Oct Sunday after 国庆 block: → Monday 13 Oct
		['2025-09-12', 30, false, '2025-10-12']
	];
	it.each(rows)('%s + %i days (weekendExtends %s) ends %s', (start, days, weekends, end) => {
		expect(periodEnd(start, days, cal, { weekendExtends: weekends })).toBe(end);
	});

	it('refuses negative or fractional days', () => {
		expect(() => periodEnd('2026-03-03', -1, cal)).toThrow();
		expect(() => periodEnd('2026-03-03', 1.5, cal)).toThrow();
	});

	it('uses an edited calendar', () => {
		const local: HolidayCalendar = [{ year: 2027, holidays: dateRange('2027-10-01', '2027-10-07'), workdays: [], verified: false, source: '本地草案' }];
		expect(periodEnd('2027-09-16', 15, local)).toBe('2027-10-08');
		// without 2027's notice: the statutory 国庆 10/1–3 only, so Monday 4 Oct
		expect(periodEnd('2027-09-16', 15, cal)).toBe('2027-10-04');
	});
});

describe('validateCalendar', () => {
	const law = statutoryDays(2027).map((d) => d.date);
	const year = (over: Record<string, unknown> = {}) => ({ year: 2027, holidays: law, workdays: ['2027-09-26'], verified: false, source: '草案', ...over });
	const refusals: [what: string, input: unknown, field: string, message: string][] = [
		['not a list', { year: 2027 }, '', '节假日日历应为按年份排列的列表'],
		['an entry not an object', [null], '0', '第 1 项应为一年的节假日安排'],
		['a bad year', [year({ year: 1999 })], '0.year', '年份应为 2000–2100 的整数'],
		['a year twice', [year(), year()], '1.year', '2027 年的安排重复'],
		['holidays not a list', [year({ holidays: '2027-10-01' })], '0.holidays', '放假日期应为日期列表'],
		['an impossible date', [year({ holidays: ['2027-02-29'] })], '0.holidays.0', '放假日期“2027-02-29”不是有效日期（应为 YYYY-MM-DD）'],
		['a malformed date', [year({ holidays: ['2027-10-1'] })], '0.holidays.0', '放假日期“2027-10-1”不是有效日期（应为 YYYY-MM-DD）'],
		['a date in another year', [year({ holidays: ['2027-10-01', '2028-01-01'] })], '0.holidays.1', '放假日期 2028-01-01 不在 2027 年内'],
		['a date twice', [year({ holidays: ['2027-10-01', '2027-10-01'] })], '0.holidays.1', '放假日期 2027-10-01 重复'],
		['a workday in another year', [year({ workdays: ['2026-09-26'] })], '0.workdays.0', '调休上班日期 2026-09-26 不在 2027 年内'],
		['a statutory day not off', [year({ holidays: law.filter((d) => d !== '2027-02-08') })], '0.holidays', '放假日期缺少法定节假日 2027-02-08（春节），依《全国年节及纪念日放假办法》当日必须放假'],
		['no statutory day at all', [year({ holidays: ['2027-10-01'] })], '0.holidays', '放假日期缺少法定节假日 2027-01-01（元旦），依《全国年节及纪念日放假办法》当日必须放假'],
		['a day both holiday and workday', [year({ holidays: [...law, '2027-09-26'], workdays: ['2027-09-26'] })], '0.workdays.0', '2027-09-26 同时列为放假日期和调休上班日期'],
		['a 调休 workday on a weekday', [year({ workdays: ['2027-09-27'] })], '0.workdays.0', '调休上班日期 2027-09-27 不是周六或周日'],
		['verified missing', [year({ verified: undefined })], '0.verified', '是否已核对应为是或否'],
		['no source', [year({ source: ' ' })], '0.source', '请填写来源（发布文件）']
	];
	it.each(refusals)('refuses %s', (_what, input, field, message) => {
		expect(validateCalendar(input)).toEqual({ ok: false, field, message });
	});

	it('accepts an edited year and sorts it', () => {
		const result = validateCalendar([year({ holidays: ['2027-10-04', ...[...law].reverse()] }), ...cal]);
		expect(result.ok).toBe(true);
		if (result.ok) {
			expect(result.data.map((y) => y.year)).toEqual([2025, 2026, 2027]);
			expect(result.data[2].holidays).toEqual([...law, '2027-10-04'].sort());
		}
	});
});
