import type { SessionUser } from '../auth/session.ts';
import { audit, type AuditAction } from '../auth/audit.ts';
import { moveLetter, type LetterAction, type LetterStatus } from '../../domain/letters.ts';
import { transaction, type Sql } from '../db/connection.ts';
import { sha256 } from './documents.ts';
import { receivingUnit } from './queries.ts';

export type Attachment = { filename: string; contentType: string; bytes: Uint8Array };
export type Outcome = { ok: true; status: LetterStatus } | { ok: false; status: number; field: string; message: string };

type Step = {
	action: Exclude<LetterAction, 'issue' | 'lapse'>;
	/** who may take this step on this letter (the receiving unit, or staff of the issuing side) */
	side: 'unit' | 'staff';
	note?: string;
	write?: (tx: Sql, letterId: number, now: Date) => Promise<void>;
};

const auditOf: Record<Step['action'], AuditAction | null> = { deliver: null, sign: 'letter.sign', reply: 'letter.reply', close: 'letter.close', reject: 'letter.reject', void: 'letter.void' };
const stamp: Record<Step['action'], string> = { deliver: 'delivered_at', sign: 'signed_at', reply: 'replied_at', close: 'closed_at', reject: 'returned_at', void: 'voided_at' };

/** The refusal a copied unit (the unit concerned of a letter addressed to its authority) hears when it tries to receive, sign or answer. */
export const copyOnly = (receiverName: string) => `本单位是该函的抄送单位，只能查阅；确认收到、签收和反馈由主送单位${receiverName}办理`;

/**
 * One step of a letter's lifecycle, in one transaction with its event and audit entry. The row
 * is locked, the pure state machine decides, and a refusal changes nothing.
 */
async function step(sql: Sql, user: SessionUser, letterId: number, s: Step, now: Date, ip: string | null): Promise<Outcome> {
	return transaction(sql, async (tx) => {
		const [letter] = await tx<{ status: LetterStatus; signedAt: Date | null; receiverId: number; receiverName: string; concernedId: number; number: string; officeRegion: string; officePath: string[]; unitPath: string[] }[]>`
			select l.status, l.signed_at as "signedAt", ${receivingUnit(tx)} as "receiverId", coalesce(ad.name, u.name) as "receiverName", l.recipient_unit_id as "concernedId",
			       l.number_text as number, ro.path as "officePath", rr.path as "unitPath"
			  from supervision_letter l join unit u on u.id = l.recipient_unit_id join region rr on rr.adcode = u.region join region ro on ro.adcode = l.office_region
			  left join unit ad on ad.id = l.addressee_unit_id
			 where l.id = ${letterId} for update of l`;
		// the unit concerned of a letter addressed to its authority holds a copy: it may read it, never sign for it nor answer it
		if (letter && s.side === 'unit' && user.role === 'unit' && user.unitId === letter.concernedId && user.unitId !== letter.receiverId)
			return { ok: false, status: 403, field: '', message: copyOnly(letter.receiverName) };
		const mine = letter && (s.side === 'unit' ? user.role === 'unit' && user.unitId === letter.receiverId : user.role === 'supervisor' && (letter.officePath.includes(user.scope) || letter.unitPath.includes(user.scope)));
		if (!letter || !mine) return { ok: false, status: 404, field: 'id', message: '没有找到该函件' };
		const move = moveLetter(letter, s.action);
		if (!move.ok) return { ok: false, status: 409, field: '', message: move.message };
		await s.write?.(tx, letterId, now); // first: the status change is checked against what it needs (a 作废 its reason)
		await tx`update supervision_letter set status = ${move.status}, ${tx(stamp[s.action])} = ${now}, light_at = '-infinity' where id = ${letterId}`;
		await tx`insert into letter_event (letter_id, at, from_status, to_status, actor, note) values (${letterId}, ${now}, ${letter.status}, ${move.status}, ${user.displayName}, ${s.note ?? null})`;
		const action = auditOf[s.action];
		if (action) await audit(tx, { userId: user.userId, username: user.username, action, target: letter.number, detail: { letterId, from: letter.status, to: move.status, ...(s.note && s.action === 'void' ? { reason: s.note } : {}) }, ip });
		return { ok: true, status: move.status };
	});
}

