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
			{ id: 'a', box: { x: 70, y: 78, w: 60, h: 44 }, callout: false },
			{ id: 'b', box: { x: 370, y: 278, w: 60, h: 44 }, callout: false }
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
