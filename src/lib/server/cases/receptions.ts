import type { Principal } from '../../domain/access.ts';
import { localDate, startOfLocalDay } from '../../domain/deadlines.ts';
import { checkReception, type ReceptionDraft, type ReceptionKind, type ReceptionRefusal } from '../../domain/receptions.ts';
import { audit } from '../auth/audit.ts';
import { transaction, type Db, type Sql } from '../db/connection.ts';

type Who = Principal & { displayName: string };

/**
 * Records a reception day in one transaction: the reception (its region is the leader's), the
 * items taken up, an audit entry; the capture trigger puts it on the feed for the wall.
 */
export async function recordReception(sql: Sql, who: Who, draft: ReceptionDraft, now: Date, ip: string | null): Promise<{ ok: true; id: number } | ReceptionRefusal> {
	const checked = checkReception(who, draft, now);
	if (!checked.ok) return checked;
	const id = await transaction(sql, async (tx) => {
		const [{ id }] = await tx<{ id: number }[]>`
			insert into reception (leader_id, kind, at, place, region, persons, note, created_by, created_at)
			values (${draft.leader!.id}, ${checked.kind}, ${draft.at}, ${draft.place.trim()}, ${draft.leader!.region}, ${draft.persons}, ${draft.note.trim()}, ${who.userId}, ${now})
			returning id`;
		if (draft.items.length) await tx`insert into reception_item ${tx(draft.items.map((i) => ({ reception_id: id, item_id: i.id })), 'reception_id', 'item_id')}`;
		await audit(tx, {
			userId: who.userId, username: who.username, action: 'reception.record', target: String(id), ip,
			detail: { leaderId: draft.leader!.id, kind: checked.kind, persons: draft.persons, items: draft.items.map((i) => i.serial) }
		});
		return id;
	});
	return { ok: true, id };
}

export type ReceptionRow = {
	id: number; kind: ReceptionKind; at: Date; place: string; persons: number; note: string;
	leader: string; leaderTitle: string; regionName: string; items: string[]; cases: { id: number; title: string }[];
};

/** Receptions in scope since a day, newest first, with their items and the cases opened there. */
export function receptionsIn(sql: Sql | Db, scope: string, since: string) {
	return sql<ReceptionRow[]>`
		select c.id, c.kind, c.at, c.place, c.persons, c.note, l.name as leader, l.title as "leaderTitle", r.name as "regionName",
		       coalesce((select array_agg(i.serial order by i.serial) from reception_item ri join petition_item i on i.id = ri.item_id where ri.reception_id = c.id), '{}') as items,
		       coalesce((select json_agg(json_build_object('id', k.id, 'title', k.title) order by k.id) from lead_case k where k.reception_id = c.id), '[]') as cases
		  from reception c join leader l on l.id = c.leader_id join region r on r.adcode = c.region
		 where ${scope} = any(r.path) and c.at >= ${startOfLocalDay(since)}
		 order by c.at desc, c.id desc
		 limit 500`;
}

/** One reception in scope, or null. */
export async function receptionIn(sql: Sql | Db, scope: string, id: number): Promise<{ id: number; region: string; at: Date } | null> {
	const [row] = await sql<{ id: number; region: string; at: Date }[]>`
		select c.id, c.region, c.at from reception c join region r on r.adcode = c.region where c.id = ${id} and ${scope} = any(r.path)`;
	return row ?? null;
}

export const monthStart = (now: Date) => `${localDate(now).slice(0, 7)}-01`;
