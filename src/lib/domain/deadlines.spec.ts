import { describe, expect, it } from 'vitest';
import {
	ACCEPT_DAYS,
	CONCLUDE_DAYS,
	MAX_EXTENSION_DAYS,
	ROUTE_DAYS,
	acceptDue,
	addDays,
	concludeDue,
	dayOfWeek,
	daysBetween,
	localDate,
	routeDue,
	startOfLocalDay
} from './deadlines.ts';

/** An independent calendar to check against: step one day at a time through month lengths. */
const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthLength = (y: number, m: number) => [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
const pad = (n: number, w = 2) => String(n).padStart(w, '0');
function stepDays(date: string, n: number): string {
	let [y, m, d] = date.split('-').map(Number);
	for (let i = 0; i < Math.abs(n); i++) {
		if (n > 0) {
			if (++d > monthLength(y, m)) [d, m] = [1, m + 1];
			if (m > 12) [m, y] = [1, y + 1];
		} else {
			if (--d < 1) {
				if (--m < 1) [m, y] = [12, y - 1];
				d = monthLength(y, m);
			}
		}
	}
	return `${pad(y, 4)}-${pad(m)}-${pad(d)}`;
}

describe('the limits', () => {
	it('are the regulation’s numbers', () => {
		expect([ROUTE_DAYS, ACCEPT_DAYS, CONCLUDE_DAYS, MAX_EXTENSION_DAYS]).toEqual([15, 15, 60, 30]);
	});
});

describe('localDate', () => {
	it('turns at local midnight, which is 16:00 UTC the day before', () => {
		expect(localDate(new Date('2026-03-02T15:59:59.999Z'))).toBe('2026-03-02');
		expect(localDate(new Date('2026-03-02T16:00:00.000Z'))).toBe('2026-03-03');
		expect(localDate(new Date('2026-03-03T00:00:00+08:00'))).toBe('2026-03-03');
		expect(localDate(new Date('2026-03-02T23:59:59.999+08:00'))).toBe('2026-03-02');
	});

	it('crosses month, year and leap-day boundaries in local time', () => {
		expect(localDate(new Date('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
		expect(localDate(new Date('2025-12-31T15:59:59Z'))).toBe('2025-12-31');
		expect(localDate(new Date('2024-02-28T16:00:00Z'))).toBe('2024-02-29');
		expect(localDate(new Date('2024-02-29T16:00:00Z'))).toBe('2024-03-01');
		expect(localDate(new Date('2023-02-28T16:00:00Z'))).toBe('2023-03-01');
		expect(localDate(new Date('2026-04-30T16:00:00Z'))).toBe('2026-05-01');
	});

	it('refuses an invalid instant', () => {
		expect(() => localDate(new Date('not a date'))).toThrow();
	});
});

describe('addDays', () => {
	it('handles month ends, year ends and leap days', () => {
		expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
		expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
		expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
		expect(addDays('2024-02-29', 1)).toBe('2024-03-01');
		expect(addDays('2024-02-29', 365)).toBe('2025-02-28');
		expect(addDays('2100-02-28', 1)).toBe('2100-03-01'); // not a leap year
		expect(addDays('2000-02-28', 1)).toBe('2000-02-29'); // a leap year
		expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
		expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
		expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
		expect(addDays('2026-05-05', 0)).toBe('2026-05-05');
	});

	it('agrees with a day-by-day calendar for every day of 2023–2025 and many offsets', () => {
		let date = '2023-01-01';
		while (date < '2026-01-01') {
			for (const n of [-61, -15, -1, 1, 15, 29, 30, 31, 45, 60, 90]) expect(addDays(date, n)).toBe(stepDays(date, n));
			date = stepDays(date, 1);
		}
	});

	it('rejects malformed or impossible dates and fractional days', () => {
		expect(() => addDays('2026-02-30', 1)).toThrow();
		expect(() => addDays('2025-02-29', 1)).toThrow();
		expect(() => addDays('2026-13-01', 1)).toThrow();
		expect(() => addDays('2026-1-1', 1)).toThrow();
		expect(() => addDays('2026-01-01', 1.5)).toThrow();
	});
});

describe('daysBetween, startOfLocalDay, dayOfWeek', () => {
	it('count whole local days', () => {
		expect(daysBetween('2024-02-01', '2024-03-01')).toBe(29);
		expect(daysBetween('2025-02-01', '2025-03-01')).toBe(28);
		expect(daysBetween('2026-01-10', '2025-12-31')).toBe(-10);
		expect(startOfLocalDay('2026-03-03').toISOString()).toBe('2026-03-02T16:00:00.000Z');
		expect(localDate(startOfLocalDay('2026-03-03'))).toBe('2026-03-03');
		expect(dayOfWeek('2026-11-23')).toBe(1); // a Monday
		expect(dayOfWeek('2026-11-22')).toBe(0);
	});
});

describe('due dates', () => {
	it('do not count the start day and end with the last day', () => {
		// received 3 March 09:00 local → routing due by the end of 18 March
		expect(routeDue(new Date('2026-03-03T09:00:00+08:00'))).toBe('2026-03-18');
		expect(acceptDue(new Date('2026-03-03T09:00:00+08:00'))).toBe('2026-03-18');
		expect(concludeDue(new Date('2026-03-03T09:00:00+08:00'))).toBe('2026-05-02');
		expect(concludeDue(new Date('2026-03-03T09:00:00+08:00'), 30)).toBe('2026-06-01');
	});

	it('use the local day of the instant, not the UTC day', () => {
		// 23:59 local on the 31st is still the 31st; one minute later it is the 1st
		expect(routeDue(new Date('2026-01-31T23:59:00+08:00'))).toBe('2026-02-15');
		expect(routeDue(new Date('2026-02-01T00:00:00+08:00'))).toBe('2026-02-16');
		expect(routeDue(new Date('2026-01-31T16:00:00Z'))).toBe('2026-02-16');
	});

	it('cross a leap day and a year end', () => {
		expect(routeDue(new Date('2024-02-20T10:00:00+08:00'))).toBe('2024-03-06');
		expect(routeDue(new Date('2025-02-20T10:00:00+08:00'))).toBe('2025-03-07');
		expect(concludeDue(new Date('2025-11-15T10:00:00+08:00'))).toBe('2026-01-14');
		expect(acceptDue(new Date('2025-12-20T10:00:00+08:00'))).toBe('2026-01-04');
	});

	it('refuse an extension beyond the limit', () => {
		expect(() => concludeDue(new Date(), MAX_EXTENSION_DAYS + 1)).toThrow();
		expect(() => concludeDue(new Date(), -1)).toThrow();
		expect(() => concludeDue(new Date(), 2.5)).toThrow();
	});
});
