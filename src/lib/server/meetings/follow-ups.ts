import { regionInScope, type Principal } from '../../domain/access.ts';
import type { Db } from '../db/connection.ts';

export type FollowUpRow = { id: number; text: string; unitId: number; unitName: string; person: string; due: string; status: 'open' | 'done'; doneAt: Date | null; doneNote: string | null; meetingId: number; meetingTitle: string; region: string; agendaTitle: string };

/**
 * 会议决定督办: every decision as a follow-up. A unit sees those assigned to it; leaders and
 * 督查督办 those of meetings in their scope. Open ones first, by due date.
 */
export async function followUps(sql: Db, user: Principal, status: 'open' | 'done' | null, id: number | null = null): Promise<FollowUpRow[]> {
	const rows = await sql<FollowUpRow[]>`
		select d.id, d.text, d.unit_id as "unitId", un.name as "unitName", d.person, d.due::text as due, d.status, d.done_at as "doneAt", d.done_note as "doneNote",
		       m.id as "meetingId", m.title as "meetingTitle", m.region, a.title as "agendaTitle"
		  from meeting_decision d join agenda_item a on a.id = d.agenda_item_id join meeting m on m.id = a.meeting_id
		  join unit un on un.id = d.unit_id join region r on r.adcode = m.region
		 where ${user.role === 'unit' ? sql`d.unit_id = ${user.unitId ?? 0}` : sql`${user.scope} = any(r.path)`}
		   and ${status ? sql`d.status = ${status}` : sql`true`} and ${id ? sql`d.id = ${id}` : sql`true`}
		 order by d.status, d.due, d.id limit 500`;
	return rows.filter((r) => user.role === 'unit' || regionInScope(user.scope, r.region));
}

/** One follow-up the account may close: its own unit's, or (督查督办) one in scope. */
export async function followUpFor(sql: Db, user: Principal, id: number): Promise<FollowUpRow | null> {
	const [row] = await followUps(sql, user, null, id);
	return row ?? null;
}
