import type { Principal } from '../../domain/access.ts';
import type { LetterKind } from '../../domain/letter-rules.ts';
import { AWAITING_FEEDBACK, type LetterStatus } from '../../domain/letters.ts';
import type { Sql } from '../db/connection.ts';

/**
 * The unit that receives a letter in the system — its inbox, its 确认收到, 签收 and 反馈, the notices
 * and the live push: the addressee when the letter is addressed to another body (a 问责建议函 goes
 * to the authority over the unit), else the unit concerned. `recipient_unit_id` stays the unit the
 * letter concerns (the ladder, proposals, rates, the wall's region).
 */
export const receivingUnit = (sql: Sql) => sql`coalesce(l.addressee_unit_id, l.recipient_unit_id)`;

/**
 * Which letters an account may see: a unit those it receives and those about it (copied to it:
 * a 问责建议函 to its authority); others those sent to a unit in their scope or issued by an office in it.
 */
export function visibleTo(sql: Sql, user: Principal) {
	if (user.role === 'unit') return sql`(${receivingUnit(sql)} = ${user.unitId ?? -1} or l.recipient_unit_id = ${user.unitId ?? -1})`;
	return sql`(${user.scope} = any(rr.path) or ${user.scope} = any(ro.path))`;
}

const FROM = (sql: Sql) => sql`
	supervision_letter l join unit u on u.id = l.recipient_unit_id join region rr on rr.adcode = u.region join region ro on ro.adcode = l.office_region
	left join unit ad on ad.id = l.addressee_unit_id`;

export type LetterRow = {
	id: number;
	number: string;
	kind: LetterKind;
	title: string;
	status: LetterStatus;
	/** the unit the letter concerns */
	unitId: number;
	unitName: string;
	regionName: string;
	/** the 主送 when it is another body than the unit concerned (a 问责建议函's authority), else null */
	addresseeId: number | null;
	addresseeName: string | null;
	/** the unit that receives it in the system: signs for it and reports back (the addressee, else the unit concerned) */
	receiverId: number;
	issuedAt: Date;
	feedbackDue: string;
	signedAt: Date | null;
	repliedAt: Date | null;
	light: string;
	items: number;
	/** the first item (by serial) and the start of its summary: what tells one letter from the next */
	firstItem: string | null;
};

/** `unitId`: letters to that unit, as the one they are addressed to (主送) or the unit concerned (抄送 when addressed to an authority) */
export type RegisterFilters = { kind: LetterKind | null; unitId: number | null; status: LetterStatus | null; from: string | null; to: string | null; q: string | null };

/** The register (台账): newest first, filtered; `limit` rows from `offset`. */
export async function letterRegister(sql: Sql, user: Principal, f: RegisterFilters, page: { limit: number; offset: number }): Promise<LetterRow[]> {
	const like = f.q ? `%${f.q.replace(/[\\%_]/g, '\\$&')}%` : null;
	return sql<LetterRow[]>`
		select l.id, l.number_text as number, l.kind, l.title, l.status, u.id as "unitId", u.name as "unitName", rr.name as "regionName",
		       ad.id as "addresseeId", ad.name as "addresseeName", ${receivingUnit(sql)} as "receiverId",
		       l.issued_at as "issuedAt", l.feedback_due::text as "feedbackDue", l.signed_at as "signedAt", l.replied_at as "repliedAt", l.light,
		       (select count(*)::int from supervision_letter_item li where li.letter_id = l.id) as items,
		       (select i.serial || ' ' || left(i.summary, 24) from supervision_letter_item li join petition_item i on i.id = li.item_id
		         where li.letter_id = l.id order by i.serial limit 1) as "firstItem"
		  from ${FROM(sql)}
		 where ${visibleTo(sql, user)}
		   ${f.kind ? sql`and l.kind = ${f.kind}` : sql``}
		   ${f.unitId ? sql`and (l.recipient_unit_id = ${f.unitId} or l.addressee_unit_id = ${f.unitId})` : sql``}
		   ${f.status ? sql`and l.status = ${f.status}` : sql``}
		   ${f.from ? sql`and l.issued_at >= ${f.from}::date` : sql``}
		   ${f.to ? sql`and l.issued_at < ${f.to}::date + 1` : sql``}
		   ${like ? sql`and (l.number_text like ${like} or l.title like ${like} or u.name like ${like} or ad.name like ${like})` : sql``}
		 order by l.issued_at desc, l.id desc
		 limit ${page.limit} offset ${page.offset}`;
}

/** 三函 still waiting for the unit's feedback (sent, signed, sent back for redoing, or lapsed), the earliest due first; `total` counts them all. */
export function lettersAwaitingFeedback(sql: Sql, user: Principal, limit: number) {
	return sql<{ id: number; number: string; kind: LetterKind; title: string; status: LetterStatus; unitName: string; feedbackDue: string; total: number }[]>`
		select l.id, l.number_text as number, l.kind, l.title, l.status, coalesce(ad.name, u.name) as "unitName", l.feedback_due::text as "feedbackDue", count(*) over ()::int as total
		  from ${FROM(sql)}
		 where ${visibleTo(sql, user)} and l.status = any(${[...AWAITING_FEEDBACK]}::text[])
		 order by l.feedback_due, l.id
		 limit ${limit}`;
}

