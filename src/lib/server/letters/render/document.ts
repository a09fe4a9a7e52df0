import { letterKinds, type LetterKind } from '../../../domain/letter-rules.ts';

/** What the document says: everything the PDF and the .docx are made from. */
export type LetterDocument = {
	kind: LetterKind;
	officeName: string;
	number: string;
	title: string;
	recipient: string;
	/** the reason as staff left it; paragraphs split on line breaks */
	reason: string;
	feedbackDue: string;
	/** the 成文日期, a local date */
	issuedOn: string;
	cc: string;
	items: { serial: string; regionName: string; summary: string; note: string }[];
};

/** 2026-12-01 → 2026年12月1日 (GB/T 9704 7.3.5: Arabic numerals, no leading zeros). */
export function chineseDate(date: string): string {
	const [y, m, d] = date.split('-').map(Number);
	return `${y}年${m}月${d}日`;
}

/** The body's paragraphs: the reason, the feedback request, the closing formula. */
export function bodyParagraphs(doc: LetterDocument): string[] {
	const reason = doc.reason.split(/\r?\n/).map((p) => p.trim()).filter(Boolean);
	const ask = doc.kind === 'accountability' ? '请将问责处理结果' : '请将办理情况';
	return [...reason, `${ask}于${chineseDate(doc.feedbackDue)}前书面反馈我局。`, doc.kind === 'risk' ? '特此提醒。' : '特此函告。'];
}

/** The attachments list (附件说明) and the attachment's heading. */
export const attachmentTitle = (doc: LetterDocument) => `涉及信访事项清单（${doc.items.length}件）`;

export const kindLabel = (kind: LetterKind) => letterKinds[kind];

/** The 版记 line under 抄送: the issuing office and the date it printed the letter. */
export const printedBy = (doc: LetterDocument) => `${doc.officeName}`;

/** All the text a reader sees, in order, without layout: what pdftotext must give back. */
export function documentText(doc: LetterDocument): string[] {
	return [
		doc.officeName,
		doc.number,
		doc.title,
		`${doc.recipient}：`,
		...bodyParagraphs(doc),
		`附件：${attachmentTitle(doc)}`,
		doc.officeName,
		chineseDate(doc.issuedOn),
		...(doc.cc ? [`抄送：${doc.cc}。`] : []),
		`${printedBy(doc)}${chineseDate(doc.issuedOn)}印发`
	];
}
