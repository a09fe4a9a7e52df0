import { createHash } from 'node:crypto';
import { localDate } from '../../domain/deadlines.ts';
import type { LetterKind } from '../../domain/letter-rules.ts';
import { draftLetter } from '../../domain/letter-draft.ts';
import type { Db, Sql } from '../db/connection.ts';
import { attachmentRows } from './draft.ts';
import type { LetterDocument } from './render/document.ts';
import { letterDocx } from './render/docx.ts';
import type { LetterPdfRenderer } from './render/letter-pdf.ts';

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * What the document says, read from the issued letter (never from the form that asked for it)
 * through the same draft as the issuing page's preview: the stored 事由 and 抄送, the kind's
 * title, the 主送 (the addressee of a 问责建议函, else the unit) and the attachment's rows.
 */
export async function loadLetterDocument(sql: Db, letterId: number): Promise<LetterDocument | null> {
	const [letter] = await sql<{ kind: LetterKind; officeRegionName: string; officeName: string; title: string; number: string; unitId: number; unitName: string; unitRegionName: string; addressee: string | null; reason: string; feedbackDue: string; issuedAt: Date; cc: string }[]>`
		select l.kind, r.name as "officeRegionName", l.office_name as "officeName", l.title, l.number_text as number, u.id as "unitId", u.name as "unitName", ur.name as "unitRegionName",
		       a.name as addressee, l.reason, l.feedback_due::text as "feedbackDue", l.issued_at as "issuedAt", l.cc
		  from supervision_letter l join region r on r.adcode = l.office_region
		  join unit u on u.id = l.recipient_unit_id join region ur on ur.adcode = u.region
		  left join unit a on a.id = l.addressee_unit_id
		 where l.id = ${letterId}`;
	if (!letter) return null;
	const itemIds = (await sql<{ id: string }[]>`select item_id::text as id from supervision_letter_item where letter_id = ${letterId}`).map((r) => r.id);
	const issuedOn = localDate(letter.issuedAt);
	const draft = draftLetter({
		kind: letter.kind,
		officeRegionName: letter.officeRegionName,
		unit: { name: letter.unitName, regionName: letter.unitRegionName },
		addressee: letter.addressee ? { name: letter.addressee } : null,
		items: await attachmentRows(sql, itemIds, issuedOn),
		evidence: [],
		prior: [],
		reason: letter.reason,
		cc: letter.cc,
		feedbackDue: letter.feedbackDue,
		today: issuedOn
	});
	// the 发文机关 and title as stored at 签发 (the same formula; a letter issued under an older one keeps its own)
	return { ...draft, officeName: letter.officeName, title: letter.title, number: letter.number, issuedOn };
}

/**
 * Prints the record PDF of an issued letter and stores it with its SHA-256, once: a second call
 * (a retry, a concurrent request) keeps what was stored first. The .docx is not made here: it
 * costs more CPU than the PDF (~9 ms against ~5), most letters are never opened in Word, and the
 * click waits for the record only — produceDocx makes it on its first download.
 */
export async function producePdf(sql: Sql, renderer: LetterPdfRenderer, letterId: number): Promise<{ pdfSha256: string; created: boolean }> {
	const [stored] = await sql<{ sha256: string }[]>`select sha256 from letter_document where letter_id = ${letterId} and format = 'pdf'`;
	if (stored) return { pdfSha256: stored.sha256, created: false };
	const doc = await loadLetterDocument(sql, letterId);
	if (!doc) throw new Error(`函件 ${letterId} 不存在`);
	const pdf = await renderer.render(doc);
	const rows = await sql`insert into letter_document (letter_id, format, bytes, sha256) values (${letterId}, 'pdf', ${pdf}, ${sha256(pdf)}) on conflict do nothing returning format`;
	if (rows.length === 0) return producePdf(sql, renderer, letterId);
	return { pdfSha256: sha256(pdf), created: true };
}

/** The editable .docx of an issued letter, made from the same document and stored once (the first stored wins). */
export async function produceDocx(sql: Sql, letterId: number): Promise<void> {
	const doc = await loadLetterDocument(sql, letterId);
	if (!doc) throw new Error(`函件 ${letterId} 不存在`);
	const docx = await letterDocx(doc);
	await sql`insert into letter_document (letter_id, format, bytes, sha256) values (${letterId}, 'docx', ${docx}, ${sha256(docx)}) on conflict do nothing`;
}

export async function readDocument(sql: Sql, letterId: number, format: 'pdf' | 'docx') {
	const [row] = await sql<{ bytes: Buffer; sha256: string }[]>`select bytes, sha256 from letter_document where letter_id = ${letterId} and format = ${format}`;
	return row ?? null;
}
