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

type TraceEvent = { name: string; ph: string; pid: number; tid: number; ts: number; dur?: number; tdur?: number; args?: { name?: string } };
export type MainThreadCpu = { updateCpuMs: number[]; taskCpuMs: number[]; taskWallMs: number[] };

/**
 * Records the page's main thread in a Chrome trace until the returned function is called: the
 * CPU time (thread time) of each applied update (the animation-frame callback holding the store's
 * `wall:update` measure) and of every task. On a loaded machine the wall-clock figures also hold
 * the time the thread waited for a core; these do not.
 */
export async function traceMainThread(page: Page): Promise<() => Promise<MainThreadCpu>> {
	const cdp = await page.context().newCDPSession(page);
	const kept: TraceEvent[] = [];
	// light categories only: the timeline's disabled-by-default detail would itself slow the page
	const TASK = 'ThreadControllerImpl::RunTask';
	const wanted = new Set(['thread_name', TASK, 'FireAnimationFrame', 'wall:update']);
	cdp.on('Tracing.dataCollected', ({ value }) => {
		for (const e of value as unknown as TraceEvent[]) if (wanted.has(e.name)) kept.push(e);
	});
	await cdp.send('Tracing.start', { categories: 'toplevel,devtools.timeline,blink.user_timing', transferMode: 'ReportEvents' });
	return async () => {
		const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
		await cdp.send('Tracing.end');
		await complete;
		await cdp.detach();
		const updates = kept.filter((e) => e.name === 'wall:update' && (e.ph === 'b' || e.ph === 'X' || e.ph === 'R'));
		const pid = updates[0]?.pid;
		const main = kept.find((e) => e.name === 'thread_name' && e.pid === pid && e.args?.name === 'CrRendererMain');
		const onMain = (e: TraceEvent) => main && e.pid === main.pid && e.tid === main.tid && e.ph === 'X';
		const frames = kept.filter((e) => e.name === 'FireAnimationFrame' && onMain(e)).sort((a, b) => a.ts - b.ts);
		const updateCpuMs: number[] = [];
		for (const u of updates) {
			const frame = frames.find((f) => f.ts <= u.ts && u.ts <= f.ts + (f.dur ?? 0));
			if (frame?.tdur !== undefined) updateCpuMs.push(frame.tdur / 1000);
		}
		const tasks = kept.filter((e) => e.name === TASK && onMain(e) && e.tdur !== undefined);
		return { updateCpuMs, taskCpuMs: tasks.map((t) => t.tdur! / 1000), taskWallMs: tasks.map((t) => (t.dur ?? 0) / 1000) };
	};
}
