import { describe, expect, it } from 'vitest';
import { fitScale } from './fit.svelte.ts';

describe('fitScale', () => {
	it('leaves what fits at its own size, and a box not laid out alone', () => {
		expect(fitScale(120, 80)).toBe(1);
		expect(fitScale(120, 120)).toBe(1);
		expect(fitScale(0, 300)).toBe(1);
	});

	it('shrinks what is too wide to a pixel short of the room, rounded down: never cut by a rounding', () => {
		expect(fitScale(101, 200)).toBe(0.5);
		expect(fitScale(126, 208)).toBe(0.6); // 群体预警 1,234,567 in an escalation cell
		expect(fitScale(126, 208) * 208).toBeLessThan(126);
		expect(fitScale(1, 300)).toBe(1); // not laid out (yet)
	});

	it('closes in on what does not scale with the type (a gap in pixels) by measuring again', () => {
		// text 200 px at full size beside an 8 px gap, in 108 px: each look needs less than the last
		let scale = 1;
		const need = (s: number) => Math.ceil(200 * s + 8);
		for (let i = 0; i < 4; i++) scale = fitScale(108, need(scale), scale);
		expect(need(scale)).toBeLessThanOrEqual(107);
		expect(scale).toBeGreaterThan(0.49);
	});
});
