import { describe, expect, it } from 'vitest';
import { paginate, type Block } from './paginate.ts';

const rows = (name: string, n: number, span = 1) => Array.from({ length: n }, (_, i) => ({ span, item: `${name}${i + 1}` }));
const layout = (blocks: Block<string>[]) => paginate(blocks, 22).map((page) => page.map((r) => `${r.line}:${r.item}`));

describe('pagination on the 22-line grid', () => {
	it('puts 22 lines on a page and carries the rest over', () => {
		const pages = paginate([{ rows: rows('p', 50) }], 22);
		expect(pages.map((p) => p.length)).toEqual([22, 22, 6]);
		expect(pages[1][0]).toEqual({ line: 0, span: 1, item: 'p23' });
	});

	it('counts a two-line row (the 发文机关标志) as two lines and never splits it', () => {
		const pages = paginate([{ rows: [...rows('mark', 1, 2), ...rows('p', 19), ...rows('sign', 1, 2)] }], 22);
		expect(pages[0].at(-1)).toEqual({ line: 20, span: 1, item: 'p19' }); // line 21 is left empty
		expect(pages[1][0]).toEqual({ line: 0, span: 2, item: 'sign1' });
	});

	it('moves the closing formula, 附件说明 and signature to the next page together rather than leave the signature alone', () => {
		const pages = layout([{ rows: rows('p', 18) }, { together: true, rows: [...rows('tail', 5), ...rows('sign', 1, 2)] }]);
		expect(pages[0].at(-1)).toBe('17:p18');
		expect(pages[1]).toEqual(['0:tail1', '1:tail2', '2:tail3', '3:tail4', '4:tail5', '5:sign1']);
	});

	it('keeps a block that fits where it is', () => {
		const pages = layout([{ rows: rows('p', 10) }, { together: true, rows: rows('tail', 7) }]);
		expect(pages).toHaveLength(1);
		expect(pages[0].at(-1)).toBe('16:tail7');
	});

	it('sets the 版记 at the foot of the page, else at the foot of a new page', () => {
		expect(layout([{ rows: rows('p', 15) }, { foot: true, rows: rows('record', 2) }])[0].slice(-3)).toEqual(['14:p15', '20:record1', '21:record2']);
		expect(layout([{ rows: rows('p', 20) }, { foot: true, rows: rows('record', 2) }])[0].slice(-3)).toEqual(['19:p20', '20:record1', '21:record2']);
		const full = layout([{ rows: rows('p', 21) }, { foot: true, rows: rows('record', 2) }]);
		expect(full).toHaveLength(2);
		expect(full[1]).toEqual(['20:record1', '21:record2']);
	});

	it('starts the attachment on a new page, and only one', () => {
		const pages = layout([{ rows: rows('p', 3) }, { foot: true, rows: rows('record', 1) }, { newPage: true, rows: rows('annex', 2) }]);
		expect(pages).toEqual([['0:p1', '1:p2', '2:p3', '21:record1'], ['0:annex1', '1:annex2']]);
		expect(layout([{ newPage: true, rows: rows('annex', 1) }])).toEqual([['0:annex1']]);
	});
});
