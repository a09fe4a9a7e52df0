import type { Sql } from '../../src/lib/server/db/connection.ts';
import { stampBatch } from '../../src/lib/server/feed/stamp.ts';
import type { Principal } from '../../src/lib/domain/access.ts';
import { insertItem } from './fixtures.ts';

/** A 督查督办 account at the province, as the freeze and meeting functions see it. */
export async function supervisorAt(sql: Sql, scope = '370000'): Promise<Principal> {
	const [row] = await sql<{ id: number }[]>`
		insert into app_user (username, display_name, password_hash, role, scope_region)
		values (${`ducha${Math.floor(Math.random() * 1e6)}`}, '督查员', 'x', 'supervisor', ${scope}) returning id`;
	return { userId: row.id, username: 'ducha', role: 'supervisor', scope, unitId: null };
}

export async function unitIn(sql: Sql, region: string, name: string): Promise<number> {
	const [row] = await sql<{ id: number }[]>`insert into unit (name, region, kind, sector) values (${name}, ${region}, 'government', '人社') returning id`;
	return row.id;
}

/** Stamps everything pending, as the relay would: rollups and feed_state move with it. */
export async function relayAll(sql: Sql): Promise<number> {
	let n = 0;
	for (let batch = await stampBatch(sql, 5000); batch.length; batch = await stampBatch(sql, 5000)) n += batch.length;
	return n;
}

/** An item routed to a unit and accepted at `at`, due for conclusion on `due`. */
export async function acceptedItem(sql: Sql, o: { region: string; unitId: number; at: Date; due: string; headcount?: number; skipLevel?: boolean }): Promise<bigint> {
	const id = await insertItem(sql, { region: o.region, receivedAt: o.at, headcount: o.headcount });
	await sql`update petition_item set unit_id = ${o.unitId}, routed_at = ${o.at}, accepted_at = ${o.at}, status = 'handling',
	          conclude_due = ${o.due}, skip_level = ${o.skipLevel ?? false} where id = ${id}`;
	return id;
}

export async function conclude(sql: Sql, id: bigint, at: Date): Promise<void> {
	await sql`update petition_item set status = 'concluded', concluded_at = ${at}, outcome = 'support', light = 'none' where id = ${id}`;
}

export const setLight = (sql: Sql, id: bigint, light: string) => sql`update petition_item set light = ${light} where id = ${id}`;

/** A 包案 past its deadline, led by a county leader: the agenda proposes it as stalled. */
export async function lateCase(sql: Sql, o: { region: string; unitId: number; title: string; deadline: string; assignedAt: Date }): Promise<number> {
	const [leader] = await sql<{ id: number }[]>`insert into leader (name, title, level, region) values ('王建国', '副区长', 'county', ${o.region}) returning id`;
	const [row] = await sql<{ id: number }[]>`
		insert into lead_case (title, leader_id, lead_unit_id, region, assigned_at, deadline)
		values (${o.title}, ${leader.id}, ${o.unitId}, ${o.region}, ${o.assignedAt}, ${o.deadline}) returning id`;
	return row.id;
}
