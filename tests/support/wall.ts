import type { Page } from 'playwright-core';
import type { WallSnapshot } from '../../src/lib/screen/wall.ts';

/** The wall's snapshot API as the page's own session sees it. */
export const apiSnapshot = (page: Page, region?: string) =>
	page.evaluate(async (r) => {
		const res = await fetch(`/screen/snapshot.json${r ? `?region=${r}` : ''}`);
		return { status: res.status, body: await res.json() };
	}, region) as Promise<{ status: number; body: WallSnapshot & { message?: string } }>;

/** Figures as the wall shows them (data-value of every testid'd figure) and the seq they are at. */
export const shownFigures = (page: Page) =>
	page.evaluate(() => {
		const figures: Record<string, number> = {};
		for (const el of document.querySelectorAll('[data-testid][data-value]')) figures[el.getAttribute('data-testid')!] = Number(el.getAttribute('data-value'));
		const wall = document.querySelector('.wall')!;
		return { seq: Number(wall.getAttribute('data-seq')), region: wall.getAttribute('data-region'), figures };
	});

/** Per panel: how many canvas pixels are drawn (not transparent), and how many figures it shows. */
export const panelInk = (page: Page) =>
	page.evaluate(() =>
		[...document.querySelectorAll('[data-panel]')].map((panel) => {
			let ink = 0;
			for (const canvas of panel.querySelectorAll('canvas')) {
				const ctx = (canvas as HTMLCanvasElement).getContext('2d');
				if (!ctx) continue;
				const { data } = ctx.getImageData(0, 0, canvas.width, canvas.height);
				for (let i = 3; i < data.length; i += 16) if (data[i] > 0) ink++;
			}
			const text = (panel.querySelector('.body')?.textContent ?? '').replace(/\s+/g, '');
			return { id: panel.getAttribute('data-panel')!, canvases: panel.querySelectorAll('canvas').length, ink, text: text.length };
		})
	);

/** Clicks a region on the map where ECharts draws its centre (a real pointer click on the canvas). */
export async function clickRegion(page: Page, center: [number, number]): Promise<void> {
	const point = await page.evaluate((c) => {
		const charts = (globalThis as unknown as { __wallCharts: Set<{ label: string; chart: { convertToPixel: (f: object, v: number[]) => number[]; getDom: () => HTMLElement } }> }).__wallCharts;
		const map = [...charts].find((e) => e.label.endsWith('信访量地图'))!;
		const [x, y] = map.chart.convertToPixel({ geoIndex: 0 }, c);
		const box = map.chart.getDom().getBoundingClientRect();
		const scale = box.width / map.chart.getDom().offsetWidth;
		return { x: box.left + x * scale, y: box.top + y * scale };
	}, center);
	await page.mouse.click(point.x, point.y);
}

/**
 * What does not fit on the wall: text cut by its own box (overflow hidden, an ellipsis) or
 * partly outside the box that clips it (a row clipped in half; a row wholly outside is hidden by
 * design: whole rows or none), and map labels whose boxes intersect. Empty when all is legible.
 */
export const textFit = (page: Page) =>
	page.evaluate(() => {
		const problems: string[] = [];
		const clipper = (el: Element): Element => {
			for (let p = el.parentElement; p; p = p.parentElement) {
				if (p.hasAttribute('data-panel')) return p;
				const s = getComputedStyle(p);
				if (s.overflowX !== 'visible' || s.overflowY !== 'visible') return p;
			}
			return document.documentElement;
		};
		const texts = [...document.querySelectorAll('[data-panel] *')].filter(
			(el) => [...el.childNodes].some((n) => n.nodeType === Node.TEXT_NODE && n.textContent!.trim()) && !el.closest('svg')
		);
		for (const el of texts) {
			const name = `${el.closest('[data-panel]')!.getAttribute('data-panel')}: ${el.textContent!.trim().slice(0, 30)}`;
			const r = el.getBoundingClientRect();
			if (r.width === 0 || r.height === 0) continue;
			if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX !== 'visible') problems.push(`cut: ${name}`);
			const c = clipper(el).getBoundingClientRect();
			const outside = r.right <= c.left + 1 || r.left >= c.right - 1 || r.bottom <= c.top + 1 || r.top >= c.bottom - 1;
			const partly = r.left < c.left - 1 || r.right > c.right + 1 || r.top < c.top - 1 || r.bottom > c.bottom + 1;
			if (!outside && partly) problems.push(`clipped: ${name}`);
		}
		const labels = [...document.querySelectorAll('[data-area]')].map((el) => ({ id: el.getAttribute('data-area'), r: el.getBoundingClientRect() }));
		for (const [i, a] of labels.entries())
			for (const b of labels.slice(i + 1))
				if (a.r.left < b.r.right && b.r.left < a.r.right && a.r.top < b.r.bottom && b.r.top < a.r.bottom) problems.push(`map labels overlap: ${a.id} ${b.id}`);
		return problems;
	});
