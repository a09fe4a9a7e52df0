import { AlignmentType, BorderStyle, Document, DocumentGridType, Footer, FrameAnchorType, FrameWrap, Header, HeightRule, LineRuleType, Packer, PageNumber, Paragraph, Table, TableCell, TableRow, TextRun, WidthType, type IBorderOptions } from 'docx';
import { COLUMN_MM } from './attachment-table.ts';
import { ATTACHMENT_COLUMNS, attachmentCells, attachmentTitle, bodyParagraphs, chineseDate, type LetterDocument } from './document.ts';
import { BLOCK, BODY_PT, CHARS, LETTER_FORMAT, LINE_MM, LINES, MARGIN, MM_PER_PT, PAGE, RULE_LEFT, TITLE_PT } from '../../print/geometry.ts';

/**
 * The same letter as a .docx for offices that edit in Word or WPS, in 信函格式 as the PDF: the
 * GB/T 9704 page and 22-line × 28-character grid; on page 1 the red 发文机关标志 30 mm down, the
 * red double rules (thick over thin 4 mm under the 标志, thin over thick 20 mm above the bottom
 * edge, 170 mm, centred) and the 文号 in frames fixed to the page; no page number on page 1
 * (its own empty footer); the attachment table on its own page; the 版记 (抄送 only, no rules)
 * in a frame at the foot of the last page. Font names are those offices have (仿宋_GB2312,
 * 方正小标宋简体, 黑体; digits in Times New Roman). The PDF stays the record.
 */
const twips = (mm: number) => Math.round((mm / 25.4) * 1440);
const LINE = Math.round((BLOCK.height / LINES / MM_PER_PT) * 20); // in twentieths of a point
const FONT = {
	body: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' },
	title: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' },
	label: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' }
};
const RED = 'CC0000';
type Align = (typeof AlignmentType)[keyof typeof AlignmentType];
type Options = { align?: Align; indent?: number; size?: number; font?: keyof typeof FONT; color?: string; hang?: number; line?: number };

function line(text: string, o: Options = {}): Paragraph {
	return new Paragraph({
		alignment: o.align ?? AlignmentType.JUSTIFIED,
		spacing: { line: o.line ?? LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
		indent: o.hang ? { left: o.hang, hanging: o.hang } : { firstLine: o.indent ? o.indent * BODY_PT * 20 : undefined },
		children: [new TextRun({ text, font: FONT[o.font ?? 'body'], size: (o.size ?? BODY_PT) * 2, color: o.color })]
	});
}

/** A paragraph fixed to page 1 at (x, y) mm from the page's top left, `w` × `h` mm, text running under it. */
function fixed(x: number, y: number, w: number, h: number, children: TextRun[], o: { align?: Align; border?: { top?: IBorderOptions; bottom?: IBorderOptions } } = {}) {
	return new Paragraph({
		frame: { type: 'absolute', position: { x: twips(x), y: twips(y) }, width: twips(w), height: twips(h), rule: HeightRule.EXACT, anchor: { horizontal: FrameAnchorType.PAGE, vertical: FrameAnchorType.PAGE }, wrap: FrameWrap.THROUGH },
		alignment: o.align ?? AlignmentType.LEFT,
		spacing: { line: twips(h) * 1, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
		border: o.border,
		children
	});
}

const MARK_PT = 30;
const MARK_MM = MARK_PT * MM_PER_PT;
const RULE_MM = LETTER_FORMAT.thick + LETTER_FORMAT.between + LETTER_FORMAT.thin;
/** Word's double border: 1/8 pt units, the pair drawn from the weight given. */
const double = (style: (typeof BorderStyle)[keyof typeof BorderStyle]): IBorderOptions => ({ style, size: Math.round((RULE_MM / MM_PER_PT) * 8 / 2), color: RED, space: 0 });

function head(doc: LetterDocument): Paragraph[] {
	const ruleTop = LETTER_FORMAT.markTop + MARK_MM + LETTER_FORMAT.markGap;
	const numberTop = ruleTop + RULE_MM + LETTER_FORMAT.numberGap;
	const bottomRule = PAGE.height - LETTER_FORMAT.bottomRuleFromEdge - RULE_MM;
	return [
		fixed(MARGIN.left, LETTER_FORMAT.markTop, BLOCK.width, MARK_MM, [new TextRun({ text: doc.officeName, font: FONT.title, size: MARK_PT * 2, color: RED, characterSpacing: 80 })], { align: AlignmentType.CENTER }),
		fixed(RULE_LEFT, ruleTop - 1, LETTER_FORMAT.ruleLength, 1, [], { border: { bottom: double(BorderStyle.THICK_THIN_SMALL_GAP) } }),
		fixed(MARGIN.left, numberTop, BLOCK.width, BODY_PT * MM_PER_PT, [new TextRun({ text: doc.number, font: FONT.body, size: BODY_PT * 2 })], { align: AlignmentType.RIGHT }),
		fixed(RULE_LEFT, bottomRule, LETTER_FORMAT.ruleLength, 1, [], { border: { top: double(BorderStyle.THIN_THICK_SMALL_GAP) } })
	];
}

const thin: IBorderOptions = { style: BorderStyle.SINGLE, size: 4, color: '000000' };
function table(doc: LetterDocument): Table {
	const cell = (text: string, c: number, header: boolean) =>
		new TableCell({
			width: { size: twips(COLUMN_MM[c]), type: WidthType.DXA },
			borders: { top: thin, bottom: thin, left: thin, right: thin },
			children: [new Paragraph({ alignment: [0, 2, 5].includes(c) ? AlignmentType.CENTER : AlignmentType.LEFT, spacing: { line: Math.round(LINE / 2), lineRule: LineRuleType.EXACT }, children: [new TextRun({ text, font: header ? FONT.label : FONT.body, size: 21 })] })]
		});
	return new Table({
		width: { size: twips(BLOCK.width), type: WidthType.DXA },
		columnWidths: COLUMN_MM.map(twips),
		rows: [ATTACHMENT_COLUMNS, ...attachmentCells(doc)].map((cells, r) => new TableRow({ tableHeader: r === 0, cantSplit: true, children: cells.map((t, c) => cell(t, c, r === 0)) }))
	});
}

/** 页码: 4号, between 一字线, odd pages one character in from the right, even pages from the left. */
const folio = (alignment: Align) =>
	new Footer({ children: [new Paragraph({ alignment, indent: { left: 280, right: 280 }, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: FONT.title, size: 28 })] })] });

