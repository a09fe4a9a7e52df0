import { AlignmentType, BorderStyle, Document, Footer, FrameAnchorType, FrameWrap, HeightRule, LineRuleType, Packer, PageNumber, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, VerticalAlign, WidthType, type IBorderOptions } from 'docx';
import { ADVANCE_MM, BLOCK, BODY_PT, FOLIO_GAP_MM, FOLIO_PT, LETTER_FORMAT, LINE_MM, MARGIN, MM_PER_PT, PAGE, RULE_LEFT, TITLE_PT } from '../../print/geometry.ts';
import { FONT, LINE, RED, STYLES, blank, line, pt, run, twips, type Align } from '../../print/docx-grid.ts';
import { titleLines } from '../../print/layout.ts';
import { columnLayout } from './attachment-table.ts';
import { attachmentGrid, attachmentTitle, bodyParagraphs, chineseDate, type LetterDocument } from './document.ts';

/**
 * The same letter as a .docx for offices that edit in Word or WPS, in 信函格式 as the PDF: the
 * GB/T 9704 page, 22 lines of 28 characters (exact 225/22 mm lines; 三号 body spaced to 156/28 mm
 * a character, no extra space between Chinese and digits); on page 1 the red 发文机关标志 (its ink's top 30 mm down), the red double rules
 * (thick over thin 4 mm under the 标志, thin over thick 20 mm above the bottom edge, 170 mm,
 * centred) and the 文号 in frames fixed to the page; the title broken where the PDF breaks it
 * (title-breaks.ts); no page number on page 1 (its own empty footer); the attachment table on a
 * page of its own; the 版记 (抄送 only, no rules) in a frame at the foot of the last page. Font
 * names are those offices have (仿宋_GB2312, 方正小标宋简体; digits in Times New Roman); the
 * product's print/fonts.conf maps them to the PDF's faces where LibreOffice renders it, and
 * tests/integration/letters-docx-format.test.ts measures that render against the PDF's geometry.
 * The PDF stays the record.
 */
/** A paragraph in a frame fixed to the page, `w` mm wide, its one line `h` mm high, its top `y` mm down; text runs through it unless `wrap` says otherwise. */
function fixed(x: number, y: number, w: number, h: number, children: TextRun[], o: { align?: Align; border?: { top?: IBorderOptions; bottom?: IBorderOptions }; wrap?: (typeof FrameWrap)[keyof typeof FrameWrap] } = {}) {
	return new Paragraph({
		frame: { type: 'absolute', position: { x: twips(x), y: twips(y) }, width: twips(w), height: twips(h), rule: HeightRule.EXACT, anchor: { horizontal: FrameAnchorType.PAGE, vertical: FrameAnchorType.PAGE }, wrap: o.wrap ?? FrameWrap.THROUGH },
		alignment: o.align ?? AlignmentType.LEFT,
		spacing: { line: Math.round(pt(h) * 20), lineRule: LineRuleType.EXACT, before: 0, after: 0 },
		border: o.border,
		children
	});
}

const MARK_PT = 30;
const RULE_MM = LETTER_FORMAT.thick + LETTER_FORMAT.between + LETTER_FORMAT.thin;
/** Word's double border: 1/8 pt units, the pair drawn from the weight given. */
const double = (style: (typeof BorderStyle)[keyof typeof BorderStyle]): IBorderOptions => ({ style, size: Math.round((pt(RULE_MM) * 8) / 2), color: RED, space: 0 });

/**
 * Where the head's parts land as LibreOffice renders them (measured: letters-docx-format.test.ts),
 * so each is placed by its ink as in the PDF: a frame's exact-height line has its text 0.8 of
 * the height down; the 标宋 标志's ink then starts 0.76 em above that and is 0.93 em high, the
 * 仿宋 文号's starts 0.77 em above it; a double bottom border is drawn 1.5 mm thick from 0.55 mm
 * above the frame's bottom.
 */
const BASELINE = 0.8;
const MARK_INK = { above: 0.76, height: 0.93 };
const NUMBER_INK_ABOVE = 0.77;
const BORDER = { thickness: 1.5, aboveFrameBottom: 0.55 };

