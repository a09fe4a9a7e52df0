import { AlignmentType, BorderStyle, Document, DocumentGridType, Footer, LineRuleType, Packer, PageNumber, Paragraph, TextRun } from 'docx';
import { attachmentTitle, bodyParagraphs, chineseDate, printedBy, type LetterDocument } from './document.ts';
import { BLOCK, BODY_PT, CHARS, LINES, MARGIN, MM_PER_PT, PAGE, TITLE_PT } from './geometry.ts';

/**
 * The same letter as a .docx for offices that edit in Word or WPS: the GB/T 9704 page, a
 * 22-line × 28-character document grid, and the font names those offices have (仿宋_GB2312,
 * 方正小标宋简体, 黑体; digits in Times New Roman). The PDF stays the record.
 */
const twips = (mm: number) => Math.round((mm / 25.4) * 1440);
const LINE = Math.round((BLOCK.height / LINES / MM_PER_PT) * 20); // in twentieths of a point
const FONT = {
	body: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' },
	title: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' },
	label: { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' }
};
const RED = 'C00000';

type Options = { align?: (typeof AlignmentType)[keyof typeof AlignmentType]; indent?: number; right?: number; size?: number; font?: keyof typeof FONT; color?: string; border?: 'bottom' | 'top' | 'both' };

function line(text: string, o: Options = {}): Paragraph {
	const rule = { style: BorderStyle.SINGLE, size: 6, color: o.color ?? '000000', space: 1 };
	return new Paragraph({
		alignment: o.align ?? AlignmentType.JUSTIFIED,
		spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
		indent: { firstLine: o.indent ? o.indent * BODY_PT * 20 : undefined, right: o.right ? o.right * BODY_PT * 20 : undefined },
		border: o.border ? { ...(o.border !== 'bottom' ? { top: rule } : {}), ...(o.border !== 'top' ? { bottom: rule } : {}) } : undefined,
		children: [new TextRun({ text, font: FONT[o.font ?? 'body'], size: (o.size ?? BODY_PT) * 2, color: o.color })]
	});
}

/** 页码: 4号, between 一字线, odd pages one character in from the right, even pages from the left. */
const folio = (alignment: (typeof AlignmentType)[keyof typeof AlignmentType]) =>
	new Footer({ children: [new Paragraph({ alignment, indent: { left: 280, right: 280 }, children: [new TextRun({ children: ['— ', PageNumber.CURRENT, ' —'], font: FONT.title, size: 28 })] })] });

export async function letterDocx(doc: LetterDocument): Promise<Buffer> {
	const blank = () => line('');
	const children = [
		line(doc.officeName, { align: AlignmentType.CENTER, font: 'title', size: 30, color: RED, border: 'bottom' }),
		line(doc.number, { align: AlignmentType.RIGHT }),
		blank(),
		line(doc.title, { align: AlignmentType.CENTER, font: 'title', size: TITLE_PT }),
		blank(),
		line(`${doc.recipient}：`),
		...bodyParagraphs(doc).map((p) => line(p, { indent: 2 })),
		blank(),
		line(`附件：${attachmentTitle(doc)}`, { indent: 2 }),
		blank(),
		blank(),
		line(doc.officeName, { align: AlignmentType.RIGHT, right: 4 }),
		line(chineseDate(doc.issuedOn), { align: AlignmentType.RIGHT, right: 4 }),
		blank(),
		...(doc.cc ? [line(`抄送：${doc.cc}。`, { size: 14, border: 'both' })] : []),
		line(`${printedBy(doc)}　　${chineseDate(doc.issuedOn)}印发`, { size: 14, border: 'bottom' }),
		new Paragraph({ pageBreakBefore: true, children: [new TextRun({ text: '附件', font: FONT.label, size: BODY_PT * 2 })] }),
		blank(),
		line(attachmentTitle(doc), { align: AlignmentType.CENTER, font: 'title', size: TITLE_PT }),
		blank(),
		...doc.items.map((item, i) => line(`${i + 1}. ${item.serial}　${item.regionName}　${item.summary}${item.note ? `（${item.note}）` : ''}`))
	];
	const document = new Document({
		evenAndOddHeaderAndFooters: true,
		creator: doc.officeName,
		title: doc.number,
		sections: [
			{
				properties: {
					page: {
						size: { width: twips(PAGE.width), height: twips(PAGE.height) },
						margin: { top: twips(MARGIN.top), left: twips(MARGIN.left), right: twips(PAGE.width - MARGIN.left - BLOCK.width), bottom: twips(PAGE.height - MARGIN.top - BLOCK.height), footer: twips(PAGE.height - MARGIN.top - BLOCK.height - 7 - 5) }
					},
					grid: { type: DocumentGridType.LINES_AND_CHARS, linePitch: LINE, charSpace: Math.round(((BLOCK.width / CHARS / MM_PER_PT) - BODY_PT) * 4096) }
				},
				footers: { default: folio(AlignmentType.RIGHT), even: folio(AlignmentType.LEFT) },
				children
			}
		]
	});
	return Packer.toBuffer(document);
}
