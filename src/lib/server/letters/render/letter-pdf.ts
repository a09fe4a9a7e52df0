import { ADVANCE_MM, BLOCK, LETTER_FORMAT, LETTER_SPACING_MM, LINE_MM, MARGIN, PAGE, RULE_LEFT } from '../../print/geometry.ts';
import { BODY, LABEL, RED, at, blank, emTop, inkHeight, inkWidth, markStyle, textRows, titleRows, typesetPages, widthOf, type Draw, type Page, type Rgb } from '../../print/layout.ts';
import type { Block, Row } from '../../print/paginate.ts';
import { printFonts } from '../../print/service.ts';
import { Typesetter, faceFor, type LetterFonts, type Style } from '../../print/typeset.ts';
import { attachmentTable } from './attachment-table.ts';
import { attachmentTitle, bodyParagraphs, chineseDate, type LetterDocument } from './document.ts';

/**
 * The 三函 letter drawn straight into a PDF in 信函格式 (GB/T 9704-2012 §10.1) by the print
 * service's typesetter: red 发文机关标志 and the two red double rules on page 1, 发文字号, title,
 * 主送机关, body, 附件说明, 署名 and 成文日期 with the seal's place; the items as an attachment
 * table on pages of its own; the 版记 (抄送 only) at the foot of the last page; page numbers from page 2.
 */
const SEAL: Rgb = [0.878, 0.376, 0.376];
const RECORD: Style = { role: 'body', size: 14 };

/** A red double rule 170 mm long, centred: thick over thin (`thickFirst`) or thin over thick; `top` is its upper edge. */
function doubleRule(t: Typesetter, page: Page, top: number, thickFirst: boolean) {
	const { thick, thin, between, ruleLength } = LETTER_FORMAT;
	const [upper, lower] = thickFirst ? [thick, thin] : [thin, thick];
	t.rect(page, RULE_LEFT, top, ruleLength, upper, RED);
	t.rect(page, RULE_LEFT, top + upper + between, ruleLength, lower, RED);
}
const ruleHeight = LETTER_FORMAT.thick + LETTER_FORMAT.between + LETTER_FORMAT.thin;

/**
 * Page 1's head in 信函格式, placed from the page's top edge rather than on the grid: the red
 * 发文机关标志 (标宋, spaced out, narrowed to fit one line) its ink's top 30 mm down, the double
 * rule 4 mm under its ink, the 文号 flush right, its ink 7/8 of a 三号 character under the rule; the second double rule 20 mm
 * above the bottom edge. Takes as many grid lines as reach past the 文号.
 */
