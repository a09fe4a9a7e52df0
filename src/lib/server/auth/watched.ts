import { fail } from '@sveltejs/kit';
import type { Sql } from '../db/connection.ts';
import { audit, type AuditAction } from './audit.ts';
import type { SessionUser } from './session.ts';

export type Watch = { action: AuditAction; limited: AuditAction; perMinute: number; message: string };

/**
 * A watched privilege, counted from the audit log itself (every node sees the same count; the
 * use is logged before its result is shown): past `perMinute` uses in the last minute the account
 * is refused and the refusal is audited. Returns the refusal, or null when the account may go on.
 */
export async function watchedRefusal(sql: Sql, user: SessionUser, ip: string, watch: Watch) {
	const [{ recent }] = await sql<{ recent: number }[]>`
		select count(*)::int as recent from audit_log
		 where user_id = ${user.userId} and action = ${watch.action} and at > now() - interval '1 minute'`;
	if (recent < watch.perMinute) return null;
	await audit(sql, { userId: user.userId, username: user.username, action: watch.limited, detail: { lastMinute: recent }, ip });
	return fail(429, { field: '', message: watch.message });
}
