import { titleBreaks } from '../../domain/title-breaks.ts';
import { ADVANCE_MM, BLOCK, BODY_PT, FOLIO_GAP_MM, FOLIO_PT, LETTER_SPACING_MM, LINE_MM, LINES, MARGIN, MAX_SPREAD_MM, MM_PER_PT, TITLE_PT } from './geometry.ts';
import { breakLines, breakTitle, emCells, placeLine, type Align, type Line } from './line-break.ts';
import { paginate, type Block, type Row } from './paginate.ts';
import { Typesetter, type Glyph, type Style } from './typeset.ts';

/**
 * The shared parts of a document on the 公文 grid (GB/T 9704: 22 lines × 28 characters in a
 * 156 × 225 mm block): the styles, rows of text broken and justified on the grid, titles broken
 * at phrase boundaries, and the pages — paginated, drawn, numbered. 三函, the documents of an
 * item's lifecycle and the meeting 纪要 are all set with these.
 */
export type Rgb = [number, number, number];
export const RED: Rgb = [0.8, 0, 0];

export const BODY: Style = { role: 'body', size: BODY_PT, spacing: LETTER_SPACING_MM };
export const TITLE: Style = { role: 'title', size: TITLE_PT };
export const LABEL: Style = { role: 'label', size: BODY_PT, spacing: LETTER_SPACING_MM };
export const FOLIO: Style = { role: 'title', size: FOLIO_PT };

export type Page = Typesetter['pages'][number];
export type Draw = (t: Typesetter, page: Page, top: number) => void;

/** The top of a style's em box centred in `span` grid lines from `top`. */
export const emTop = (top: number, style: Style, span = 1) => top + (span * LINE_MM - style.size * MM_PER_PT) / 2;
/** A run's drawn width: the trailing letter spacing after its last character is not ink. */
export const inkWidth = (cells: Glyph[], style: Style) => cells.reduce((sum, c) => sum + c.width, 0) - (cells.length ? (style.spacing ?? 0) : 0);
/** Each cell's x, set one after another from `x`. */
export const at = (x: number, cells: Glyph[]) => {
	let pos = x;
	return cells.map((c) => ((pos += c.width), pos - c.width));
};
export const widthOf = (t: Typesetter, text: string, style: Style) => inkWidth(t.shape(text, style), style);
/** How tall a line of a style is as a reader of the PDF measures it (the font's ascent to descent). */
export const inkHeight = (t: Typesetter, style: Style) => ((t.fonts[style.role].ascent - t.fonts[style.role].descent) / t.fonts[style.role].unitsPerEm) * style.size * MM_PER_PT;

export type TextOptions = { left?: number; width?: number; indent?: number; hang?: number; align?: Align };

/** A paragraph as grid rows: broken (禁则), justified without stretching, `indent` on the first line and `hang` on the others. */
export function textRows(t: Typesetter, text: string, style: Style, o: TextOptions = {}): Row<Draw>[] {
	const left = o.left ?? 0, width = o.width ?? BLOCK.width - left;
	return rowsOf(breakLines(t.shape(text, style), width, o.indent ?? 0, o.hang ?? 0), style, left, width, o.align);
}

export function rowsOf(lines: Line<Glyph>[], style: Style, left: number, width: number, align: Align = 'justify'): Row<Draw>[] {
	return lines.map((line) => ({
		span: 1,
		item: (t, page, top) => t.text(page, line.cells, placeLine(line, width, align, MAX_SPREAD_MM).map((x) => MARGIN.left + left + x), emTop(top, style), style)
	}));
}

/** A title (二号 标宋-class, centred, one character in at each side), broken only where a phrase ends (title-breaks.ts). */
export function titleRows(t: Typesetter, text: string, style: Style = TITLE): Row<Draw>[] {
	const width = BLOCK.width - 2 * ADVANCE_MM;
	return rowsOf(breakTitle(t.shape(text, style), width, titleBreaks(text)), style, ADVANCE_MM, width, 'center');
}

/** A title's lines where no font is at hand (the .docx): the same phrase breaks, characters counted in ems of the title's size. */
export function titleLines(text: string, size = TITLE_PT): string[] {
	const width = (BLOCK.width - 2 * ADVANCE_MM) / (size * MM_PER_PT);
	return breakTitle(emCells(text), width, titleBreaks(text)).map((l) => l.cells.map((c) => c.char).join(''));
}

/** A red 标志 (发文机关标志, 纪要标志) on one line: spaced out as `style` says, the spacing then the size narrowed until it fits the block. */
export function markStyle(t: Typesetter, text: string, style: Style): Style {
	const n = Array.from(text).length;
	const spacing = style.spacing ?? 0;
	const bare = widthOf(t, text, { ...style, spacing: 0 });
	let out = style;
	if (bare + (n - 1) * spacing > BLOCK.width) out = { ...out, spacing: Math.max(0, (BLOCK.width - bare) / Math.max(1, n - 1)) };
	if (bare > BLOCK.width) out = { ...out, size: (out.size * BLOCK.width) / bare };
	return out;
}

export const blank = (): Row<Draw> => ({ span: 1, item: () => {} });

/**
 * The document's pages: its blocks paginated on the grid and drawn, then the 页码 (GB/T 9704
 * 7.5: 4号, between 一字线, 7 mm under the block; odd pages one character in from the right,
 * even pages from the left) — from page 2 when `firstPageNumbered` is false (信函格式).
 */
export function typesetPages(t: Typesetter, blocks: Block<Draw>[], o: { firstPageNumbered: boolean; decorate?: (t: Typesetter, page: Page, index: number) => void }) {
	const pages = paginate(blocks, LINES);
	pages.forEach((rows, i) => {
		const page = t.newPage();
		o.decorate?.(t, page, i);
		for (const row of rows) row.item(t, page, MARGIN.top + row.line * LINE_MM);
		if (i === 0 && !o.firstPageNumbered) return;
		const folio = t.shape(`— ${i + 1} —`, FOLIO);
		const inset = FOLIO_PT * MM_PER_PT;
		const x = i % 2 === 0 ? MARGIN.left + BLOCK.width - inset - inkWidth(folio, FOLIO) : MARGIN.left + inset;
		t.text(page, folio, at(x, folio), MARGIN.top + BLOCK.height + FOLIO_GAP_MM, FOLIO);
	});
}
