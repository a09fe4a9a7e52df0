import { timingSafeEqual } from 'node:crypto';
import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { runtime } from '$lib/server/runtime.ts';

function bearerMatches(header: string | null, token: string | null): boolean {
	if (!header || !token || !header.startsWith('Bearer ')) return false;
	const given = Buffer.from(header.slice('Bearer '.length));
	const wanted = Buffer.from(token);
	return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Prometheus scrape: the scraper's METRICS_TOKEN, or an administrator's session. */
export async function GET({ request, locals }) {
	const { config, metrics } = runtime();
	if (!bearerMatches(request.headers.get('authorization'), config.metricsToken) && !can(locals.user, 'ops.view'))
		error(401, '需要管理员登录或有效的 METRICS_TOKEN');
	return new Response(await metrics.registry.metrics(), {
		headers: { 'content-type': metrics.registry.contentType, 'cache-control': 'no-store' }
	});
}