/** 附件 on a page of its own: the label, the title and the table. */
const attachment = (doc: LetterDocument, blank: () => Paragraph) => [
	new Paragraph({ pageBreakBefore: true, spacing: { line: LINE, lineRule: LineRuleType.EXACT }, children: [new TextRun({ text: '附件', font: FONT.label, size: BODY_PT * 2 })] }),
	blank(),
	line(attachmentTitle(doc), { align: AlignmentType.CENTER, font: 'title', size: TITLE_PT }),
	blank(),
	table(doc)
];

export async function letterDocx(doc: LetterDocument): Promise<Buffer> {
	const blank = () => line('');
	const hang = Math.round((2 + 3) * BODY_PT * 20);
	const record = doc.cc
		? [fixed(MARGIN.left, MARGIN.top + BLOCK.height - LINE_MM, BLOCK.width, LINE_MM, [new TextRun({ text: `抄送：${doc.cc}。`, font: FONT.body, size: 28 })], {})]
		: [];
	const children = [
		...head(doc),
		blank(),
		blank(),
		blank(),
		line(doc.title, { align: AlignmentType.CENTER, font: 'title', size: TITLE_PT }),
		blank(),
		line(`${doc.recipient}：`),
		...bodyParagraphs(doc).map((p) => line(p, { indent: 2 })),
		blank(),
		...(doc.items.length ? [new Paragraph({ spacing: { line: LINE, lineRule: LineRuleType.EXACT }, indent: { left: hang, hanging: 3 * BODY_PT * 20 }, children: [new TextRun({ text: `附件：${attachmentTitle(doc)}`, font: FONT.body, size: BODY_PT * 2 })] })] : []),
		blank(),
		blank(),
		new Paragraph({ keepNext: true, alignment: AlignmentType.RIGHT, spacing: { line: LINE, lineRule: LineRuleType.EXACT }, indent: { right: 4 * BODY_PT * 20 }, children: [new TextRun({ text: doc.officeName, font: FONT.body, size: BODY_PT * 2 })] }),
		line(chineseDate(doc.issuedOn), { align: AlignmentType.RIGHT, indent: 0, hang: 0, ...{} }),
		...(doc.items.length ? attachment(doc, blank) : []),
		...record
	];
	const document = new Document({
		evenAndOddHeaderAndFooters: true,
		creator: doc.officeName,
		title: doc.number,
		sections: [
			{
				properties: {
					titlePage: true,
					page: {
						size: { width: twips(PAGE.width), height: twips(PAGE.height) },
						margin: { top: twips(MARGIN.top), left: twips(MARGIN.left), right: twips(PAGE.width - MARGIN.left - BLOCK.width), bottom: twips(PAGE.height - MARGIN.top - BLOCK.height), footer: twips(PAGE.height - MARGIN.top - BLOCK.height - 7 - 5) }
					},
					grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE, charSpace: Math.round(((BLOCK.width / CHARS / MM_PER_PT) - BODY_PT) * 4096) }
				},
				headers: { first: new Header({ children: [] }) },
				footers: { first: new Footer({ children: [new Paragraph({ children: [] })] }), default: folio(AlignmentType.RIGHT), even: folio(AlignmentType.LEFT) },
				children
			}
		]
	});
	return Packer.toBuffer(document);
}
