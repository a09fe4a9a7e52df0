import type { Page } from 'playwright-core';
import { round, summarize } from './stats.ts';

type ChartEntry = { label: string; chart: { setOption: (o: unknown, opts?: unknown) => void }; option: () => unknown };
type Stats = { flushes: number; events: number; setOptions: number; sameFrameRepeats: number; maxSetOptionsPerFlush: number; applyMs: number[] };

/** Starts collecting long tasks and the wall's own measures inside the page. */
export async function watchPage(page: Page): Promise<void> {
	await page.evaluate(() => {
		const w = globalThis as unknown as { __bench: { longTasks: number[]; updateMs: number[]; setOptionMs: number[]; applyMs: number[]; frames: number } };
		w.__bench = { longTasks: [], updateMs: [], setOptionMs: [], applyMs: [], frames: 0 };
		const count = () => {
			w.__bench.frames++;
			requestAnimationFrame(count);
		};
		requestAnimationFrame(count);
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) w.__bench.longTasks.push(e.duration);
		}).observe({ type: 'longtask', buffered: false });
		new PerformanceObserver((list) => {
			for (const e of list.getEntries()) {
				if (e.name === 'wall:update') w.__bench.updateMs.push(e.duration);
				else if (e.name === 'wall:setOption') w.__bench.setOptionMs.push(e.duration);
				else if (e.name === 'wall:apply') w.__bench.applyMs.push(e.duration);
			}
			performance.clearMeasures(); // the page keeps no growing buffer of its own
		}).observe({ type: 'measure', buffered: false });
	});
}

export async function resetPageStats(page: Page): Promise<void> {
	await page.evaluate(() => {
		const w = globalThis as unknown as { __bench: { longTasks: number[]; updateMs: number[]; setOptionMs: number[]; applyMs: number[]; frames: number }; __wallStats: Stats };
		w.__bench.longTasks = [];
		w.__bench.updateMs = [];
		w.__bench.setOptionMs = [];
		w.__bench.applyMs = [];
		w.__bench.frames = 0;
		Object.assign(w.__wallStats, { flushes: 0, events: 0, setOptions: 0, sameFrameRepeats: 0, maxSetOptionsPerFlush: 0, applyMs: [] });
	});
}

export async function pageStats(page: Page) {
	return page.evaluate(() => {
		const w = globalThis as unknown as { __bench: { longTasks: number[]; updateMs: number[]; setOptionMs: number[]; applyMs: number[]; frames: number }; __wallStats: Stats; __wallCharts: Set<unknown> };
		const { applyMs, ...counts } = w.__wallStats;
		void applyMs;
		return { ...counts, ...w.__bench, charts: w.__wallCharts.size };
	});
}

/**
 * Incremental (the wall's merge setOption of its current option) against a full rebuild
 * (notMerge: every component and series built again) of each chart, 15 times each, in the page.
 */
export async function fullRebuildCost(page: Page): Promise<{ label: string; incremental: number; full: number; ratio: number }[]> {
	const raw = await page.evaluate(() => {
		const charts = [...(globalThis as unknown as { __wallCharts: Set<ChartEntry> }).__wallCharts];
		return charts.map((c) => {
			const option = c.option();
			const time = (notMerge: boolean) => {
				const out: number[] = [];
				for (let i = 0; i < 15; i++) {
					const t = performance.now();
					c.chart.setOption(option, { notMerge });
					out.push(performance.now() - t);
				}
				return out;
			};
			const full = time(true);
			const incremental = time(false);
			return { label: c.label, incremental, full };
		});
	});
	return raw.map((r) => {
		const inc = summarize(r.incremental).p50;
		const full = summarize(r.full).p50;
		return { label: r.label, incremental: inc, full, ratio: round(full / Math.max(inc, 0.001)) };
	});
}

/** The tab's JS heap in MB after a forced garbage collection (DevTools protocol). */
export async function heapSample(page: Page): Promise<number> {
	const cdp = await page.context().newCDPSession(page);
	try {
		await cdp.send('HeapProfiler.collectGarbage');
		const { usedSize } = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number };
		return round(usedSize / 1048576, 2);
	} finally {
		await cdp.detach();
	}
}
