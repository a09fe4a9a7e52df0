import { describe, expect, it } from 'vitest';
import { change, periodRanges } from './wall.ts';
import { Ring } from './ring.ts';

describe('periodRanges', () => {
	it('compares to date: yesterday, last week to the same weekday, last month to the same day, a year back', () => {
		const r = periodRanges('2026-12-02'); // a Wednesday
		expect(r.week).toEqual({ from: '2026-11-30', to: '2026-12-02' });
		expect(r.lastWeek).toEqual({ from: '2026-11-23', to: '2026-11-25' });
		expect(r.weekLastYear).toEqual({ from: '2025-12-01', to: '2025-12-03' }); // 52 weeks: Monday to Wednesday again
		expect(r.month).toEqual({ from: '2026-12-01', to: '2026-12-02' });
		expect(r.lastMonth).toEqual({ from: '2026-11-01', to: '2026-11-02' });
		expect(r.monthLastYear).toEqual({ from: '2025-12-01', to: '2025-12-02' });
		expect(r.yesterday).toEqual({ from: '2026-12-01', to: '2026-12-01' });
		expect(r.todayLastYear).toEqual({ from: '2025-12-02', to: '2025-12-02' });
	});

	it('clamps a month-end to the shorter month before, and 29 February to the 28th', () => {
		expect(periodRanges('2026-03-31').lastMonth).toEqual({ from: '2026-02-01', to: '2026-02-28' });
		expect(periodRanges('2028-02-29').todayLastYear).toEqual({ from: '2027-02-28', to: '2027-02-28' });
		expect(periodRanges('2026-01-15').lastMonth).toEqual({ from: '2025-12-01', to: '2025-12-15' });
		expect(periodRanges('2026-11-30').week.from).toBe('2026-11-30'); // a Monday starts its own week
	});
});

describe('change', () => {
	it('is null against nothing, never Infinity', () => {
		expect(change(5, 0)).toBeNull();
		expect(change(15, 10)).toBeCloseTo(0.5);
		expect(change(5, 10)).toBeCloseTo(-0.5);
	});
});

describe('Ring', () => {
	it('keeps the newest entries first and never more than its capacity', () => {
		const ring = new Ring<number>(3);
		ring.push(1, 2);
		expect(ring.push(3, 4)).toEqual([4, 3, 2]);
		for (let i = 0; i < 10_000; i++) ring.push(i);
		expect(ring.size).toBe(3);
		expect(ring.items).toEqual([9999, 9998, 9997]);
		expect(new Ring<number>(2).push(1, 2, 3, 4, 5)).toEqual([5, 4]);
		expect(() => new Ring(0)).toThrow(RangeError);
	});
});
