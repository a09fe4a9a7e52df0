import { describe, expect, it } from 'vitest';
import { sweepPause } from './sweeper.ts';

const pacing = { intervalMs: 1000, busyIntervalMs: 50, busyPerSecond: 50 };

describe('sweepPause: how long the sweeper rests before its next pass', () => {
	it('rests the full interval after a pass that found nothing', () => {
		expect(sweepPause(0, 1000, pacing)).toBe(1000);
		expect(sweepPause(0, 50, pacing)).toBe(1000);
	});

	it('keeps a quiet office on the interval: 20 new items a second are lit once a second', () => {
		expect(sweepPause(20, 1000, pacing)).toBe(1000);
		expect(sweepPause(49, 1000, pacing)).toBe(1000);
	});

	it('goes to short passes when items arrive at the threshold or faster, and stays while they keep coming', () => {
		expect(sweepPause(50, 1000, pacing)).toBe(50);
		expect(sweepPause(500, 1000, pacing)).toBe(50); // the burst after a quiet second
		expect(sweepPause(25, 50, pacing)).toBe(50); // 500 a second, lit 50 ms at a time
		expect(sweepPause(3, 50, pacing)).toBe(50); // 60 a second
	});

	it('returns to the interval once the arrivals slow down', () => {
		expect(sweepPause(2, 50, pacing)).toBe(1000); // 40 a second
		expect(sweepPause(1, 60, pacing)).toBe(1000);
	});

	it('does not divide by a zero interval between passes', () => {
		expect(sweepPause(1, 0, pacing)).toBe(50);
		expect(sweepPause(0, 0, pacing)).toBe(1000);
	});
});
