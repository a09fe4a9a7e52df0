import type { Role } from '$lib/domain/access.ts';
import type { Sql } from '$lib/server/db/connection.ts';

export type SignInAccount = { id: number; role: Role; passwordHash: string; disabled: boolean; passwordChangeRequired: boolean };

/** The account a sign-in names, disabled or not (the caller treats a disabled one as a failure), or null. */
export async function accountNamed(sql: Sql, username: string): Promise<SignInAccount | null> {
	const [user] = await sql<SignInAccount[]>`
		select id, role, password_hash as "passwordHash", disabled_at is not null as disabled,
		       password_change_required as "passwordChangeRequired"
		  from app_user where username = ${username}`;
	return user ?? null;
}
