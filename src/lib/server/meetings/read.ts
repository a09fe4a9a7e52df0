import { regionInScope, type Principal } from '../../domain/access.ts';
import type { AgendaKind, AgendaRef } from '../../domain/agenda.ts';
import type { Db } from '../db/connection.ts';
import { readSnapshot, type FrozenSnapshot } from './freeze.ts';

export type MeetingRow = { id: number; title: string; region: string; regionName: string; heldAt: Date; place: string; attendees: string; status: 'preparing' | 'held'; snapshotId: number; baselineSnapshotId: number | null; createdBy: string };
export type AgendaRow = { id: number; position: number; kind: AgendaKind; title: string; detail: string; note: string; ref: AgendaRef };
export type DecisionRow = { id: number; agendaItemId: number; text: string; unitId: number; unitName: string; person: string; due: string; status: 'open' | 'done'; doneAt: Date | null; doneNote: string | null; recordedAt: Date; recordedBy: string };

export const meetingStatuses = { preparing: '筹备中', held: '已召开' } as const;

/** Meetings in the account's scope, latest first. */
export async function meetingList(sql: Db, user: Principal): Promise<MeetingRow[]> {
	const rows = await sql<MeetingRow[]>`
		select m.id, m.title, m.region, r.name as "regionName", m.held_at as "heldAt", m.place, m.attendees, m.status,
		       m.snapshot_id as "snapshotId", m.baseline_snapshot_id as "baselineSnapshotId", u.display_name as "createdBy"
		  from meeting m join region r on r.adcode = m.region join app_user u on u.id = m.created_by
		 where ${user.scope} = any(r.path) order by m.held_at desc, m.id desc limit 200`;
	return rows;
}

/** One meeting, if its region is in scope; null otherwise (the caller answers 404). */
export async function meetingOf(sql: Db, user: Principal, id: number): Promise<MeetingRow | null> {
	const [row] = await sql<MeetingRow[]>`
		select m.id, m.title, m.region, r.name as "regionName", m.held_at as "heldAt", m.place, m.attendees, m.status,
		       m.snapshot_id as "snapshotId", m.baseline_snapshot_id as "baselineSnapshotId", u.display_name as "createdBy"
		  from meeting m join region r on r.adcode = m.region join app_user u on u.id = m.created_by where m.id = ${id}`;
	return row && regionInScope(user.scope, row.region) ? row : null;
}

export async function agendaOf(sql: Db, meetingId: number): Promise<AgendaRow[]> {
	return sql<AgendaRow[]>`select id, position, kind, title, detail, note, ref from agenda_item where meeting_id = ${meetingId} order by position`;
}

export async function decisionsOf(sql: Db, meetingId: number): Promise<DecisionRow[]> {
	return sql<DecisionRow[]>`
		select d.id, d.agenda_item_id as "agendaItemId", d.text, d.unit_id as "unitId", un.name as "unitName", d.person, d.due::text as due,
		       d.status, d.done_at as "doneAt", d.done_note as "doneNote", d.recorded_at as "recordedAt", u.display_name as "recordedBy"
		  from meeting_decision d join agenda_item a on a.id = d.agenda_item_id join unit un on un.id = d.unit_id
		  join app_user u on u.id = d.recorded_by
		 where a.meeting_id = ${meetingId} order by a.position, d.id`;
}

/** The meeting's current and baseline snapshots. */
export async function snapshotsOf(sql: Db, user: Principal, m: MeetingRow): Promise<{ current: FrozenSnapshot; baseline: FrozenSnapshot | null }> {
	const inScope = (r: string) => regionInScope(user.scope, r);
	const current = (await readSnapshot(sql, inScope, m.snapshotId))!;
	const baseline = m.baselineSnapshotId ? await readSnapshot(sql, inScope, m.baselineSnapshotId) : null;
	return { current, baseline };
}

/** Serials for the ids behind a figure, so each is one click away. */
export async function serialsOf(sql: Db, ids: number[]): Promise<Record<number, string>> {
	if (!ids.length) return {};
	const rows = await sql<{ id: number; serial: string }[]>`select id::int, serial from petition_item where id = any(${ids}::bigint[])`;
	return Object.fromEntries(rows.map((r) => [r.id, r.serial]));
}

/** The regions a meeting may be held for: the scope and the cities in it (not counties, unless the scope is one). */
export function meetingRegions(sql: Db, scope: string): Promise<{ adcode: string; name: string }[]> {
	return sql<{ adcode: string; name: string }[]>`
		select adcode, name from region where ${scope} = any(path) and level <> 'county' or adcode = ${scope} order by path limit 300`;
}

export type SnapshotListRow = { id: number; name: string; region: string; regionName: string; seq: string; takenAt: Date; takenBy: string };

/** The latest frozen snapshots in a scope. */
export function snapshotList(sql: Db, scope: string): Promise<SnapshotListRow[]> {
	return sql<SnapshotListRow[]>`
		select s.id, s.name, s.region, r.name as "regionName", s.seq::text, s.taken_at as "takenAt", u.display_name as "takenBy"
		  from meeting_snapshot s join region r on r.adcode = s.region join app_user u on u.id = s.taken_by
		 where ${scope} = any(r.path) order by s.taken_at desc limit 50`;
}
