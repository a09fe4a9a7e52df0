import type { Sql } from '$lib/server/db/connection.ts';
import type { Assignment } from './checks.server.ts';

/** The writes of 用户管理, each inside the action's transaction (with its audit entry). */

export async function usernameTaken(tx: Sql, username: string): Promise<boolean> {
	const [taken] = await tx`select 1 from app_user where username = ${username}`;
	return !!taken;
}

/** A new account, which must choose its own password at its first sign-in. */
export async function insertAccount(tx: Sql, input: { username: string; displayName: string; passwordHash: string }, a: Assignment): Promise<number> {
	const [{ id }] = await tx<{ id: number }[]>`
		insert into app_user (username, display_name, password_hash, role, scope_region, unit_id, screen_name, password_change_required)
		values (${input.username}, ${input.displayName}, ${input.passwordHash}, ${a.role}, ${a.scope},
		        ${a.unitId}, ${a.screenName}, true)
		returning id`;
	return id;
}

export async function updateAccount(tx: Sql, userId: number, after: Assignment & { displayName: string }): Promise<void> {
	await tx`
		update app_user set display_name = ${after.displayName}, role = ${after.role}, scope_region = ${after.scope},
		       unit_id = ${after.unitId}, screen_name = ${after.screenName}
		 where id = ${userId}`;
}

export async function setUnitHead(tx: Sql, userId: number, head: boolean): Promise<void> {
	await tx`update app_user set unit_head = ${head} where id = ${userId}`;
}

/** 停用 from `at`, or 启用 with null. */
export async function setDisabled(tx: Sql, userId: number, at: Date | null): Promise<void> {
	await tx`update app_user set disabled_at = ${at} where id = ${userId}`;
}

export async function insertUnit(tx: Sql, u: { name: string; region: string; kind: string; sector: string }): Promise<number> {
	const [{ id }] = await tx<{ id: number }[]>`
		insert into unit (name, region, kind, sector) values (${u.name}, ${u.region}, ${u.kind}, ${u.sector})
		returning id`;
	return id;
}