export type LetterDetail = LetterRow & {
	reason: string;
	cc: string;
	officeName: string;
	issuedBy: string;
	deliveredAt: Date | null;
	closedAt: Date | null;
	returnReason: string | null;
	voidReason: string | null;
	voidedAt: Date | null;
	evidence: { kind: string; text: string }[];
	/** a 问责建议函 that skipped the ladder: the stated reason */
	ladderReason: string | null;
	follows: { id: number; number: string } | null;
	escalatedTo: { id: number; number: string } | null;
	pdfSha256: string | null;
};

export async function letterDetail(sql: Sql, user: Principal, id: number): Promise<LetterDetail | null> {
	const [row] = await sql<LetterDetail[]>`
		select l.id, l.number_text as number, l.kind, l.title, l.status, u.id as "unitId", u.name as "unitName", rr.name as "regionName",
		       ad.id as "addresseeId", ad.name as "addresseeName", ${receivingUnit(sql)} as "receiverId",
		       l.issued_at as "issuedAt", l.feedback_due::text as "feedbackDue", l.signed_at as "signedAt", l.replied_at as "repliedAt", l.light,
		       (select count(*)::int from supervision_letter_item li where li.letter_id = l.id) as items,
		       l.reason, l.cc, l.office_name as "officeName", a.display_name as "issuedBy", l.delivered_at as "deliveredAt", l.closed_at as "closedAt",
		       null as "firstItem", l.return_reason as "returnReason", l.void_reason as "voidReason", l.voided_at as "voidedAt", l.evidence, l.ladder_reason as "ladderReason",
		       (select json_build_object('id', f.id, 'number', f.number_text) from supervision_letter f where f.id = l.follows) as follows,
		       (select json_build_object('id', e.id, 'number', e.number_text) from supervision_letter e where e.id = l.escalated_to) as "escalatedTo",
		       (select d.sha256 from letter_document d where d.letter_id = l.id and d.format = 'pdf') as "pdfSha256"
		  from ${FROM(sql)} join app_user a on a.id = l.issued_by
		 where l.id = ${id} and ${visibleTo(sql, user)}`;
	return row ?? null;
}

export async function letterItems(sql: Sql, id: number) {
	return sql<{ id: string; serial: string; summary: string; light: string; clockDue: string | null; status: string }[]>`
		select i.id::text, i.serial, i.summary, i.light, i.clock_due::text as "clockDue", i.status
		  from supervision_letter_item li join petition_item i on i.id = li.item_id where li.letter_id = ${id} order by i.serial`;
}

export async function letterTimeline(sql: Sql, id: number) {
	return sql<{ at: Date; fromStatus: string | null; toStatus: string; actor: string; note: string | null }[]>`
		select at, from_status as "fromStatus", to_status as "toStatus", actor, note from letter_event where letter_id = ${id} order by at, id`;
}

export async function letterFeedback(sql: Sql, id: number) {
	return sql<{ id: string; text: string; author: string; at: Date; decision: string | null; reason: string | null; attachments: { id: string; filename: string; size: number }[] }[]>`
		select f.id::text, f.text, f.author, f.at, f.decision, f.reason,
		       coalesce((select json_agg(json_build_object('id', a.id::text, 'filename', a.filename, 'size', a.size) order by a.id) from letter_attachment a where a.feedback_id = f.id), '[]') as attachments
		  from letter_feedback f where f.letter_id = ${id} order by f.at, f.id`;
}

/** The unit's letters still open (not 办结), newest first: the warning shown before 签发. */
export async function openLetters(sql: Sql, unitId: number) {
	return sql<{ id: number; number: string; kind: LetterKind; status: LetterStatus; feedbackDue: string }[]>`
		select id, number_text as number, kind, status, feedback_due::text as "feedbackDue"
		  from supervision_letter where recipient_unit_id = ${unitId} and status not in ('draft', 'closed', 'void')
		 order by issued_at desc limit 20`;
}

/** The units letters were addressed to, in the account's scope (a unit: itself), for the register's filter. */
export function letterRecipients(sql: Sql, user: Principal): Promise<{ id: number; name: string; region: string }[]> {
	return sql<{ id: number; name: string; region: string }[]>`
		select distinct u.id, u.name, u.region from supervision_letter l join unit u on u.id = l.recipient_unit_id join region r on r.adcode = u.region
		 where ${user.role === 'unit' ? sql`u.id = ${user.unitId ?? -1}` : sql`${user.scope} = any(r.path)`} order by u.region, u.name`;
}

export type AttachmentFile = { letterId: number; filename: string; bytes: Buffer; sha256: string };

/** A feedback attachment with its letter's id; the caller checks the letter is visible before handing it out. */
export async function attachmentFile(sql: Sql, id: number): Promise<AttachmentFile | null> {
	const [file] = await sql<AttachmentFile[]>`
		select f.letter_id as "letterId", a.filename, a.bytes, a.sha256 from letter_attachment a join letter_feedback f on f.id = a.feedback_id where a.id = ${id}`;
	return file ?? null;
}
