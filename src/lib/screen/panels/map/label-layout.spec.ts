import { describe, expect, it } from 'vitest';
import { intersects, nearestPoint, placeLabels, textWidth, type LabelRequest } from './label-layout.ts';

const bounds = { width: 800, height: 600 };
const label = (id: string, x: number, y: number, w = 60, h = 44): LabelRequest => ({ id, at: [x, y], w, h });
const noOverlap = (boxes: { box: { x: number; y: number; w: number; h: number } }[]) => {
	for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) expect(intersects(a.box, b.box), JSON.stringify([a, b])).toBe(false);
};

describe('placeLabels', () => {
	it('leaves labels that fit on their anchors, centred, without callouts', () => {
		const placed = placeLabels([label('a', 100, 100), label('b', 400, 300)], bounds);
		expect(placed).toEqual([
			{ id: 'a', box: { x: 70, y: 78, w: 60, h: 44 }, callout: false, form: 0 },
			{ id: 'b', box: { x: 370, y: 278, w: 60, h: 44 }, callout: false, form: 0 }
		]);
	});

	it('moves a crowd of five urban districts apart: no two boxes intersect, the moved ones are callouts', () => {
		// 济南's five urban districts within 60 px of each other, and outer counties around them
		const crowd = [label('lixia', 400, 300), label('shizhong', 370, 320), label('huaiyin', 350, 290), label('tianqiao', 380, 270), label('licheng', 430, 290)];
		const outer = [label('zhangqiu', 560, 260), label('pingyin', 150, 450), label('shanghe', 420, 60)];
		const placed = placeLabels([...crowd, ...outer], bounds);
		noOverlap(placed);
		expect(placed.filter((p) => p.callout).length).toBeGreaterThanOrEqual(3);
		// the outer ones did not have to move
		expect(placed.filter((p) => outer.some((o) => o.id === p.id)).every((p) => !p.callout)).toBe(true);
		for (const p of placed) expect(p.box.x >= 0 && p.box.y >= 0 && p.box.x + p.box.w <= 800 && p.box.y + p.box.h <= 600).toBe(true);
	});

	it('keeps clear of obstacles (the legend): a label whose area lies under it moves', () => {
		const legend = { x: 600, y: 520, w: 200, h: 80 };
		const [placed] = placeLabels([label('gangcheng', 700, 550)], bounds, [legend]);
		expect(intersects(placed.box, legend)).toBe(false);
		expect(placed.callout).toBe(true);
	});

	it('takes a compact form where the full one finds no free spot, and only there: the first that fits', () => {
		// a low map: three four-line labels fill its top; below them is room for two lines, not four
		const low = { width: 300, height: 150 };
		const tall = (id: string, x: number, y: number): LabelRequest => ({ id, at: [x, y], w: 70, h: 90, compact: [{ w: 90, h: 46 }, { w: 160, h: 24 }] });
		const labels = [tall('a', 50, 50), tall('b', 150, 50), tall('c', 250, 50), tall('e', 150, 125)];
		const placed = placeLabels(labels, low);
		noOverlap(placed);
		expect(placed.map((p) => p.form)).toEqual([0, 0, 0, 1]);
		expect(placed[3].box).toEqual({ x: 105, y: 102, w: 90, h: 46 });
		// lower still: only one line fits under them
		const lower = placeLabels([...labels.slice(0, 3), tall('e', 150, 115)], { width: 300, height: 130 });
		noOverlap(lower);
		expect(lower.map((p) => p.form)).toEqual([0, 0, 0, 2]);
		// without a compact form the last one stays on its anchor, over the others
		const plain = placeLabels(
			labels.map(({ compact: _, ...l }) => l),
			low
		);
		expect(plain.some((a, i) => plain.slice(i + 1).some((b) => intersects(a.box, b.box)))).toBe(true);
		// with room to spare, the full form everywhere
		expect(placeLabels(labels, { width: 900, height: 600 }).every((p) => p.form === 0)).toBe(true);
	});

	it('makes every label a form smaller when one finds no room in any of its forms', () => {
		// the three on top would fit full, but then the one below has no room even compact
		const low = { width: 300, height: 150 };
		const top = (id: string, x: number): LabelRequest => ({ id, at: [x, 50], w: 70, h: 90, compact: [{ w: 70, h: 40 }] });
		const labels = [top('a', 50), top('b', 150), top('c', 250), { id: 'e', at: [150, 125], w: 70, h: 90, compact: [{ w: 70, h: 60 }] } satisfies LabelRequest];
		const placed = placeLabels(labels, low);
		noOverlap(placed);
		expect(placed.map((p) => p.form)).toEqual([1, 1, 1, 1]);
	});

	it('stays inside the bounds', () => {
		const [placed] = placeLabels([label('edge', 10, 10)], bounds);
		expect(placed.box.x).toBeGreaterThanOrEqual(0);
		expect(placed.box.y).toBeGreaterThanOrEqual(0);
	});
});

describe('nearestPoint and textWidth', () => {
	it('meet the box at its nearest edge point', () => {
		expect(nearestPoint({ x: 10, y: 10, w: 20, h: 10 }, [0, 15])).toEqual([10, 15]);
		expect(nearestPoint({ x: 10, y: 10, w: 20, h: 10 }, [50, 50])).toEqual([30, 20]);
	});
	it('counts CJK a full em and digits less', () => {
		expect(textWidth('历下', 20)).toBe(40);
		expect(textWidth('今日12', 20)).toBe(Math.ceil(40 + 2 * 12.4));
	});
});
