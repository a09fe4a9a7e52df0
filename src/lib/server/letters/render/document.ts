import { chineseDate } from '../../../domain/chinese-date.ts';
import type { LetterDraft } from '../../../domain/letter-draft.ts';

export { chineseDate } from '../../../domain/chinese-date.ts';
export type { AttachmentRow } from '../../../domain/letter-draft.ts';

/** What the document says: the draft (letter-draft.ts) with its 文号 and 成文日期, all the PDF and the .docx are made from. */
export type LetterDocument = LetterDraft & {
	number: string;
	/** the 成文日期, a local date */
	issuedOn: string;
	/** the body as written, closing formula last (the petitioner's documents); a 三函 composes its own from `reason` */
	body?: string[];
};

/** The body's paragraphs: the reason, the feedback request (by when), the closing formula. */
export function bodyParagraphs(doc: LetterDocument): string[] {
	if (doc.body) return doc.body;
	const reason = doc.reason.split(/\r?\n/).map((p) => p.trim()).filter(Boolean);
	const ask = doc.kind === 'accountability' ? '请将问责处理结果' : '请将办理情况';
	return [...reason, `${ask}于${chineseDate(doc.feedbackDue)}前书面反馈我局。`, doc.kind === 'risk' ? '特此提醒。' : '特此函告。'];
}

/** The attachments list (附件说明) and the attachment's heading. */
export const attachmentTitle = (doc: LetterDocument) => `涉及信访事项清单（${doc.items.length}件）`;

/** The attachment table's columns and each row's cells, dates written the Chinese way. */
export const ATTACHMENT_COLUMNS = ['序号', '编号', '收件日期', '事项摘要', '承办单位', '逾期天数'] as const;
export const attachmentCells = (doc: LetterDocument) =>
	doc.items.map((item, i) => [String(i + 1), item.serial, chineseDate(item.receivedOn), item.summary, item.unitName, item.daysOverdue > 0 ? `${item.daysOverdue}天` : '—']);
const UNIT_COLUMN = ATTACHMENT_COLUMNS.indexOf('承办单位');

/**
 * The 承办单位 column is printed only when some row's unit is not the letter's recipient (a
 * 问责建议函 goes to the unit's authority); when every row is the addressee's own it would only
 * repeat the 主送机关 on every row.
 */
export const showsUnitColumn = (doc: LetterDocument) => doc.items.some((item) => item.unitName !== doc.recipient);

/** The table as printed: which of ATTACHMENT_COLUMNS it keeps (their indexes), their headings and each row's cells. */
export function attachmentGrid(doc: LetterDocument): { columns: number[]; head: string[]; rows: string[][] } {
	const columns = ATTACHMENT_COLUMNS.map((_, c) => c).filter((c) => c !== UNIT_COLUMN || showsUnitColumn(doc));
	return { columns, head: columns.map((c) => ATTACHMENT_COLUMNS[c]), rows: attachmentCells(doc).map((cells) => columns.map((c) => cells[c])) };
}

/** All the text a reader sees, in order, without layout: what pdftotext must give back. */
export function documentText(doc: LetterDocument): string[] {
	return [
		doc.officeName,
		doc.number,
		doc.title,
		`${doc.recipient}：`,
		...bodyParagraphs(doc),
		...(doc.items.length ? [`附件：${attachmentTitle(doc)}`] : []),
		doc.officeName,
		chineseDate(doc.issuedOn),
		...(doc.cc ? [`抄送：${doc.cc}。`] : [])
	];
}