function head(doc: LetterDocument): Paragraph[] {
	const markMm = MARK_PT * MM_PER_PT;
	const n = Array.from(doc.officeName).length;
	const spacing = Math.max(0, Math.min(4, (BLOCK.width - n * markMm) / Math.max(1, n - 1)));
	const ruleTop = LETTER_FORMAT.markTop + MARK_INK.height * markMm + LETTER_FORMAT.markGap;
	const numberInkTop = ruleTop + BORDER.thickness + LETTER_FORMAT.numberGap;
	const markLine = markMm * 1.25;
	/** A frame of one exact line `h` high whose baseline is at `baseline`. */
	const at = (baseline: number, h: number) => baseline - BASELINE * h;
	/** A 1 mm frame whose bottom border's top edge is at `top`. */
	const rule = (top: number, style: (typeof BorderStyle)[keyof typeof BorderStyle]) =>
		fixed(RULE_LEFT, top + BORDER.aboveFrameBottom - 1, LETTER_FORMAT.ruleLength, 1, [], { border: { bottom: double(style) } });
	return [
		fixed(MARGIN.left, at(LETTER_FORMAT.markTop + MARK_INK.above * markMm, markLine), BLOCK.width, markLine, [run(doc.officeName, { font: 'title', size: MARK_PT, color: RED, spacing: Math.round(pt(spacing) * 20), grid: false })], { align: AlignmentType.CENTER }),
		rule(ruleTop, BorderStyle.THICK_THIN_SMALL_GAP),
		// the 文号's frame ends on the grid's third line: the body (title two lines under it) flows below it, never beside
		fixed(MARGIN.left, at(numberInkTop + NUMBER_INK_ABOVE * BODY_PT * MM_PER_PT, LINE_MM), BLOCK.width, LINE_MM, [run(doc.number, { grid: false })], { align: AlignmentType.RIGHT, wrap: FrameWrap.NOT_BESIDE }),
		rule(PAGE.height - LETTER_FORMAT.bottomRuleFromEdge - BORDER.thickness, BorderStyle.THIN_THICK_SMALL_GAP)
	];
}

const thin: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
/** The attachment table as the PDF draws it: 五号 仿宋, ruled, rows at least a grid line high, lines of half a grid line; the same columns (attachmentGrid). */
function table(doc: LetterDocument): Table {
	const grid = attachmentGrid(doc);
	const { mm, align } = columnLayout(grid.columns);
	const CELL_ALIGN = align.map((a) => (a === 'center' ? AlignmentType.CENTER : AlignmentType.LEFT));
	const cell = (text: string, c: number) =>
		new TableCell({
			width: { size: twips(mm[c]), type: WidthType.DXA },
			margins: { left: twips(1), right: twips(1), top: 0, bottom: 0 },
			verticalAlign: VerticalAlign.CENTER,
			borders: { top: thin, bottom: thin, left: thin, right: thin },
			children: [new Paragraph({ alignment: CELL_ALIGN[c], spacing: { line: Math.round(LINE / 2), lineRule: LineRuleType.EXACT, before: 0, after: 0 }, children: [run(text, { size: 10.5, grid: false })] })]
		});
	return new Table({
		width: { size: twips(BLOCK.width), type: WidthType.DXA },
		columnWidths: mm.map(twips),
		layout: TableLayoutType.FIXED,
		rows: [grid.head, ...grid.rows].map(
			(cells, r) => new TableRow({ tableHeader: r === 0, cantSplit: true, height: { value: twips(LINE_MM), rule: HeightRule.ATLEAST }, children: cells.map((t, c) => cell(t, c)) })
		)
	});
}

/** 页码: 4号, between 一字线, 7 mm under the block, odd pages one character in from the right, even pages from the left. */
const folio = (alignment: Align) =>
	new Footer({
		children: [
			new Paragraph({ alignment, indent: { left: twips(FOLIO_PT * MM_PER_PT), right: twips(FOLIO_PT * MM_PER_PT) }, spacing: { before: 0, after: 0 }, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: FONT.title, size: FOLIO_PT * 2, snapToGrid: false })] })
		]
	});

