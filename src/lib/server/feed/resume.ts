import type { ResumeReply, ResumeRequest } from '../../feed/protocol.ts';
import type { Sql } from '../db/connection.ts';
import type { Metrics } from '../metrics.ts';
import { readSince } from './outbox.ts';
import type { RecentFeed } from './recent.ts';

/**
 * A screen's gap after `since` within its scope: from the recent buffer when it holds the whole
 * gap, else from the durable outbox, else "too old" (the screen reloads its snapshot). A request
 * with `upTo` (a net frame's end) is answered up to there at most.
 */
export async function answerResume(deps: { sql: Sql; recent: RecentFeed; metrics?: Metrics }, request: ResumeRequest | unknown, scope: string): Promise<ResumeReply> {
	const bounded = typeof request === 'object' && request !== null;
	const since = bounded ? (request as { since?: unknown }).since : request;
	const until = bounded ? (request as { upTo?: unknown }).upTo : Infinity;
	if (!Number.isSafeInteger(since) || (since as number) < 0) return { ok: false, reason: 'invalid', message: '参数 since 必须是非负整数' };
	if (bounded && (!Number.isSafeInteger(until) || (until as number) < (since as number)))
		return { ok: false, reason: 'invalid', message: '参数 upTo 必须是不小于 since 的整数' };
	try {
		let frame = await deps.recent.since(since as number, scope, undefined, until as number);
		let source = 'recent';
		if (!frame) {
			frame = await readSince(deps.sql, since as number, scope, undefined, until as number);
			source = frame ? 'outbox' : 'snapshot';
		}
		deps.metrics?.resumes.inc({ source });
		return frame ? { ok: true, frame } : { ok: false, reason: 'too_old', message: '断线时间过长，请重新加载快照' };
	} catch {
		return { ok: false, reason: 'unavailable', message: '服务暂时不可用' };
	}
}
