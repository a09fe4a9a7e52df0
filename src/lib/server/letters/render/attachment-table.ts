import { BLOCK, LINE_MM, MARGIN, MM_PER_PT } from '../../print/geometry.ts';
import type { Draw } from '../../print/layout.ts';
import { breakLines, placeLine, type Align } from '../../print/line-break.ts';
import type { Row } from '../../print/paginate.ts';
import type { Glyph, Style, Typesetter } from '../../print/typeset.ts';
import { ATTACHMENT_COLUMNS, attachmentGrid, type LetterDocument } from './document.ts';

/**
 * The attachment's table (编号, 收件日期, 事项摘要, 承办单位 when not all the recipient's, 逾期天数) in 五号, ruled, each row
 * a whole number of half grid lines high so the pages stay on the grid; the header row in the same 仿宋.
 */

const CELL: Style = { role: 'body', size: 10.5 };
const HEAD: Style = { role: 'body', size: 10.5 };
/** Column widths in mm (they add up to the block's 156 mm), and how each column aligns. */
// 收件日期 wide enough for 2026年12月31日 on one line even where a renderer adds space between digits and
// Chinese (LibreOffice ignores the .docx's autoSpaceDE/DN: 31 mm wrapped 2026年10月16日 there)
export const COLUMN_MM = [10, 43, 34, 38, 19, 12] as const;
const ALIGNS: Align[] = ['center', 'start', 'center', 'start', 'start', 'center'];
const SUMMARY = ATTACHMENT_COLUMNS.indexOf('事项摘要');

/** The widths and alignments of the columns a table keeps (attachmentGrid): a dropped column's width goes to 事项摘要. */
export function columnLayout(columns: readonly number[]): { mm: number[]; align: Align[] } {
	const spare = COLUMN_MM.reduce((sum, w, c) => (columns.includes(c) ? sum : sum + w), 0);
	return { mm: columns.map((c) => COLUMN_MM[c] + (c === SUMMARY ? spare : 0)), align: columns.map((c) => ALIGNS[c]) };
}
const PAD = 1;
const PITCH = LINE_MM / 2;
const RULE = 0.25;

function tableRow(t: Typesetter, cells: readonly string[], style: Style, layout: { mm: number[]; align: Align[] }): Row<Draw> {
	const { mm, align } = layout;
	const lefts = mm.map((_, i) => mm.slice(0, i).reduce((a, b) => a + b, 0));
	const broken = cells.map((text, c) => breakLines(t.shape(text, style), mm[c] - 2 * PAD));
	const lines = Math.max(2, ...broken.map((b) => b.length));
	const height = lines * PITCH;
	return {
		span: lines / 2,
		item: (t, page, top) => {
			broken.forEach((rows, c) => {
				const first = top + (height - rows.length * PITCH) / 2;
				rows.forEach((line, n) => {
					const xs = placeLine(line, mm[c] - 2 * PAD, align[c]);
					t.text(page, line.cells as Glyph[], xs.map((x) => MARGIN.left + lefts[c] + PAD + x), first + n * PITCH + (PITCH - style.size * MM_PER_PT) / 2, style);
				});
			});
			t.rect(page, MARGIN.left, top - RULE / 2, BLOCK.width, RULE, [0, 0, 0]);
			t.rect(page, MARGIN.left, top + height - RULE / 2, BLOCK.width, RULE, [0, 0, 0]);
			for (const x of [...lefts, BLOCK.width]) t.rect(page, MARGIN.left + x - RULE / 2, top - RULE / 2, RULE, height + RULE, [0, 0, 0]);
		}
	};
}

/** The header row, then one row per item. */
export function attachmentTable(t: Typesetter, doc: LetterDocument): Row<Draw>[] {
	const grid = attachmentGrid(doc);
	const layout = columnLayout(grid.columns);
	return [tableRow(t, grid.head, HEAD, layout), ...grid.rows.map((cells) => tableRow(t, cells, CELL, layout))];
}
