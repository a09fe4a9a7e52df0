import { describe, expect, it } from 'vitest';
import { chartStats } from '../components/chart-stats.ts';
import { wallStats } from './store.svelte.ts';

describe("the wall's stats show the charts' own counts", () => {
	it('reads what the charts counted and resets it, as the browser benchmark does', () => {
		chartStats.setOptions += 3;
		chartStats.sameFrameRepeats += 1;
		const { applyMs, ...counts } = wallStats;
		expect(applyMs).toEqual([]);
		expect(counts).toMatchObject({ setOptions: chartStats.setOptions, sameFrameRepeats: chartStats.sameFrameRepeats });
		expect(counts.setOptions).toBeGreaterThanOrEqual(3);
		Object.assign(wallStats, { setOptions: 0, sameFrameRepeats: 0 });
		expect(chartStats).toEqual({ setOptions: 0, sameFrameRepeats: 0 });
	});
});