/** A title: 二号 标宋-class, centred one character in at each side, its lines where the PDF breaks them. */
const title = (text: string) =>
	new Paragraph({
		alignment: AlignmentType.CENTER,
		spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
		indent: { left: twips(ADVANCE_MM), right: twips(ADVANCE_MM) },
		keepNext: true,
		children: titleLines(text).map((l, i) => new TextRun({ text: l, break: i > 0 ? 1 : undefined, font: FONT.title, size: TITLE_PT * 2, snapToGrid: false }))
	});

/** 附件 on a page of its own: the label (黑体), the title and the table. */
const attachment = (doc: LetterDocument) => [line([run('附件', { font: 'label' })], { align: AlignmentType.LEFT, pageBreakBefore: true }), blank(), title(attachmentTitle(doc)), blank(), table(doc)];

/** 署名 and 成文日期: the date four characters in from the right, the office centred over it (kept with the lines before it). */
function signature(doc: LetterDocument): Paragraph[] {
	const width = (text: string) => Array.from(text).reduce((sum, c) => sum + (/[\x20-\x7e]/.test(c) ? (BODY_PT * MM_PER_PT) / 2 : ADVANCE_MM), 0);
	const date = chineseDate(doc.issuedOn);
	const right = 4 * ADVANCE_MM;
	const byRight = Math.max(0, right + (width(date) - width(doc.officeName)) / 2);
	return [line([run(doc.officeName)], { align: AlignmentType.RIGHT, right: byRight, keepNext: true }), line([run(date)], { align: AlignmentType.RIGHT, right })];
}

export async function letterDocx(doc: LetterDocument): Promise<Buffer> {
	const indent = 2 * ADVANCE_MM;
	const paragraphs = bodyParagraphs(doc);
	const attach = `附件：${attachmentTitle(doc)}`;
	const record = doc.cc
		? [fixed(MARGIN.left + ADVANCE_MM, MARGIN.top + BLOCK.height - LINE_MM, BLOCK.width - 2 * ADVANCE_MM, LINE_MM, [run(`抄送：${doc.cc}。`, { size: 14, grid: false })])]
		: [];
	// the closing formula, the attachments list and the signature stay together (keepNext), as in the PDF
	const closing = [
		line([run(paragraphs.at(-1)!)], { indent, keepNext: true }),
		new Paragraph({ keepNext: true, spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 } }),
		...(doc.items.length ? [line([run(attach)], { indent, hang: indent + 3 * ADVANCE_MM, keepNext: true }), new Paragraph({ keepNext: true, spacing: { line: LINE, lineRule: LineRuleType.EXACT } })] : []),
		new Paragraph({ keepNext: true, spacing: { line: LINE, lineRule: LineRuleType.EXACT } }),
		...signature(doc)
	];
	const children = [
		...head(doc),
		blank(),
		title(doc.title),
		blank(),
		line([run(`${doc.recipient}：`)]),
		...paragraphs.slice(0, -1).map((p) => line([run(p)], { indent })),
		...closing,
		...(doc.items.length ? attachment(doc) : []),
		...record
	];
	const document = new Document({
		evenAndOddHeaderAndFooters: true,
		creator: doc.officeName,
		title: doc.number,
		externalStyles: STYLES,
		sections: [
			{
				properties: {
					titlePage: true,
					page: {
						size: { width: twips(PAGE.width), height: twips(PAGE.height) },
						margin: {
							top: twips(MARGIN.top),
							left: twips(MARGIN.left),
							right: twips(PAGE.width - MARGIN.left - BLOCK.width),
							bottom: twips(PAGE.height - MARGIN.top - BLOCK.height),
							footer: twips(PAGE.height - MARGIN.top - BLOCK.height - FOLIO_GAP_MM - FOLIO_PT * MM_PER_PT),
							header: 0
						}
					},
					// 22 lines; 28 characters a line by the body's character spacing (LibreOffice reads a character grid against its own default size)
				},
				footers: { first: new Footer({ children: [new Paragraph({ children: [] })] }), default: folio(AlignmentType.RIGHT), even: folio(AlignmentType.LEFT) },
				children
			}
		]
	});
	return Packer.toBuffer(document);
}
