import { describe, expect, it } from 'vitest';
import { splitMonths } from './rates.ts';

describe('a period as whole months and the days outside them (the rollups /rates reads)', () => {
	it('a year from mid-month: two partial months by day, eleven whole months', () => {
		expect(splitMonths('2025-12-05', '2026-12-05')).toEqual({ days: [['2025-12-05', '2025-12-31'], ['2026-12-01', '2026-12-05']], months: ['2026-01-01', '2026-11-01'] });
	});
	it('whole months only, and days only', () => {
		expect(splitMonths('2026-01-01', '2026-02-28')).toEqual({ days: [], months: ['2026-01-01', '2026-02-01'] });
		expect(splitMonths('2026-12-01', '2026-12-05')).toEqual({ days: [['2026-12-01', '2026-12-05']], months: null });
		expect(splitMonths('2026-03-10', '2026-04-20')).toEqual({ days: [['2026-03-10', '2026-04-20']], months: null });
		expect(splitMonths('2026-02-10', '2026-02-10')).toEqual({ days: [['2026-02-10', '2026-02-10']], months: null });
	});
	it('a leap February ends a whole month on the 29th', () => {
		expect(splitMonths('2028-01-15', '2028-02-29')).toEqual({ days: [['2028-01-15', '2028-01-31']], months: ['2028-02-01', '2028-02-01'] });
	});
});
