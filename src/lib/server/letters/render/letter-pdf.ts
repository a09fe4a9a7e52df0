import { attachmentTitle, bodyParagraphs, chineseDate, printedBy, type LetterDocument } from './document.ts';
import { ADVANCE_MM, BLOCK, BODY_PT, FOLIO_GAP_MM, FOLIO_PT, LETTER_SPACING_MM, LINE_MM, LINES, MARGIN, MM_PER_PT, TITLE_PT } from './geometry.ts';
import { breakBalanced, breakLines, placeLine, type Align, type Line } from './line-break.ts';
import { paginate, type Block, type Row } from './paginate.ts';
import { Typesetter, faceFor, loadLetterFonts, type Glyph, type LetterFonts, type Style } from './typeset.ts';

/**
 * The 三函 letter drawn straight into a PDF on the GB/T 9704 grid (信函格式): red 发文机关标志
 * and double rule, 发文字号, title, 主送机关, body, 附件说明, 署名 and 成文日期 with the seal's
 * place, 版记 at the foot of the last page, page numbers, and the items as an attachment.
 */
type Rgb = [number, number, number];
const RED: Rgb = [0.8, 0, 0];
const SEAL: Rgb = [0.878, 0.376, 0.376];

const BODY: Style = { role: 'body', size: BODY_PT, spacing: LETTER_SPACING_MM };
const TITLE: Style = { role: 'title', size: TITLE_PT };
const LABEL: Style = { role: 'label', size: BODY_PT, spacing: LETTER_SPACING_MM };
const RECORD: Style = { role: 'body', size: 14 };
const FOLIO: Style = { role: 'title', size: FOLIO_PT };

type Page = Typesetter['pages'][number];
type Draw = (t: Typesetter, page: Page, top: number) => void;

const emTop = (top: number, style: Style, span = 1) => top + (span * LINE_MM - style.size * MM_PER_PT) / 2;
/** A run's drawn width: the trailing letter spacing after its last character is not ink. */
const inkWidth = (cells: Glyph[], style: Style) => cells.reduce((sum, c) => sum + c.width, 0) - (cells.length ? (style.spacing ?? 0) : 0);
const at = (x: number, cells: Glyph[]) => {
	let pos = x;
	return cells.map((c) => ((pos += c.width), pos - c.width));
};

type TextOptions = { left?: number; width?: number; indent?: number; hang?: number; align?: Align };

function textRows(t: Typesetter, text: string, style: Style, o: TextOptions = {}): Row<Draw>[] {
	const left = o.left ?? 0, width = o.width ?? BLOCK.width - left;
	return rowsOf(breakLines(t.shape(text, style), width, o.indent ?? 0, o.hang ?? 0), style, left, width, o.align);
}

function rowsOf(lines: Line<Glyph>[], style: Style, left: number, width: number, align: Align = 'justify'): Row<Draw>[] {
	return lines.map((line) => ({
		span: 1,
		item: (t, page, top) => t.text(page, line.cells, placeLine(line, width, align).map((x) => MARGIN.left + left + x), emTop(top, style), style)
	}));
}

/** Where a title's line may end a phrase: before 信访事项 or 涉及, or after 的. */
const titleBreak = (before: string, after: string) => /^(信访|涉及)/.test(after) || before.endsWith('的');

const blank = (): Row<Draw> => ({ span: 1, item: () => {} });
const widthOf = (t: Typesetter, text: string, style: Style) => inkWidth(t.shape(text, style), style);

/** 发文机关标志: 标宋 in red, spaced out, narrowed to fit one line; the red double rule (thick over thin) below. */
function mark(t: Typesetter, name: string): Row<Draw> {
	let style: Style = { role: 'title', size: 30, color: RED, spacing: 4 };
	const n = Array.from(name).length;
	const bare = widthOf(t, name, { ...style, spacing: 0 });
	if (bare + (n - 1) * 4 > BLOCK.width) style = { ...style, spacing: Math.max(0, (BLOCK.width - bare) / Math.max(1, n - 1)) };
	if (bare > BLOCK.width) style = { ...style, size: (style.size * BLOCK.width) / bare };
	const cells = t.shape(name, style);
	return {
		span: 2,
		item: (t, page, top) => {
			t.text(page, cells, at(MARGIN.left + (BLOCK.width - inkWidth(cells, style)) / 2, cells), emTop(top, style, 2), style);
			const rule = top + 2 * LINE_MM - 1.075;
			t.rect(page, MARGIN.left, rule, BLOCK.width, 1.2, RED);
			t.rect(page, MARGIN.left, rule + 1.8, BLOCK.width, 0.35, RED);
		}
	};
}

/** 署名 and 成文日期: the date four characters in from the right, the office centred over it, the seal's circle over both. */
function signature(t: Typesetter, doc: LetterDocument): Row<Draw> {
	const by = t.shape(doc.officeName, BODY), date = t.shape(chineseDate(doc.issuedOn), BODY);
	const dateX = BLOCK.width - 4 * ADVANCE_MM - inkWidth(date, BODY);
	const centre = dateX + inkWidth(date, BODY) / 2;
	const byX = Math.max(0, Math.min(BLOCK.width - inkWidth(by, BODY), centre - inkWidth(by, BODY) / 2));
	return {
		span: 2,
		item: (t, page, top) => {
			t.circle(page, MARGIN.left + centre, top + 2 * LINE_MM - 21, 21, 0.4, SEAL);
			t.text(page, by, at(MARGIN.left + byX, by), emTop(top, BODY), BODY);
			t.text(page, date, at(MARGIN.left + dateX, date), emTop(top + LINE_MM, BODY), BODY);
		}
	};
}

