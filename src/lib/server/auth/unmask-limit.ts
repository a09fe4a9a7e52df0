import { fail } from '@sveltejs/kit';
import type { Sql } from '../db/connection.ts';
import { audit } from './audit.ts';
import type { SessionUser } from './session.ts';

/**
 * 查看完整信息 is a watched privilege: a person reads a few identities a minute, a script reads
 * them all (the red team: 60 in 0.73 s). Counted from the audit log itself (every node sees the
 * same count, and an unmask is logged before it is shown): past UNMASK_PER_MINUTE in the last
 * minute the account is refused, and the refusal is audited, so the admin sees who tried.
 */
export const UNMASK_PER_MINUTE = 10;

/** The refusal to return, or null when the account may unmask now. */
export async function unmaskRefusal(sql: Sql, user: SessionUser, ip: string) {
	const [{ recent }] = await sql<{ recent: number }[]>`
		select count(*)::int as recent from audit_log
		 where user_id = ${user.userId} and action = 'personal.unmask' and at > now() - interval '1 minute'`;
	if (recent < UNMASK_PER_MINUTE) return null;
	await audit(sql, { userId: user.userId, username: user.username, action: 'personal.unmask_limited', detail: { lastMinute: recent }, ip });
	return fail(429, { field: '', message: `一分钟内查看完整信息已达 ${UNMASK_PER_MINUTE} 次，请稍后再试（已记录）` });
}
