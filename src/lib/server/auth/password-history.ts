import { historyToDrop, PASSWORD_HISTORY } from '../../domain/password-policy.ts';
import type { Sql } from '../db/connection.ts';
import { verifyPassword } from './password.ts';

/**
 * The last five passwords (the current one and the four before it, as argon2id hashes): a new
 * password that matches any of them is refused (domain/password-policy.ts).
 */
export async function isRecentPassword(sql: Sql, userId: number, candidate: string): Promise<boolean> {
	const rows = await sql<{ hash: string }[]>`
		(select password_hash as hash from app_user where id = ${userId})
		union all
		(select password_hash from password_history where user_id = ${userId} order by id desc limit ${PASSWORD_HISTORY - 1})`;
	for (const row of rows) if (await verifyPassword(row.hash, candidate)) return true;
	return false;
}

/** The hash of an enabled account's current password (null for a disabled or unknown account). */
export async function currentPasswordHash(sql: Sql, userId: number): Promise<string | null> {
	const [row] = await sql<{ hash: string }[]>`select password_hash as hash from app_user where id = ${userId} and disabled_at is null`;
	return row?.hash ?? null;
}

/**
 * Replaces an account's password inside the caller's transaction: the old hash joins the history
 * (pruned to the newest four), the new one takes its place. `changeRequired`: the password was set
 * by an administrator, who knows it, so its owner must choose another at the next sign-in.
 */
export async function replacePassword(tx: Sql, userId: number, newHash: string, changeRequired: boolean): Promise<void> {
	await tx`insert into password_history (user_id, password_hash) select id, password_hash from app_user where id = ${userId}`;
	await tx`
		update app_user set password_hash = ${newHash}, password_change_required = ${changeRequired},
		       password_changed_at = case when ${changeRequired} then password_changed_at else now() end
		 where id = ${userId}`;
	const kept = await tx<{ id: string }[]>`select id::text from password_history where user_id = ${userId} order by id desc`;
	const drop = historyToDrop(kept.map((r) => r.id));
	if (drop.length) await tx`delete from password_history where id = any(${tx.array(drop)}::bigint[])`;
}