/**
 * 送达: the receiving unit confirms it has the letter (recorded once; later confirmations change
 * nothing: null). The unit concerned of a letter addressed to its authority holds a copy: refused.
 */
export async function markDelivered(sql: Sql, user: SessionUser, letterId: number): Promise<Outcome | null> {
	const [row] = await sql<{ status: LetterStatus; receiverId: number; receiverName: string; concernedId: number }[]>`
		select l.status, ${receivingUnit(sql)} as "receiverId", coalesce(ad.name, u.name) as "receiverName", l.recipient_unit_id as "concernedId"
		  from supervision_letter l join unit u on u.id = l.recipient_unit_id left join unit ad on ad.id = l.addressee_unit_id
		 where l.id = ${letterId}`;
	if (!row || user.role !== 'unit') return null;
	if (user.unitId === row.concernedId && user.unitId !== row.receiverId) return { ok: false, status: 403, field: '', message: copyOnly(row.receiverName) };
	if (row.status === 'issued' && row.receiverId === user.unitId) return step(sql, user, letterId, { action: 'deliver', side: 'unit', note: `${row.receiverName}已确认收到` }, new Date(), null);
	return null;
}

export const signFor = (sql: Sql, user: SessionUser, letterId: number, ip: string | null, now = new Date()) =>
	step(sql, user, letterId, { action: 'sign', side: 'unit' }, now, ip);

/** 反馈: the unit's written report with its attachments (each stored with its SHA-256). */
export const reportBack = (sql: Sql, user: SessionUser, letterId: number, text: string, files: Attachment[], ip: string | null, now = new Date()) =>
	step(sql, user, letterId, {
		action: 'reply',
		side: 'unit',
		note: `报送反馈${files.length ? `（附件 ${files.length} 个）` : ''}`,
		async write(tx) {
			const [feedback] = await tx<{ id: string }[]>`
				insert into letter_feedback (letter_id, text, author_id, author, at) values (${letterId}, ${text}, ${user.userId}, ${user.displayName}, ${now}) returning id::text`;
			for (const f of files)
				await tx`insert into letter_attachment (feedback_id, filename, content_type, size, sha256, bytes)
				         values (${feedback.id}, ${f.filename}, ${f.contentType}, ${f.bytes.byteLength}, ${sha256(f.bytes)}, ${Buffer.from(f.bytes)})`;
		}
	}, now, ip);

const decide = (decision: 'accepted' | 'rejected', reason: string | null) => async (tx: Sql, letterId: number, now: Date) => {
	await tx`update letter_feedback set decision = ${decision}, decided_at = ${now}, reason = ${reason}
	          where id = (select id from letter_feedback where letter_id = ${letterId} and decision is null order by at desc limit 1)`;
	if (decision === 'rejected') await tx`update supervision_letter set return_reason = ${reason} where id = ${letterId}`;
};

/** 办结: staff accept the feedback and close the letter. */
export const closeLetter = (sql: Sql, user: SessionUser, letterId: number, ip: string | null, now = new Date()) =>
	step(sql, user, letterId, { action: 'close', side: 'staff', write: decide('accepted', null) }, now, ip);

/** 退回: staff reject the feedback with a reason; the unit reports again. */
export const rejectFeedback = (sql: Sql, user: SessionUser, letterId: number, reason: string, ip: string | null, now = new Date()) =>
	step(sql, user, letterId, { action: 'reject', side: 'staff', note: reason, write: decide('rejected', reason) }, now, ip);

/**
 * 作废: staff of the issuing side withdraw an issued letter with a reason. The 文号 stays taken
 * (never reused: the register stays gap-free and shows the letter as 作废); the unit's inbox and
 * the wall hear of it through the outbox like any other step.
 */
export const voidLetter = (sql: Sql, user: SessionUser, letterId: number, reason: string, ip: string | null, now = new Date()) =>
	step(sql, user, letterId, {
		action: 'void',
		side: 'staff',
		note: reason,
		async write(tx) {
			await tx`update supervision_letter set void_reason = ${reason}, voided_by = ${user.userId} where id = ${letterId}`;
		}
	}, now, ip);
