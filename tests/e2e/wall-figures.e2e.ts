import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { signIn } from '../support/auth.ts';
import { SHOTS, useStack } from '../support/stack.ts';
import { textFit } from '../support/wall.ts';
import { noLights, type Bucket, type WallSnapshot } from '../../src/lib/screen/wall.ts';

/**
 * Figures of a province far larger than any demo holds: seven digits with separators in every
 * count, and 环比/同比 of five digits (a base a thousandth of the figure). The wall is shown them
 * by its own store: its snapshot read (a drill into the province) answered with these figures.
 */
function enlarge(s: WallSnapshot, warnings: boolean): WallSnapshot {
	const now: Partial<Record<string, number>> = { today: 1_234_567, week: 4_567_890, month: 9_876_543 };
	const base: Partial<Record<string, number>> = { yesterday: 1_234, todayLastYear: 1_235, lastWeek: 4_567, weekLastYear: 4_568, lastMonth: 9_876, monthLastYear: 9_877 };
	const periods = Object.fromEntries(
		Object.entries(s.periods).map(([key, b]): [string, Bucket] => [
			key,
			{
				...b,
				items: now[key] ?? base[key] ?? 1_000_000,
				persons: 8_888_888,
				skipLevel: 1_234_567,
				repeats: 2_345_678,
				groupBatches: 3_456_789,
				groupPersons: 8_765_432,
				channels: Object.fromEntries(Object.keys(b.channels).map((c, i) => [c, 1_000_000 + i * 111_111])),
				categories: Object.fromEntries(Object.keys(b.categories).map((c, i) => [c, 9_999_999 - i * 123_457]))
			}
		])
	) as WallSnapshot['periods'];
	const times = (o: Record<string, number>) => Object.fromEntries(Object.entries(o).map(([k, n]) => [k, n && n * 1000 + 999]));
	return {
		...s,
		periods,
		trend: s.trend.map((p) => ({ ...p, items: p.items * 1000 + 999 })),
		todayByArea: times(s.todayByArea),
		monthByArea: times(s.monthByArea),
		// every area with group visits and overdue items: four-line labels on every city, as a busy province's day gives (labels take their compact form where they find no room)
		groupsByArea: Object.fromEntries(s.areas.map((a, i) => [a.adcode, (s.groupsByArea[a.adcode] ?? 0) * 1000 + 99 + i])),
		lightsByArea: Object.fromEntries(s.areas.map((a, i) => [a.adcode, { ...(s.lightsByArea[a.adcode] ?? noLights()), red: 1_000 + i * 37 }])),
		lights: { red: 1_234_567, due_today: 2_345_678, yellow: 3_456_789, paused: 4_567_890 },
		overdueUnits: s.overdueUnits.map((u, i) => ({ ...u, red: 1_234_567 - i * 1_111 })),
		cases: {
			...s.cases,
			total: 9_876_543,
			resolving: 1_234_567,
			resolved: 8_641_976,
			overdue: 1_111_111,
			...(s.cases.receptions && { receptions: { ...s.cases.receptions, receptions: 1_234_567, persons: 7_654_321 } })
		},
		rates: s.rates && { ...s.rates, league: s.rates.league.map((r) => ({ ...r, volume: r.volume * 1000 + 999 })) },
		letters: { issuedToday: 1_234_567, awaitingSign: 2_345_678, feedbackOverdue: 3_456_789 },
		groupWarnings: warnings ? { windowHours: s.groupWarnings?.windowHours ?? 72, reached: 1_631_234, approaching: 2_345_678, reachedByArea: s.groupWarnings?.reachedByArea ?? {} } : undefined
	};
}

/**
 * What does not fit among the figures: a fitted figure wider than its box (data-fit is its
 * scale), a panel whose content spills out of it, two texts of a panel drawn over each other
 * (the glyphs' own boxes, where they are drawn, not their elements': a number running out of
 * its cell into the next one), an escalation cell over another or its label over its number.
 */
