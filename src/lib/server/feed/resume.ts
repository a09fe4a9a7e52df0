import type { ResumeReply } from '../../feed/protocol.ts';
import type { Sql } from '../db/connection.ts';
import type { Metrics } from '../metrics.ts';
import { readSince } from './outbox.ts';
import type { RecentFeed } from './recent.ts';

/**
 * A screen's gap after `since` within its scope: from the recent buffer when it holds the whole
 * gap, else from the durable outbox, else "too old" (the screen reloads its snapshot).
 */
export async function answerResume(
	deps: { sql: Sql; recent: RecentFeed; metrics?: Metrics },
	since: unknown,
	scope: string
): Promise<ResumeReply> {
	if (!Number.isSafeInteger(since) || (since as number) < 0) return { ok: false, reason: 'invalid', message: '参数 since 必须是非负整数' };
	try {
		let frame = await deps.recent.since(since as number, scope);
		let source = 'recent';
		if (!frame) {
			frame = await readSince(deps.sql, since as number, scope);
			source = frame ? 'outbox' : 'snapshot';
		}
		deps.metrics?.resumes.inc({ source });
		return frame ? { ok: true, frame } : { ok: false, reason: 'too_old', message: '断线时间过长，请重新加载快照' };
	} catch {
		return { ok: false, reason: 'unavailable', message: '服务暂时不可用' };
	}
}
