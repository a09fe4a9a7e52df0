import { SIGN_IN_ACTIONS, SIGN_IN_HISTORY_LIMIT } from '../../domain/password-policy.ts';
import type { Sql } from '../db/connection.ts';

export type SignInRow = { at: Date; action: string; ip: string | null; userAgent: string | null };

/**
 * A person's own sign-in history, newest first, from the audit log (live and archived): their
 * sign-ins and sign-outs, and the failed or refused attempts on their account name (those carry
 * no user id: whoever tried was not necessarily them).
 */
export async function signInHistory(sql: Sql, user: { userId: number; username: string }, limit = SIGN_IN_HISTORY_LIMIT): Promise<SignInRow[]> {
	return sql<SignInRow[]>`
		select at, action, ip, detail ->> 'userAgent' as "userAgent" from audit_log_all
		 where action = any(${SIGN_IN_ACTIONS}::text[])
		   and (user_id = ${user.userId} or (user_id is null and username = ${user.username}))
		 order by at desc, id desc limit ${limit}`;
}