function head(t: Typesetter, doc: LetterDocument): Row<Draw> {
	const style = markStyle(t, doc.officeName, { role: 'title', size: 30, color: RED, spacing: 4 });
	const cells = t.shape(doc.officeName, style);
	const number = t.shape(doc.number, BODY);
	// placed by their visible edges, as a ruler on the printed page finds them
	const [above, below] = t.ink(cells, style);
	const ruleTop = LETTER_FORMAT.markTop + above + below + LETTER_FORMAT.markGap;
	const numberTop = t.emTopForInk(number, BODY, ruleTop + ruleHeight + LETTER_FORMAT.numberGap);
	const span = Math.ceil((numberTop + inkHeight(t, BODY) - MARGIN.top) / LINE_MM - 0.05);
	return {
		span,
		item: (t, page) => {
			t.text(page, cells, at(MARGIN.left + (BLOCK.width - inkWidth(cells, style)) / 2, cells), t.emTopForInk(cells, style, LETTER_FORMAT.markTop), style);
			doubleRule(t, page, ruleTop, true);
			t.text(page, number, at(MARGIN.left + BLOCK.width - inkWidth(number, BODY), number), numberTop, BODY);
			doubleRule(t, page, PAGE.height - LETTER_FORMAT.bottomRuleFromEdge - ruleHeight, false);
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

/** 版记 in 信函格式: 抄送 only, 4号, one character in, no 印发机关/印发日期 and no rules; nothing when there is no 抄送. */
function record(t: Typesetter, doc: LetterDocument): Row<Draw>[] {
	const pad = ADVANCE_MM;
	return doc.cc ? textRows(t, `抄送：${doc.cc}。`, RECORD, { left: pad, width: BLOCK.width - 2 * pad, hang: widthOf(t, '抄送：', RECORD) }) : [];
}

/** The letter's blocks, in order, for the paginator. */
function letterBlocks(t: Typesetter, doc: LetterDocument): Block<Draw>[] {
	const indent = 2 * ADVANCE_MM;
	const paragraph = (text: string) => textRows(t, text, BODY, { indent });
	const paragraphs = bodyParagraphs(doc);
	const attach = `附件：${attachmentTitle(doc)}`;
	const [header, ...rows] = attachmentTable(t, doc);
	return [
		{ rows: [head(t, doc), blank(), ...titleRows(t, doc.title), blank(), ...textRows(t, `${doc.recipient}：`, BODY)] },
		...paragraphs.slice(0, -1).map((p) => ({ rows: paragraph(p) })),
		// the closing formula, the attachments list and the signature stay together: no page holds a signature alone
		{ together: true, rows: [...paragraph(paragraphs.at(-1)!), blank(), ...(doc.items.length ? [...textRows(t, attach, BODY, { indent, hang: indent + widthOf(t, '附件：', BODY) + LETTER_SPACING_MM }), blank()] : []), blank(), signature(t, doc)] },
		// 附件 on its own page, before the 版记 (a document without items has none)
		...(doc.items.length ? [{ newPage: true, together: true, rows: [...textRows(t, '附件', LABEL, { align: 'start' }), blank(), ...titleRows(t, attachmentTitle(doc)), blank(), header] }, { rows }] : []),
		{ foot: true, rows: record(t, doc) }
	];
}

/** The letter as PDF bytes. Throws MissingGlyphsError when a character is in none of the fonts. */
export function letterPdf(doc: LetterDocument, fonts: LetterFonts): Buffer {
	const t = new Typesetter(fonts);
	typesetPages(t, letterBlocks(t, doc), { firstPageNumbered: false });
	return t.toPdf({ title: doc.number, author: doc.officeName, date: doc.issuedOn });
}

/**
 * The node's letter printer: the print service's fonts (read once, on first use, shared with the
 * other documents); each letter then costs its layout and its font subsets, a few milliseconds of
 * CPU, so no browser and no pool.
 */
export function createLetterPdfRenderer(options: { fontsDir: string }) {
	let fonts: LetterFonts | null = null;
	return {
		async render(doc: LetterDocument): Promise<Buffer> {
			fonts ??= printFonts(options.fontsDir);
			return letterPdf(doc, fonts);
		},
		/** The characters of `text` that none of the fonts has (checked before issuing). */
		missingGlyphs(text: string): string[] {
			const f = (fonts ??= printFonts(options.fontsDir));
			return [...new Set(Array.from(text))].filter((c) => !/\s/.test(c) && !faceFor(f, c.codePointAt(0)!, 'body'));
		},
		/** The characters of `text` that no 仿宋 face has and that would print in the fallback face (宋体/明体). */
		fallbackGlyphs(text: string): string[] {
			const f = (fonts ??= printFonts(options.fontsDir));
			return [...new Set(Array.from(text))].filter((c) => !/\s/.test(c) && faceFor(f, c.codePointAt(0)!, 'body')?.key === 'fallback');
		},
		async close() {
			fonts = null;
		}
	};
}

export type LetterPdfRenderer = ReturnType<typeof createLetterPdfRenderer>;

/**
 * The one check that a text prints: the refusal naming the field and the characters none of the
 * letter fonts has (事由中有字体没有的字：😀，请改用规范汉字), or null. Used before a 文号 is taken —
 * at 签发 of a 三函 and at the transition that issues a petitioner's document — so nothing is
 * numbered that can never print. Null too when this node has no letter fonts (issuing goes on,
 * printing reports it).
 */
export function unprintableText(renderer: Pick<LetterPdfRenderer, 'missingGlyphs'>, label: string, text: string): { chars: string[]; message: string } | null {
	let chars: string[];
	try {
		chars = renderer.missingGlyphs(text);
	} catch {
		return null;
	}
	return chars.length ? { chars, message: `${label}中有字体没有的字：${chars.join('、')}，请改用规范汉字` } : null;
}

