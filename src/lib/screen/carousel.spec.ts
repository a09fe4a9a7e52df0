import { describe, expect, it } from 'vitest';
import { carouselStops, nextStop, reloadDue } from './carousel.ts';
import { isStale } from './stale.ts';

describe('carousel', () => {
	it('visits every region with every layout and wraps around', () => {
		const stops = carouselStops(['370000', '370100'], ['overview', 'supervision']);
		expect(stops).toHaveLength(4);
		expect(nextStop(stops, { layout: 'overview', region: '370000' })).toEqual({ layout: 'supervision', region: '370000' });
		expect(nextStop(stops, { layout: 'supervision', region: '370100' })).toEqual({ layout: 'overview', region: '370000' });
		// drilled somewhere else by hand: the carousel starts again from the top
		expect(nextStop(stops, { layout: 'overview', region: '370102' })).toEqual(stops[0]);
		expect(nextStop([], stops[0])).toBeNull();
	});

	it('reloads at the quiet hour (local time) once, not on a page just loaded', () => {
		const loaded = new Date('2026-12-01T10:00:00Z');
		expect(reloadDue('03:30', new Date('2026-12-01T19:30:10Z'), loaded)).toBe(true); // 03:30 in UTC+8
		expect(reloadDue('03:30', new Date('2026-12-01T19:31:00Z'), loaded)).toBe(false);
		expect(reloadDue('03:30', new Date('2026-12-01T19:30:10Z'), new Date('2026-12-01T19:00:00Z'))).toBe(false);
		expect(reloadDue(null, new Date(), loaded)).toBe(false);
	});
});

describe('isStale', () => {
	it('turns stale after 10 s without a frame or tick, or while never live', () => {
		const at = new Date('2026-12-01T00:00:00Z');
		expect(isStale('live', at, new Date(at.getTime() + 10_000))).toBe(false);
		expect(isStale('live', at, new Date(at.getTime() + 10_001))).toBe(true);
		expect(isStale('offline', at, new Date(at.getTime() + 3000))).toBe(false);
		expect(isStale('connecting', null, at)).toBe(true);
		expect(isStale('live', null, at)).toBe(false);
	});
});
