import { describe, expect, it } from 'vitest';
import {
	addMonthsClamped,
	clockTime,
	datedTime,
	formatInstant,
	formatMinute,
	fromLocalWall,
	localClock,
	localDay,
	localInput,
	localMinute,
	localWall,
	minuteTime,
	UTC_OFFSET_MS
} from './time.ts';

// 2026-01-01 16:05:09 UTC is 2026-01-02 00:05:09 in Beijing: the local day has already turned
const justAfterMidnight = new Date('2026-01-01T16:05:09Z');

describe('local time is Beijing time, whatever the process zone', () => {
	it('reads the local day, minute and clock across the UTC date line', () => {
		expect(localDay(justAfterMidnight)).toBe('2026-01-02');
		expect(localMinute(justAfterMidnight)).toBe('2026-01-02 00:05');
		expect(localInput(justAfterMidnight)).toBe('2026-01-02T00:05');
		expect(localClock(justAfterMidnight)).toBe('00:05');
		expect(localDay('2026-01-01T15:59:59Z')).toBe('2026-01-01');
		expect(localDay(Date.parse('2026-01-01T16:00:00Z'))).toBe('2026-01-02');
	});

	it('formats instants as the office pages show them, a 24-hour clock from 00', () => {
		expect(formatInstant(justAfterMidnight)).toBe('2026/1/2 00:05:09');
		expect(formatInstant('2026-11-20T01:30:00Z')).toBe('2026/11/20 09:30:00');
		expect(formatMinute(justAfterMidnight)).toBe('2026/01/02 00:05');
		expect(clockTime(justAfterMidnight)).toBe('00:05:09');
		expect(minuteTime('2026-11-20T09:03:00Z')).toBe('17:03');
		expect(datedTime(new Date('2026-12-02T06:03:07Z'))).toBe('2026/12/02周三 14:03:07');
	});

	it('formats exactly as toLocaleString with the zone does (the calls it replaced)', () => {
		for (let t = Date.UTC(2025, 0, 1); t < Date.UTC(2027, 0, 1); t += 7 * 3_600_000 + 61_000) {
			const d = new Date(t);
			expect(formatInstant(d)).toBe(d.toLocaleString('zh-CN', { timeZone: 'Asia/Shanghai', hour12: false }));
		}
	});

	it('turns a wall-clock reading back into the instant', () => {
		expect(localWall(justAfterMidnight).toISOString()).toBe('2026-01-02T00:05:09.000Z');
		expect(fromLocalWall(localWall(justAfterMidnight)).getTime()).toBe(justAfterMidnight.getTime());
		expect(UTC_OFFSET_MS).toBe(8 * 3_600_000);
	});

	it('refuses an invalid instant rather than printing NaN', () => {
		expect(() => localDay('not a time')).toThrow(RangeError);
		expect(() => localMinute(new Date(Number.NaN))).toThrow('无效的时间');
	});
});

describe('addMonthsClamped: calendar months, a missing day clamps to the month end', () => {
	const at = (iso: string) => addMonthsClamped(new Date(iso), -6).toISOString();

	it('keeps the day and the time of day when the month has it', () => {
		expect(at('2026-03-15T10:00:00.000Z')).toBe('2025-09-15T10:00:00.000Z');
		expect(addMonthsClamped(new Date('2026-01-31T23:59:59.000Z'), 0).toISOString()).toBe('2026-01-31T23:59:59.000Z');
	});

	it('clamps to the last day of a shorter month, leap years included', () => {
		expect(at('2026-08-31T23:30:00.000Z')).toBe('2026-02-28T23:30:00.000Z');
		expect(at('2024-08-31T00:10:00.000Z')).toBe('2024-02-29T00:10:00.000Z');
		expect(addMonthsClamped(new Date('2026-01-31T08:00:00.000Z'), 1).toISOString()).toBe('2026-02-28T08:00:00.000Z');
		expect(addMonthsClamped(new Date('2026-05-31T08:00:00.000Z'), -1).toISOString()).toBe('2026-04-30T08:00:00.000Z');
	});

	it('crosses year ends both ways', () => {
		expect(addMonthsClamped(new Date('2026-11-30T00:00:00.000Z'), 3).toISOString()).toBe('2027-02-28T00:00:00.000Z');
		expect(addMonthsClamped(new Date('2026-02-15T00:00:00.000Z'), -14).toISOString()).toBe('2024-12-15T00:00:00.000Z');
	});

	it('refuses a fraction of a month', () => {
		expect(() => addMonthsClamped(new Date(), 1.5)).toThrow(RangeError);
	});
});
