import type { Db } from '../db/connection.ts';

/** Moves an agenda item one place up or down by swapping positions (the unique position is checked at commit). */
export async function moveAgendaItem(tx: Db, meetingId: number, itemId: number, direction: 'up' | 'down'): Promise<boolean> {
	const [item] = await tx<{ position: number }[]>`select position from agenda_item where id = ${itemId} and meeting_id = ${meetingId} for update`;
	if (!item) return false;
	const target = direction === 'up' ? item.position - 1 : item.position + 1;
	const [other] = await tx<{ id: number }[]>`select id from agenda_item where meeting_id = ${meetingId} and position = ${target} for update`;
	if (!other) return false;
	await tx`set constraints agenda_item_meeting_id_position_key deferred`;
	await tx`update agenda_item set position = ${target} where id = ${itemId}`;
	await tx`update agenda_item set position = ${item.position} where id = ${other.id}`;
	return true;
}

export async function editAgendaItem(tx: Db, meetingId: number, itemId: number, f: { title: string; detail: string; note: string }): Promise<boolean> {
	const rows = await tx`update agenda_item set title = ${f.title}, detail = ${f.detail}, note = ${f.note} where id = ${itemId} and meeting_id = ${meetingId} returning id`;
	return rows.length === 1;
}

export async function addAgendaItem(tx: Db, meetingId: number, f: { title: string; detail: string }): Promise<number> {
	await tx`select id from meeting where id = ${meetingId} for update`; // two additions at once take different positions
	const [row] = await tx<{ id: number }[]>`
		insert into agenda_item (meeting_id, position, kind, title, detail)
		select ${meetingId}, coalesce(max(position), 0) + 1, 'custom', ${f.title}, ${f.detail} from agenda_item where meeting_id = ${meetingId}
		returning id`;
	return row.id;
}

export type DecisionInput = { agendaItemId: number; text: string; unitId: number; person: string; due: string };

export async function recordDecision(tx: Db, meetingId: number, userId: number, d: DecisionInput, now: Date): Promise<number | null> {
	const [item] = await tx<{ id: number }[]>`select id from agenda_item where id = ${d.agendaItemId} and meeting_id = ${meetingId}`;
	if (!item) return null;
	const [row] = await tx<{ id: number }[]>`
		insert into meeting_decision (agenda_item_id, text, unit_id, person, due, recorded_by, recorded_at)
		values (${d.agendaItemId}, ${d.text}, ${d.unitId}, ${d.person}, ${d.due}, ${userId}, ${now}) returning id`;
	return row.id;
}

/** The units a meeting may assign: those of its region and the regions under it. */
export async function unitsFor(tx: Db, region: string) {
	return tx<{ id: number; name: string; regionName: string }[]>`
		select u.id, u.name, r.name as "regionName" from unit u join region r on r.adcode = u.region
		 where ${region} = any(r.path) order by r.path, u.name limit 2000`;
}

export async function closeFollowUp(tx: Db, decisionId: number, note: string, now: Date): Promise<boolean> {
	const rows = await tx`update meeting_decision set status = 'done', done_at = ${now}, done_note = ${note} where id = ${decisionId} and status = 'open' returning id`;
	return rows.length === 1;
}

/** 已召开: the meeting took place; minutes may be written from now on. */
export async function markHeld(tx: Db, meetingId: number): Promise<void> {
	await tx`update meeting set status = 'held' where id = ${meetingId}`;
}
