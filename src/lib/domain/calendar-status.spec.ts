import { describe, expect, it } from 'vitest';
import { checkStoredYears, noticeStatus, refusedText } from './calendar-status.ts';
import { NOTICES_2025_2026 } from './spec-support.ts';

/** 2025 and 2026 only: "2027 missing" must hold after the bundle gains 2027's notice. */
const cal = NOTICES_2025_2026;

describe('noticeStatus: which notices are missing', () => {
	it('2026 entered; 2027 missing is only noted before 1 November', () => {
		expect(noticeStatus(cal, '2026-10-31').map((s) => [s.year, s.entered, s.level])).toEqual([
			[2026, true, 'ok'],
			[2027, false, 'info']
		]);
	});

	it('from 1 November the next year’s absence is a warning', () => {
		const [, next] = noticeStatus(cal, '2026-11-01');
		expect(next).toMatchObject({ year: 2027, entered: false, level: 'warning' });
		expect(next.message).toContain('2027 年未录入当年调休安排');
	});

	it('the current year missing is always a warning', () => {
		expect(noticeStatus(cal, '2027-03-01').map((s) => s.level)).toEqual(['warning', 'info']);
		expect(noticeStatus([], '2025-01-05')[0]).toMatchObject({ year: 2025, level: 'warning' });
	});
});

describe('checkStoredYears: one bad year never takes the others with it', () => {
	it('keeps good years, refuses the bad one by itself', () => {
		const bad = { ...cal[1], workdays: ['2026-02-16'] }; // a weekday, and a 春节 day
		const { calendar, refused } = checkStoredYears([cal[0], bad]);
		expect(calendar.map((y) => y.year)).toEqual([2025]);
		expect(refused).toEqual([{ year: 2026, field: 'workdays.0', message: '2026-02-16 同时列为放假日期和调休上班日期' }]);
		expect(refusedText(refused[0])).toBe('2026 年的调休安排数据有误（2026-02-16 同时列为放假日期和调休上班日期），已停用，该年按法定节假日计算；请在时限规则页重新录入');
	});

	it('a year missing a statutory day is refused alone', () => {
		const { calendar, refused } = checkStoredYears([{ ...cal[0], holidays: cal[0].holidays.filter((d) => d !== '2025-01-01') }, cal[1]]);
		expect(calendar.map((y) => y.year)).toEqual([2026]);
		expect(refused[0]).toMatchObject({ year: 2025, field: 'holidays' });
	});

	it('all good: everything kept, sorted; garbage is refused without a year', () => {
		expect(checkStoredYears([cal[1], cal[0]]).calendar.map((y) => y.year)).toEqual([2025, 2026]);
		expect(checkStoredYears([null]).refused).toEqual([{ year: null, field: '', message: '第 1 项应为一年的节假日安排' }]);
	});
});
