import { AlignmentType, BorderStyle, Document, ImageRun, LineRuleType, Packer, Paragraph, Table, TableCell, TableRow, TabStopType, TextRun, WidthType } from 'docx';
import { LINE, RED, STYLES, blank, line, run, twips } from '../../print/docx-grid.ts';
import { ADVANCE_MM, BLOCK, LINE_MM, MARGIN, MM_PER_PT, PAGE } from '../../print/geometry.ts';
import { emCells } from '../../print/line-break.ts';
import { chineseDay, type BriefingDocument } from './content.ts';
import { MINUTES_FORMAT, minutesMark, minutesParagraphs } from './minutes-pdf.ts';

/** The same briefing or 纪要 as a .docx to edit in Word or WPS, with the charts as pictures. */
const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' };
const HEI = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };
const TITLE = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' };

const p = (text: string, o: { font?: typeof FONT; size?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; color?: string; indent?: boolean } = {}) =>
	new Paragraph({ alignment: o.align, indent: o.indent ? { firstLine: 560 } : undefined, spacing: { after: 80 }, children: [new TextRun({ text, font: o.font ?? FONT, size: (o.size ?? 14) * 2, color: o.color })] });

const cell = (text: string, head = false) => new TableCell({ children: [p(text, { font: head ? HEI : FONT, size: 12 })] });
const table = (rows: string[][], head: string[]) =>
	new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }), ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) }))] });

function agenda(doc: BriefingDocument): Paragraph[] {
	return doc.agenda.flatMap((a, i) => [
		p(`${i + 1}. ${a.title}`, { font: HEI }),
		...(a.detail ? [p(a.detail, { size: 12 })] : []),
		...(a.note ? [p(`批注：${a.note}`, { size: 12 })] : []),
		...a.decisions.map((d) => p(`会议决定：${d.text}（责任单位：${d.unit}；责任人：${d.person}；办理期限：${chineseDay(d.due)}）`, { size: 12, indent: true }))
	]);
}

/**
 * The 纪要 as the PDF sets it (纪要格式, minutes-pdf.ts), to edit in Word or WPS: the GB/T 9704 page,
 * exact grid lines, the red 纪要标志 35 mm under the block (narrowed to one line), the office and
 * date over a thin red rule, the body two characters in, 出席 in 黑体 with the names aligned after the colon.
 */
function minutesDocx(doc: BriefingDocument): Promise<Buffer> {
	const mark = minutesMark(doc.title);
	// one line, never a lone 要: an em to spare for the space a renderer may add between digits and Chinese
	const ems = emCells(mark).reduce((sum, c) => sum + c.width, 0) + 1;
	const markPt = Math.min(MINUTES_FORMAT.markPt, Math.floor((BLOCK.width / ems / MM_PER_PT) * 2) / 2);
	const children = [
		new Paragraph({
			alignment: AlignmentType.CENTER,
			spacing: { before: twips(MINUTES_FORMAT.markFromBlockTop - 0.2 * markPt * MM_PER_PT), after: twips(LINE_MM / 2), line: Math.round(markPt * 1.2 * 20), lineRule: LineRuleType.EXACT },
			children: [run(mark, { font: 'title', size: markPt, color: RED, grid: false })]
		}),
		new Paragraph({
			tabStops: [{ type: TabStopType.RIGHT, position: twips(BLOCK.width) }],
			spacing: { line: LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 },
			border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: RED, space: 4 } },
			children: [run(doc.office), run(`\t${chineseDay(doc.heldAt)}`)]
		}),
		blank(),
		...minutesParagraphs(doc).map((text) => line([run(text)], { indent: 2 * ADVANCE_MM })),
		blank(),
		line([run('出席：', { font: 'label' }), run(doc.attendees || '—')], { indent: 2 * ADVANCE_MM, hang: 5 * ADVANCE_MM })
	];
	const page = { size: { width: twips(PAGE.width), height: twips(PAGE.height) }, margin: { top: twips(MARGIN.top), left: twips(MARGIN.left), right: twips(PAGE.width - MARGIN.left - BLOCK.width), bottom: twips(PAGE.height - MARGIN.top - BLOCK.height) } };
	return Packer.toBuffer(new Document({ creator: doc.office, title: mark, externalStyles: STYLES, sections: [{ properties: { page }, children }] }));
}

export async function briefingDocx(doc: BriefingDocument): Promise<Buffer> {
	if (doc.kind === 'minutes') return minutesDocx(doc);
	const head = [
		new Paragraph({ alignment: AlignmentType.CENTER, border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: 'C00000', space: 4 } }, children: [new TextRun({ text: doc.office, font: TITLE, size: 52, color: 'C00000' })] }),
		p(`${doc.title}简报`, { font: TITLE, size: 20, align: AlignmentType.CENTER })
	];
	const children = [
		...head,
		p(`召开时间：${doc.heldAt}　地点：${doc.place || '—'}`, { size: 12 }),
		p(`冻结态势 · ${doc.snapshot.takenAt} · 序号 ${doc.snapshot.seq}`, { size: 12, color: 'C00000' }),
		p(`一、当前态势（${doc.regionName}）`, { font: HEI }),
		table(doc.figures, ['指标', '数值']),
		p(`二、上次会议以来的变化${doc.baseline ? `（自 ${doc.baseline.takenAt}）` : '（本地区首次会议）'}`, { font: HEI }),
		table(doc.changes, ['变化', '数量']),
		...(doc.rateChanges.length ? [p('三、按期办结率变化（按单位）', { font: HEI }), table(doc.rateChanges, ['单位', '上次', '本次', '变化'])] : []),
		p('图表', { font: HEI }),
		...doc.charts.flatMap((c) =>
			c.png
				? [new Paragraph({ alignment: AlignmentType.CENTER, children: [new ImageRun({ type: 'png', data: c.png, transformation: { width: 600, height: Math.round((600 * c.height) / c.width) } })] }), p(c.title, { align: AlignmentType.CENTER, size: 11 })]
				: []
		),
		p('会议议程与决定', { font: HEI }),
		...agenda(doc)
	];
	return Packer.toBuffer(new Document({ creator: doc.office, title: doc.title, sections: [{ properties: { page: { margin: { top: 1700, bottom: 1600, left: 1360, right: 1360 } } }, children }] }));
}