const figureProblems = (page: Page) =>
	page.evaluate(() => {
		const problems: string[] = [];
		const name = (el: Element) => `${el.closest('[data-panel]')?.getAttribute('data-panel')}: ${el.textContent!.trim().slice(0, 24)}`;
		const over = (a: DOMRect, b: DOMRect) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 1 && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > Math.min(a.height, b.height) / 2;
		for (const el of document.querySelectorAll<HTMLElement>('[data-panel] [data-fit]'))
			if (el.scrollWidth > el.clientWidth + 1) problems.push(`overflows its box (${el.scrollWidth} > ${el.clientWidth}): ${name(el)}`);
		for (const panel of document.querySelectorAll<HTMLElement>('[data-panel]')) {
			if (panel.scrollWidth > panel.clientWidth + 2 || panel.scrollHeight > panel.clientHeight + 2) problems.push(`spills: ${panel.getAttribute('data-panel')}`);
			if (panel.getAttribute('data-panel') === 'map') continue; // its labels are placed apart by their own layout (textFit checks them)
			const texts: { el: Element; r: DOMRect }[] = [];
			for (const el of panel.querySelectorAll('*')) {
				if (el.closest('svg')) continue;
				for (const node of el.childNodes) {
					if (node.nodeType !== Node.TEXT_NODE || !node.textContent!.trim()) continue;
					const range = document.createRange();
					range.selectNodeContents(node);
					// what is drawn of it: rows wrapped past a list's clipped edge are hidden by design
					const g = range.getBoundingClientRect();
					let [left, top, right, bottom] = [g.left, g.top, g.right, g.bottom];
					for (let p = el.parentElement; p && p !== panel; p = p.parentElement) {
						if (getComputedStyle(p).overflow === 'visible') continue;
						const c = p.getBoundingClientRect();
						[left, top, right, bottom] = [Math.max(left, c.left), Math.max(top, c.top), Math.min(right, c.right), Math.min(bottom, c.bottom)];
					}
					const r = new DOMRect(left, top, right - left, bottom - top);
					if (r.width > 0 && r.height > 0) texts.push({ el, r });
				}
			}
			for (const [i, a] of texts.entries())
				for (const b of texts.slice(i + 1))
					if (a.el !== b.el && !a.el.contains(b.el) && !b.el.contains(a.el) && over(a.r, b.r)) problems.push(`over each other: ${name(a.el)} | ${name(b.el)}`);
		}
		for (const panel of document.querySelectorAll('[data-panel^=escalation]')) {
			const cells = [...panel.querySelectorAll('.figure')].map((el) => ({ el, r: el.getBoundingClientRect() }));
			for (const [i, a] of cells.entries()) {
				for (const b of cells.slice(i + 1))
					if (a.r.left < b.r.right - 0.5 && b.r.left < a.r.right - 0.5 && a.r.top < b.r.bottom - 0.5 && b.r.top < a.r.bottom - 0.5) problems.push(`cells overlap: ${name(a.el)} | ${name(b.el)}`);
				const label = a.el.querySelector('.label')!.getBoundingClientRect();
				const value = a.el.querySelector('.value')!.getBoundingClientRect();
				if (label.left < a.r.left - 0.5 || value.right > a.r.right + 0.5 || label.right > value.left + 0.5) problems.push(`cell not whole: ${name(a.el)}`);
			}
		}
		return problems;
	});

/** The scales of each panel's figures fitted together (data-fit-group): one size a panel, not one a figure. */
const groupScales = (page: Page) =>
	page.evaluate(() =>
		[...document.querySelectorAll('[data-fit-group]')].map((g) => ({
			panel: g.closest('[data-panel]')?.getAttribute('data-panel'),
			scales: [...new Set([...g.querySelectorAll<HTMLElement>('[data-fit]')].map((e) => e.dataset.fit))]
		}))
	);

