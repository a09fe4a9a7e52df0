import type { Sql } from '../db/connection.ts';
import type { SessionUser } from './session.ts';
import { watchedRefusal } from './watched.ts';

/**
 * 查看完整信息 is a watched privilege: a person reads a few identities a minute, a script reads
 * them all (the red team: 60 in 0.73 s). Past UNMASK_PER_MINUTE in the last minute the account is
 * refused, and the refusal is audited, so the admin sees who tried (auth/watched.ts).
 */
export const UNMASK_PER_MINUTE = 10;

/** The refusal to return, or null when the account may unmask now. */
export const unmaskRefusal = (sql: Sql, user: SessionUser, ip: string) =>
	watchedRefusal(sql, user, ip, {
		action: 'personal.unmask',
		limited: 'personal.unmask_limited',
		perMinute: UNMASK_PER_MINUTE,
		message: `一分钟内查看完整信息已达 ${UNMASK_PER_MINUTE} 次，请稍后再试（已记录）`
	});
