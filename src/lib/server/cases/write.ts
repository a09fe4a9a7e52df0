import type { Principal } from '../../domain/access.ts';
import { caseStatuses, type CaseAssignment, type CaseStatus } from '../../domain/cases.ts';
import { audit } from '../auth/audit.ts';
import { transaction, type Sql } from '../db/connection.ts';

type Who = Principal & { displayName: string };

/**
 * Opens a 领导包案 in one transaction: the case, its items and co-units, a first note, the audit
 * entry. The capture trigger writes the outbox row, so the wall's 包案 board follows on commit.
 */
export function openCase(sql: Sql, who: Who, a: CaseAssignment, region: string, now: Date, ip: string | null, receptionId: number | null = null): Promise<number> {
	return transaction(sql, async (tx) => {
		const [{ id }] = await tx<{ id: number }[]>`
			insert into lead_case (title, leader_id, lead_unit_id, region, plan, assigned_at, deadline, created_by, reception_id)
			values (${a.title.trim()}, ${a.leader!.id}, ${a.leadUnit!.id}, ${region}, ${a.plan.trim()}, ${now}, ${a.deadline}, ${who.userId}, ${receptionId})
			returning id`;
		await tx`insert into lead_case_item ${tx(a.items.map((i) => ({ case_id: id, item_id: i.id })), 'case_id', 'item_id')}`;
		if (a.coUnits.length) await tx`insert into lead_case_unit ${tx(a.coUnits.map((u) => ({ case_id: id, unit_id: u.id })), 'case_id', 'unit_id')}`;
		await tx`insert into lead_case_note (case_id, at, author_id, author, text)
		         values (${id}, ${now}, ${who.userId}, ${who.displayName.slice(0, 60)}, ${`交办包案：${a.leader!.name}包案，${a.leadUnit!.name}牵头，限 ${a.deadline} 前化解`})`;
		await audit(tx, {
			userId: who.userId, username: who.username, action: 'case.create', target: String(id), ip,
			detail: { leaderId: a.leader!.id, leadUnitId: a.leadUnit!.id, coUnitIds: a.coUnits.map((u) => u.id), items: a.items.map((i) => i.serial), deadline: a.deadline, region, receptionId }
		});
		return id;
	});
}

/** Reassigns leader, units, plan and deadline of an open case; the change is noted and audited. */
export function reassignCase(sql: Sql, who: Who, id: number, a: CaseAssignment, now: Date, ip: string | null): Promise<void> {
	return transaction(sql, async (tx) => {
		await tx`update lead_case set title = ${a.title.trim()}, leader_id = ${a.leader!.id}, lead_unit_id = ${a.leadUnit!.id},
		         plan = ${a.plan.trim()}, deadline = ${a.deadline} where id = ${id}`;
		await tx`delete from lead_case_unit where case_id = ${id}`;
		if (a.coUnits.length) await tx`insert into lead_case_unit ${tx(a.coUnits.map((u) => ({ case_id: id, unit_id: u.id })), 'case_id', 'unit_id')}`;
		await tx`insert into lead_case_note (case_id, at, author_id, author, text)
		         values (${id}, ${now}, ${who.userId}, ${who.displayName.slice(0, 60)}, ${`调整包案：${a.leader!.name}包案，${a.leadUnit!.name}牵头，限 ${a.deadline} 前化解`})`;
		await audit(tx, {
			userId: who.userId, username: who.username, action: 'case.assign', target: String(id), ip,
			detail: { leaderId: a.leader!.id, leadUnitId: a.leadUnit!.id, coUnitIds: a.coUnits.map((u) => u.id), deadline: a.deadline }
		});
	});
}

/** Records an outcome (or reopens): status, when, by whom, the note on the case's record; audited. */
export function recordOutcome(sql: Sql, who: Who, id: number, from: CaseStatus, to: CaseStatus, note: string, now: Date, ip: string | null): Promise<void> {
	return transaction(sql, async (tx) => {
		const done = to !== 'resolving';
		// resolved_at keeps the first conclusion when 已化解 becomes 息诉罢访
		await tx`update lead_case set status = ${to},
		         resolved_at = ${done ? tx`coalesce(resolved_at, ${now})` : null},
		         outcome_note = ${done ? note.trim() : null}, outcome_by = ${done ? who.userId : null}
		         where id = ${id}`;
		const text = done ? `记录化解结果「${caseStatuses[to]}」：${note.trim()}` : `重新化解（由「${caseStatuses[from]}」改为「化解中」）${note.trim() ? `：${note.trim()}` : ''}`;
		await tx`insert into lead_case_note (case_id, at, author_id, author, text) values (${id}, ${now}, ${who.userId}, ${who.displayName.slice(0, 60)}, ${text.slice(0, 1000)})`;
		await audit(tx, { userId: who.userId, username: who.username, action: 'case.status', target: String(id), detail: { from, to, length: note.trim().length }, ip });
	});
}

/** 报进展: a progress note on the case's record, audited. */
export function addNote(sql: Sql, who: Who, id: number, text: string, ip: string | null): Promise<void> {
	return transaction(sql, async (tx) => {
		await tx`insert into lead_case_note (case_id, author_id, author, text) values (${id}, ${who.userId}, ${who.displayName}, ${text})`;
		await audit(tx, { userId: who.userId, username: who.username, action: 'case.note', target: String(id), detail: { length: text.length }, ip });
	});
}
