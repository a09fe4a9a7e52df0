import type { Sql } from '../db/connection.ts';
import { sha256 } from '../letters/documents.ts';
import type { LetterDocument } from '../letters/render/document.ts';
import { letterDocx } from '../letters/render/docx.ts';
import type { LetterPdfRenderer } from '../letters/render/letter-pdf.ts';

export type Format = 'pdf' | 'docx';

/**
 * The stored document as the letters' typesetter takes it: the frozen body in place of a 三函's
 * composed one, no attachment, no 抄送 (the `kind` and `feedbackDue` a 三函 needs are unused).
 */
export async function loadPetitionerDocument(sql: Sql, id: string): Promise<LetterDocument | null> {
	const [row] = await sql<{ officeName: string; title: string; number: string; recipient: string; body: string[]; issuedOn: string }[]>`
		select office_name as "officeName", title, number_text as number, recipient, body, issued_on::text as "issuedOn"
		  from petitioner_document where id = ${id}`;
	if (!row) return null;
	return { kind: 'supervise', officeName: row.officeName, title: row.title, number: row.number, recipient: row.recipient, body: row.body, issuedOn: row.issuedOn, feedbackDue: row.issuedOn, reason: '', cc: '', items: [] };
}

/** The document's file in a format, typeset on first request and stored once (the first stored wins). */
export async function petitionerDocumentFile(sql: Sql, renderer: LetterPdfRenderer, id: string, format: Format): Promise<{ bytes: Buffer; sha256: string } | null> {
	const read = async () => (await sql<{ bytes: Buffer; sha256: string }[]>`select bytes, sha256 from petitioner_document_file where document_id = ${id} and format = ${format}`)[0] ?? null;
	const stored = await read();
	if (stored) return stored;
	const doc = await loadPetitionerDocument(sql, id);
	if (!doc) return null;
	const bytes = format === 'pdf' ? await renderer.render(doc) : await letterDocx(doc);
	await sql`insert into petitioner_document_file (document_id, format, bytes, sha256) values (${id}, ${format}, ${bytes}, ${sha256(bytes)}) on conflict do nothing`;
	return read();
}

export type PetitionerDocumentRow = { id: string; kind: string; title: string; number: string; issuedOn: string };

/** The documents issued for an item, oldest first (the caller has checked the item is visible). */
export const documentsOfItem = (sql: Sql, itemId: string) =>
	sql<PetitionerDocumentRow[]>`
		select id::text, kind, title, number_text as number, issued_on::text as "issuedOn"
		  from petitioner_document where item_id = ${itemId} order by id`;

/** A document's number, when it was issued for this item (an id from another item finds nothing). */
export async function documentNumber(sql: Sql, itemId: number, docId: number): Promise<string | null> {
	const [row] = await sql<{ number: string }[]>`select number_text as number from petitioner_document where id = ${docId} and item_id = ${itemId}`;
	return row?.number ?? null;
}
