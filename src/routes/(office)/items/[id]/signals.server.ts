import type { Detection } from '$lib/domain/detection.ts';
import { matterClimb, type MatterClimb, type MatterItem } from '$lib/domain/escalation.ts';
import type { Sql } from '$lib/server/db/connection.ts';

export type ItemSignals = {
	detection: Detection | null;
	/** the earlier item it repeats, by serial (only once the page has allowed this item) */
	earlier: { id: string; serial: string } | null;
	cases: { id: number; title: string; status: string }[];
	/** 信访上行: the items of the same matter (its 重复 links), climbing the levels or not */
	upward: MatterClimb;
};

/** the links followed each way: a matter's history is a few items, a cycle or a runaway chain stops here */
const MATTER_DEPTH = 50;
const MATTER_ITEMS = 200;

/**
 * The items of the item's matter: up its 重复 links to the first item, then down to every item
 * that repeats one of them; each with the body that received it.
 */
async function matterOf(sql: Sql, id: number): Promise<MatterItem[]> {
	return sql<MatterItem[]>`
		with recursive up as (
			select id, repeat_of, 0 as depth from petition_item where id = ${id}
			union all
			select p.id, p.repeat_of, up.depth + 1 from petition_item p join up on p.id = up.repeat_of where up.depth < ${MATTER_DEPTH}
		), down as (
			select id, 0 as depth from (select id from up order by depth desc limit 1) first
			union all
			select p.id, down.depth + 1 from petition_item p join down on p.repeat_of = down.id where down.depth < ${MATTER_DEPTH}
		)
		select i.id::text, i.serial, i.received_at as "receivedAt", i.detection->'skipLevel'->>'receivedBy' as "receivedBy"
		  from petition_item i where i.id in (select id from down union select id from up)
		 order by i.received_at, i.id limit ${MATTER_ITEMS}`;
}

/** What detection found at registration, and the 领导包案 covering the item (call after itemFor allowed it). */
export async function signalsOf(sql: Sql, id: number): Promise<ItemSignals> {
	const [[row], cases, matter] = await Promise.all([
		sql<{ detection: Detection | null; earlierId: string | null; earlierSerial: string | null }[]>`
			select i.detection, e.id::text as "earlierId", e.serial as "earlierSerial"
			  from petition_item i left join petition_item e on e.id = i.repeat_of where i.id = ${id}`,
		sql<{ id: number; title: string; status: string }[]>`
			select c.id, c.title, c.status from lead_case_item ci join lead_case c on c.id = ci.case_id where ci.item_id = ${id} order by c.id`,
		matterOf(sql, id)
	]);
	return { detection: row?.detection ?? null, earlier: row?.earlierId ? { id: row.earlierId, serial: row.earlierSerial! } : null, cases, upward: matterClimb(matter) };
}
