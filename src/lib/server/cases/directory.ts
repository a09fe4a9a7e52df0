import type { LeaderLevel } from '../../domain/cases.ts';
import type { Db, Sql } from '../db/connection.ts';

export type LeaderRow = { id: number; name: string; title: string; level: LeaderLevel; region: string; regionName: string };
export type UnitChoice = { id: number; name: string; region: string };
export type ItemRef = { id: string; serial: string; region: string; headcount: number; summary: string };

/** 领导名录 within a scope (whose receptions its office records), highest level first. */
export function leadersIn(sql: Sql | Db, scope: string) {
	return sql<LeaderRow[]>`
		select l.id, l.name, l.title, l.level, l.region, r.name as "regionName"
		  from leader l join region r on r.adcode = l.region
		 where ${scope} = any(r.path)
		 order by array_position(array['province', 'city', 'county', 'township'], l.level), l.region, l.id
		 limit 500`;
}

/**
 * Units within the scope that may serve a case in `region`: those of the region itself, above it
 * (its city) and below it (属地管理: the same line), the region's own first.
 */
export function unitsNear(sql: Sql | Db, scope: string, region: string) {
	return sql<UnitChoice[]>`
		select u.id, u.name, u.region from unit u join region r on r.adcode = u.region
		 where ${scope} = any(r.path)
		   and (${region} = any(r.path) or u.region in (select unnest(path) from region where adcode = ${region}))
		 order by u.region <> ${region}, u.region, u.name limit 300`;
}

/** Leaders whose region covers `region` (the 属地 leader or one above), highest level last. */
export function leadersOver(sql: Sql | Db, region: string) {
	return sql<LeaderRow[]>`
		select l.id, l.name, l.title, l.level, l.region, r.name as "regionName"
		  from leader l join region r on r.adcode = l.region
		 where l.region in (select unnest(path) from region where adcode = ${region})
		 order by array_position(array['township', 'county', 'city', 'province'], l.level), l.id
		 limit 300`;
}

export async function leaderById(sql: Sql | Db, id: number): Promise<LeaderRow | null> {
	const [row] = await sql<LeaderRow[]>`
		select l.id, l.name, l.title, l.level, l.region, r.name as "regionName" from leader l join region r on r.adcode = l.region where l.id = ${id}`;
	return row ?? null;
}

export function unitsByIds(sql: Sql | Db, ids: number[]) {
	return sql<UnitChoice[]>`select id, name, region from unit where id = any(${ids}::int[]) order by id`;
}

/** Items by serial (信访件编号) or by id, in the order given. */
export async function itemsByRefs(sql: Sql | Db, refs: string[]): Promise<{ found: ItemRef[]; missing: string[] }> {
	if (refs.length === 0) return { found: [], missing: [] };
	const ids = refs.filter((r) => /^[1-9][0-9]{0,15}$/.test(r));
	const rows = await sql<ItemRef[]>`
		select id::text, serial, region, headcount, summary from petition_item
		 where serial = any(${refs}::text[]) or id = any(${ids}::bigint[])`;
	const byRef = new Map(rows.flatMap((r) => [[r.serial, r], [r.id, r]] as const));
	const found = [...new Map(refs.flatMap((r) => (byRef.has(r) ? [[byRef.get(r)!.id, byRef.get(r)!] as const] : []))).values()];
	return { found, missing: refs.filter((r) => !byRef.has(r)) };
}

/** 信访件编号 or ids in free text: separated by spaces, commas, 、 or new lines. */
export const refsOf = (text: string) => [...new Set(text.split(/[\s,，、;；]+/).filter(Boolean))].slice(0, 100);

/**
 * The item and the chain of the same matter it belongs to (back along repeat_of, then forward
 * to those who came again), in receipt order — what a case opened from the repeat queue covers.
 */
export function repeatChain(sql: Sql | Db, itemId: number) {
	return sql<(ItemRef & { regionName: string; category: string })[]>`
		with recursive up(id, repeat_of, depth) as (
			select id, repeat_of, 0 from petition_item where id = ${itemId}
			union all select i.id, i.repeat_of, up.depth + 1 from petition_item i join up on i.id = up.repeat_of where up.depth < 20
		), root as (select id from up order by depth desc limit 1),
		down(id, depth) as (
			select id, 0 from root
			union all select i.id, down.depth + 1 from petition_item i join down on i.repeat_of = down.id where down.depth < 20
		)
		select i.id::text, i.serial, i.region, i.headcount, i.summary, r.name as "regionName", i.category
		  from petition_item i join region r on r.adcode = i.region
		 where i.id in (select id from down union select id from up)
		 order by i.received_at, i.id
		 limit 20`;
}

/** 增补 a leader to the directory (the caller checked it with domain/cases.ts checkLeader); its id. */
export async function addLeader(tx: Sql | Db, l: { name: string; title: string; level: LeaderLevel; region: string }): Promise<number> {
	const [{ id }] = await tx<{ id: number }[]>`
		insert into leader (name, title, level, region) values (${l.name}, ${l.title}, ${l.level}, ${l.region}) returning id`;
	return id;
}