/** The scale of every fitted figure (1: its own size) and the smallest type a fitted number was given, in design pixels. */
const fitted = (page: Page) =>
	page.evaluate(() => {
		const els = [...document.querySelectorAll<HTMLElement>('[data-panel] [data-fit]')];
		// the numbers a leader reads (a label beside an implausibly long one may be smaller)
		const digits = (e: Element) => [...e.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && /\d/.test(n.textContent!));
		const sizes = els.flatMap((el) => [el, ...el.querySelectorAll('*')].filter(digits).map((e) => ({ px: parseFloat(getComputedStyle(e).fontSize), what: `${el.closest('[data-panel]')?.getAttribute('data-panel')}: ${e.textContent!.trim().slice(0, 24)}` })));
		const smallest = sizes.reduce((a, b) => (b.px < a.px ? b : a), { px: Infinity, what: '' });
		return { count: els.length, scales: [...new Set(els.map((el) => el.dataset.fit))], smallest: smallest.px, smallestIs: smallest.what };
	});

describe('the wall’s figures at any magnitude', () => {
	const { server, browser } = useStack({ items: 1500, seed: 'figures', browser: true });

	/** Opens a layout on 济南 with the real figures, then drills to the province, whose read answers with `enlarge`d figures. */
	async function enlarged(page: Page, layout: string, warnings: boolean): Promise<void> {
		await page.unrouteAll();
		await page.route(
			(url) => url.pathname === '/screen/snapshot.json' && url.searchParams.get('region') === '370000',
			async (route) => {
				const res = await route.fetch();
				await route.fulfill({ response: res, json: enlarge(await res.json(), warnings) });
			}
		);
		await page.goto(`${server.url}/screen?layout=${layout}&region=370100`);
		await page.waitForSelector('.feed[data-status=live]', { timeout: 20_000 });
		await page.click('[data-drill="370000"]');
		await page.waitForSelector('.wall[data-region="370000"] [data-testid=today-total][data-value="1234567"]', { timeout: 10_000 });
		await page.waitForTimeout(1500); // the figures' glide, and the map drawn
	}

	it('fits seven-digit figures and five-digit changes in their boxes at 1920×1080 and 3840×2160, in every layout, normal figures at their own size', async () => {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		const errors: string[] = [];
		page.on('pageerror', (e) => errors.push(e.message));
		await signIn(page, server.url, 'dapin', '/screen');
		await page.waitForSelector('.feed[data-status=live]', { timeout: 20_000 });
		await page.waitForTimeout(1200);
		// the demo's figures fit as they are: nothing is scaled by more than a hair (▲反馈逾期 0 fills
		// its cell but for a third of a pixel, which would otherwise cut its label)
		await page.screenshot({ path: `${SHOTS}wall-figures-normal-1920x1080.png` });
		const normal = await fitted(page);
		expect(normal.count).toBeGreaterThan(20);
		expect(normal.scales).toContain('1');
		expect(Math.min(...normal.scales.map(Number))).toBeGreaterThanOrEqual(0.99);
		expect(await figureProblems(page)).toEqual([]);

		for (const layout of ['overview', 'supervision', 'wide']) {
			await enlarged(page, layout, true);
			await page.screenshot({ path: `${SHOTS}wall-figures-${layout}-1920x1080.png` });
			expect(await figureProblems(page), layout).toEqual([]);
			expect(await textFit(page), layout).toEqual([]);
			const big = await fitted(page);
			expect(big.scales.some((s) => Number(s) < 1), layout).toBe(true);
			expect(big.smallest, `${layout}: the smallest fitted type, ${big.smallestIs}`).toBeGreaterThanOrEqual(12);
			// a panel's figures in one size: 群体人次 8,765,432 beside 越级 1,234,567 does not leave two sizes side by side
			const groups = await groupScales(page);
			expect(groups.length, layout).toBeGreaterThanOrEqual(2);
			for (const g of groups) expect(g.scales, `${layout}: ${g.panel}`).toHaveLength(1);
		}
		// a snapshot frozen before the warnings were shown: two rows of larger figures in 越级·重复·群体
		await enlarged(page, 'overview', false);
		expect(await figureProblems(page)).toEqual([]);
		expect(await textFit(page)).toEqual([]);

		await page.setViewportSize({ width: 3840, height: 2160 });
		await enlarged(page, 'overview', true);
		await page.screenshot({ path: `${SHOTS}wall-figures-overview-3840x2160.png` });
		expect(await figureProblems(page)).toEqual([]);
		expect(await textFit(page)).toEqual([]);
		expect(errors).toEqual([]);
		await page.close();
	});
});
