import { json } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { feedLag } from '$lib/server/metrics.ts';
import { hasRuntime, runtime } from '$lib/server/runtime.ts';

const headers = { 'cache-control': 'no-store' };

/**
 * For load balancers: 200 {status:'ok'} when the database answers, 503 otherwise — nothing more
 * to a stranger. An administrator's session (ops.view) also gets the details (start time, feed
 * position, relay owner, Redis); the database's own error text goes to the log only.
 */
export async function GET({ locals }) {
	if (!hasRuntime()) return json({ status: 'starting' }, { status: 503, headers });
	const { sql, relay, redis, startedAt } = runtime();
	const details = can(locals.user, 'ops.view');
	try {
		const lag = await feedLag(sql);
		if (!details) return json({ status: 'ok' }, { headers });
		return json(
			{
				status: 'ok',
				startedAt,
				feed: { lastSeq: lag.relayed, pending: lag.pending, relay: relay.status() },
				redis: redis ? (redis.isReady ? 'ok' : 'reconnecting') : 'off'
			},
			{ headers }
		);
	} catch (error) {
		console.error('[瞭望] 健康检查：数据库不可用：', (error as Error).message);
		return json(details ? { status: 'error', message: '数据库不可用，详见服务器日志' } : { status: 'error' }, { status: 503, headers });
	}
}
