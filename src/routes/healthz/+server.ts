import { json } from '@sveltejs/kit';
import { hasRuntime, runtime } from '$lib/server/runtime.ts';

/** For load balancers and operators: 200 when the database answers, with the feed position. */
export async function GET() {
	if (!hasRuntime()) return json({ status: 'starting' }, { status: 503 });
	const { sql, relay, redis, startedAt } = runtime();
	try {
		const [state] = await sql<{ lastSeq: bigint; pending: bigint }[]>`
			select last_seq as "lastSeq", (select count(*) from outbox where seq is null) as pending from feed_state`;
		return json({
			status: 'ok',
			startedAt,
			feed: { lastSeq: Number(state.lastSeq), pending: Number(state.pending), relay: relay.status() },
			redis: redis ? (redis.isReady ? 'ok' : 'reconnecting') : 'off'
		});
	} catch (error) {
		return json({ status: 'error', message: `数据库不可用：${(error as Error).message}` }, { status: 503 });
	}
}
