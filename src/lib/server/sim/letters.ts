import { addDays, daysBetween, localDate, startOfLocalDay } from '../../domain/deadlines.ts';
import { DEFAULT_LETTER_RULES, letterKinds, type LetterKind } from '../../domain/letter-rules.ts';
import { formatLetterNumber, type LetterStatus } from '../../domain/letters.ts';
import { transaction, type Sql } from '../db/connection.ts';
import { authorityFor } from '../letters/draft.ts';

type Candidate = { id: string; serial: string; unitId: number; unitName: string; due: string; concludedAt: Date | null; headcount: number };

const at = (date: string, hour: number) => new Date(startOfLocalDay(date).getTime() + hour * 3600_000);

/**
 * The demo's letters register: about one 三函 a day over the history, sent by the province's
 * 督查督办 account to units whose items ran past their conclusion date — most answered and closed,
 * some ignored (逾期), the recent ones still open. Once, after the demo accounts exist; documents
 * are printed on first download.
 */
export async function ensureDemoLetters(sql: Sql, now = new Date(), limit = 150): Promise<number> {
	const [issuer] = await sql<{ id: number; name: string }[]>`select id, display_name as name from app_user where username = 'ducha'`;
	const [{ count }] = await sql<{ count: number }[]>`select count(*)::int as count from supervision_letter`;
	if (!issuer || count > 0) return 0;
	const today = localDate(now);
	const candidates = await sql<Candidate[]>`
		select distinct on (i.unit_id) i.id::text, i.serial, i.unit_id as "unitId", u.name as "unitName", i.conclude_due::text as due, i.concluded_at as "concludedAt", i.headcount
		  from petition_item i join unit u on u.id = i.unit_id
		 where i.conclude_due < ${addDays(today, -4)}::date and (i.concluded_at is null or i.concluded_at > i.conclude_due + 3)
		 order by i.unit_id, i.conclude_due
		 limit ${limit}`;
	candidates.sort((a, b) => (a.due < b.due ? -1 : a.due > b.due ? 1 : Number(a.id) - Number(b.id)));
	const serials = new Map<string, number>();
	let made = 0;
	await transaction(sql, async (tx) => {
		for (const [n, c] of candidates.entries()) {
			const issuedOn = addDays(c.due, 3);
			// a 问责建议函 goes to the unit's authority (纪委监委 …), which signs and answers it; without one in the directory, a 督办函
			const authority = c.headcount < 5 && daysBetween(c.due, today) > 120 && n % 5 === 0 ? await authorityFor(tx, c.unitId, DEFAULT_LETTER_RULES) : null;
			const kind: LetterKind = c.headcount >= 5 ? 'risk' : authority ? 'accountability' : 'supervise';
			const receiver = authority?.name ?? c.unitName;
			const year = Number(issuedOn.slice(0, 4));
			const key = `${kind}:${year}`;
			const number = (serials.get(key) ?? 0) + 1;
			serials.set(key, number);
			const numberText = formatLetterNumber({ officeCode: '鲁信', kind, year, number }, DEFAULT_LETTER_RULES.abbreviations);
			const feedbackDue = addDays(issuedOn, 30);
			const past = daysBetween(feedbackDue, today);
			// answered and closed, ignored, or still running, by age
			const ignored = past > 0 && n % 6 === 5;
			const status: LetterStatus = past > 5 ? (ignored ? 'overdue' : 'closed') : past > 0 ? (ignored ? 'overdue' : 'replied') : n % 3 === 0 ? 'issued' : 'signed';
			const issuedAt = at(issuedOn, 10);
			const signedAt = status === 'issued' ? null : at(addDays(issuedOn, 1), 9);
			const repliedAt = status === 'closed' || status === 'replied' ? at(addDays(issuedOn, 12 + (n % 15)), 15) : null;
			const closedAt = status === 'closed' ? at(addDays(issuedOn, 14 + (n % 15)), 11) : null;
			const reason = `经督查，${c.unitName}承办的信访事项 ${c.serial} 已超过办结期限（${c.due}）仍未办结。请你单位高度重视，依法按期办理，并按期书面反馈办理情况。`;
			const [letter] = await tx<{ id: number }[]>`
				insert into supervision_letter (kind, office_code, year, number, number_text, idempotency_key, office_region, office_name, title,
				                                recipient_unit_id, addressee_unit_id, reason, feedback_due, status, issued_at, issued_by, delivered_at, signed_at, replied_at, closed_at,
				                                evidence, light_at)
				values (${kind}, '鲁信', ${year}, ${number}, ${numberText}, ${`demo-${kind}-${year}-${number}-history`}, '370000', '山东省信访局',
				        ${`关于${c.unitName}信访事项办理情况的${letterKinds[kind]}`}, ${c.unitId}, ${authority?.id ?? null}, ${reason}, ${feedbackDue}, ${status}, ${issuedAt}, ${issuer.id},
				        ${signedAt}, ${signedAt}, ${repliedAt}, ${closedAt},
				        ${tx.json([{ kind: 'overdue', itemId: c.id, letterId: null, text: `${c.serial} 逾期未办结` }] as never)}, '-infinity')
				returning id`;
			await tx`insert into supervision_letter_item (letter_id, item_id) values (${letter.id}, ${c.id})`;
			const steps: [Date | null, string, string, string][] = [
				[issuedAt, 'draft', 'issued', issuer.name],
				[signedAt, 'issued', 'signed', receiver],
				[repliedAt, 'signed', 'replied', receiver],
				[closedAt, 'replied', 'closed', issuer.name]
			];
			for (const [when, from, to, actor] of steps) if (when) await tx`insert into letter_event (letter_id, at, from_status, to_status, actor) values (${letter.id}, ${when}, ${from}, ${to}, ${actor.slice(0, 60)})`;
			if (status === 'overdue') await tx`insert into letter_event (letter_id, at, from_status, to_status, actor, note) values (${letter.id}, ${at(addDays(feedbackDue, 1), 0)}, 'signed', 'overdue', '系统', '反馈期限已过')`;
			if (repliedAt)
				await tx`insert into letter_feedback (letter_id, text, author_id, author, at, decision, decided_at, decided_by)
				         values (${letter.id}, ${authority ? '经研究，已对相关责任人员依规依纪予以处理。' : '已按要求办理，相关诉求已依法答复信访人。'}, null, ${receiver}, ${repliedAt},
				                 ${closedAt ? 'accepted' : null}, ${closedAt}, ${closedAt ? issuer.id : null})`;
			made++;
		}
		for (const [key, last] of serials) {
			const [kind, year] = key.split(':');
			await tx`insert into letter_serial (office_code, kind, year, last) values ('鲁信', ${kind}, ${Number(year)}, ${last})
			         on conflict (office_code, kind, year) do update set last = greatest(letter_serial.last, excluded.last)`;
		}
	});
	return made;
}
