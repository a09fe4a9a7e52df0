import { json } from '@sveltejs/kit';
import { authenticateApiClient, type ApiClient } from '../intake/api-clients.ts';
import { runtime } from '../runtime.ts';
import { apiLimiter } from './limits.ts';

/** The API's answers: JSON, never cached. */
export const reply = (status: number, body: Record<string, unknown>, headers: Record<string, string> = {}) =>
	json(body, { status, headers: { 'cache-control': 'no-store', ...headers } });

/**
 * The preamble of the lifecycle endpoints: the bearer token names an enabled client (401
 * otherwise), within its rate (429 with Retry-After otherwise). Returns the client or the refusal.
 */
export async function apiClientOf(request: Request): Promise<ApiClient | Response> {
	const rt = runtime();
	const client = await authenticateApiClient(rt.sql, request.headers.get('authorization'));
	if (!client) return reply(401, { error: '缺少有效的接口令牌（Authorization: Bearer …）', field: '' }, { 'www-authenticate': 'Bearer' });
	if (!(await apiLimiter(rt).take(`client:${client.id}`)))
		return reply(429, { error: '请求过于频繁，请稍后再试（每个接口令牌每分钟 600 次）', field: '' }, { 'retry-after': '5' });
	return client;
}

/** A JSON body, or the refusal (415 for another type, 400 for broken JSON). */
export async function jsonBody(request: Request): Promise<{ body: unknown } | Response> {
	if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json'))
		return reply(415, { error: '请以 application/json 格式提交', field: '' });
	try {
		return { body: JSON.parse(await request.text()) };
	} catch {
		return reply(400, { error: '请求体不是有效的 JSON', field: '' });
	}
}