/** 版记: 抄送 and 印发机关 / 印发日期 in 4号 between rules the block's width, the last rule on the block's bottom edge. */
function record(t: Typesetter, doc: LetterDocument): Row<Draw>[] {
	const pad = ADVANCE_MM;
	const cc = doc.cc ? textRows(t, `抄送：${doc.cc}。`, RECORD, { left: pad, width: BLOCK.width - 2 * pad, hang: widthOf(t, '抄送：', RECORD) }) : [];
	const office = t.shape(printedBy(doc), RECORD), date = t.shape(`${chineseDate(doc.issuedOn)}印发`, RECORD);
	const printed: Row<Draw> = {
		span: 1,
		item: (t, page, top) => {
			t.rect(page, MARGIN.left, top - (cc.length ? 0.125 : 0.175), BLOCK.width, cc.length ? 0.25 : 0.35, [0, 0, 0]);
			t.rect(page, MARGIN.left, top + LINE_MM - 0.35, BLOCK.width, 0.35, [0, 0, 0]);
			t.text(page, office, at(MARGIN.left + pad, office), emTop(top, RECORD), RECORD);
			t.text(page, date, at(MARGIN.left + BLOCK.width - pad - inkWidth(date, RECORD), date), emTop(top, RECORD), RECORD);
		}
	};
	if (cc.length) {
		const first = cc[0].item;
		cc[0] = { span: 1, item: (t, page, top) => (t.rect(page, MARGIN.left, top - 0.175, BLOCK.width, 0.35, [0, 0, 0]), first(t, page, top)) };
	}
	return [...cc, printed];
}

/** The letter's blocks, in order, for the paginator. */
function letterBlocks(t: Typesetter, doc: LetterDocument): Block<Draw>[] {
	const indent = 2 * ADVANCE_MM;
	const paragraph = (text: string) => textRows(t, text, BODY, { indent });
	const title = (text: string) => rowsOf(breakBalanced(t.shape(text, TITLE), BLOCK.width - 2 * ADVANCE_MM, titleBreak), TITLE, ADVANCE_MM, BLOCK.width - 2 * ADVANCE_MM, 'center');
	const paragraphs = bodyParagraphs(doc);
	const attach = `附件：${attachmentTitle(doc)}`;
	return [
		{ rows: [mark(t, doc.officeName), ...textRows(t, doc.number, BODY, { align: 'end' }), blank(), ...title(doc.title), blank(), ...textRows(t, `${doc.recipient}：`, BODY)] },
		...paragraphs.slice(0, -1).map((p) => ({ rows: paragraph(p) })),
		// the closing formula, the attachments list and the signature stay together: no page holds a signature alone
		{ together: true, rows: [...paragraph(paragraphs.at(-1)!), blank(), ...textRows(t, attach, BODY, { indent, hang: indent + widthOf(t, '附件：', BODY) + LETTER_SPACING_MM }), blank(), blank(), signature(t, doc)] },
		{ foot: true, rows: record(t, doc) },
		{
			newPage: true,
			rows: [
				...textRows(t, '附件', LABEL, { align: 'start' }),
				blank(),
				...title(attachmentTitle(doc)),
				blank(),
				...doc.items.flatMap((item, i) => textRows(t, `${i + 1}. ${item.serial}　${item.regionName}　${item.summary}${item.note ? `（${item.note}）` : ''}`, BODY))
			]
		}
	];
}

/** The letter as PDF bytes. Throws MissingGlyphsError when a character is in none of the fonts. */
export function letterPdf(doc: LetterDocument, fonts: LetterFonts): Buffer {
	const t = new Typesetter(fonts);
	const pages = paginate(letterBlocks(t, doc), LINES);
	pages.forEach((rows, i) => {
		const page = t.newPage();
		for (const row of rows) row.item(t, page, MARGIN.top + row.line * LINE_MM);
		// 页码 (GB/T 9704 7.5): odd pages one character in from the right, even pages from the left
		const folio = t.shape(`— ${i + 1} —`, FOLIO);
		const inset = FOLIO_PT * MM_PER_PT;
		const x = i % 2 === 0 ? MARGIN.left + BLOCK.width - inset - inkWidth(folio, FOLIO) : MARGIN.left + inset;
		t.text(page, folio, at(x, folio), MARGIN.top + BLOCK.height + FOLIO_GAP_MM, FOLIO);
	});
	return t.toPdf({ title: doc.number, author: doc.officeName, date: doc.issuedOn });
}

/**
 * The node's letter printer: the fonts are read once (on first use) and kept; each letter then
 * costs its layout and its font subsets, a few milliseconds of CPU, so no browser and no pool.
 */
export function createLetterPdfRenderer(options: { fontsDir: string }) {
	let fonts: LetterFonts | null = null;
	return {
		async render(doc: LetterDocument): Promise<Buffer> {
			fonts ??= loadLetterFonts(options.fontsDir);
			return letterPdf(doc, fonts);
		},
		/** The characters of `text` that none of the fonts has (checked before issuing). */
		missingGlyphs(text: string): string[] {
			const f = (fonts ??= loadLetterFonts(options.fontsDir));
			return [...new Set(Array.from(text))].filter((c) => !/\s/.test(c) && !faceFor(f, c.codePointAt(0)!, 'body'));
		},
		async close() {
			fonts = null;
		}
	};
}

export type LetterPdfRenderer = ReturnType<typeof createLetterPdfRenderer>;
