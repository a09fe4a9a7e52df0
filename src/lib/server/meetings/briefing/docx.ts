import { AlignmentType, BorderStyle, Document, ImageRun, Packer, Paragraph, Table, TableCell, TableRow, TextRun, WidthType } from 'docx';
import { chineseDay, type BriefingDocument } from './content.ts';

/** The same briefing or 纪要 as a .docx to edit in Word or WPS, with the charts as pictures. */
const FONT = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '仿宋_GB2312' };
const HEI = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '黑体' };
const TITLE = { ascii: 'Times New Roman', hAnsi: 'Times New Roman', eastAsia: '方正小标宋简体' };

const p = (text: string, o: { font?: typeof FONT; size?: number; align?: (typeof AlignmentType)[keyof typeof AlignmentType]; color?: string; indent?: boolean } = {}) =>
	new Paragraph({ alignment: o.align, indent: o.indent ? { firstLine: 560 } : undefined, spacing: { after: 80 }, children: [new TextRun({ text, font: o.font ?? FONT, size: (o.size ?? 14) * 2, color: o.color })] });

const cell = (text: string, head = false) => new TableCell({ children: [p(text, { font: head ? HEI : FONT, size: 12 })] });
const table = (rows: string[][], head: string[]) =>
	new Table({ width: { size: 100, type: WidthType.PERCENTAGE }, rows: [new TableRow({ tableHeader: true, children: head.map((h) => cell(h, true)) }), ...rows.map((r) => new TableRow({ children: r.map((c) => cell(c)) }))] });

function agenda(doc: BriefingDocument, onlyDecided: boolean): Paragraph[] {
	return doc.agenda
		.filter((a) => !onlyDecided || a.decisions.length)
		.flatMap((a, i) => [
			p(`${i + 1}. ${a.title}`, { font: HEI }),
			...(a.detail && !onlyDecided ? [p(a.detail, { size: 12 })] : []),
			...(a.note && !onlyDecided ? [p(`批注：${a.note}`, { size: 12 })] : []),
			...a.decisions.map((d) => p(`会议决定：${d.text}（责任单位：${d.unit}；责任人：${d.person}；办理期限：${chineseDay(d.due)}）`, { size: 12, indent: true }))
		]);
}

export async function briefingDocx(doc: BriefingDocument): Promise<Buffer> {
	const head = [
		new Paragraph({ alignment: AlignmentType.CENTER, border: { bottom: { style: BorderStyle.SINGLE, size: 18, color: 'C00000', space: 4 } }, children: [new TextRun({ text: doc.office, font: TITLE, size: 52, color: 'C00000' })] }),
		p(doc.kind === 'minutes' ? `${doc.title}纪要` : `${doc.title}简报`, { font: TITLE, size: 20, align: AlignmentType.CENTER })
	];
	const children =
		doc.kind === 'minutes'
			? [
					...head,
					p('（草稿）', { align: AlignmentType.CENTER, size: 12 }),
					p(`${chineseDay(doc.heldAt)}，${doc.title}在${doc.place || '—'}召开。会议通报了截至${doc.snapshot.takenAt}的${doc.regionName}信访工作态势，听取了上次会议以来的工作进展，研究了重点信访事项和领导包案化解工作。现将会议议定事项纪要如下：`, { indent: true }),
					p('出席人员', { font: HEI }),
					p(doc.attendees || '—'),
					p('会议议定事项', { font: HEI }),
					...agenda(doc, true),
					p('以上议定事项由会议决定的责任单位按期办理，办理情况报联席会议办公室，逾期未办结的纳入督查督办。', { indent: true }),
					p(doc.office, { align: AlignmentType.RIGHT }),
					p(chineseDay(doc.heldAt), { align: AlignmentType.RIGHT })
				]
			: [
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
					...agenda(doc, false)
				];
	return Packer.toBuffer(new Document({ creator: doc.office, title: doc.title, sections: [{ properties: { page: { margin: { top: 1700, bottom: 1600, left: 1360, right: 1360 } } }, children }] }));
}
