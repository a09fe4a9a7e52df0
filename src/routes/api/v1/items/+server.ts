import { json } from '@sveltejs/kit';
import { checkChangesQuery, listChanges } from '$lib/server/api/changes.ts';
import { apiClientOf, reply } from '$lib/server/api/http.ts';
import { authenticateApiClient } from '$lib/server/intake/api-clients.ts';
import { registerFromApi } from '$lib/server/intake/api.ts';
import { runtime } from '$lib/server/runtime.ts';

/**
 * 上游系统对账: the items in the client's scope changed since an instant, a page at a time
 * (`?changedSince=…&cursor=…&limit=…`, see README, 接口).
 */
export async function GET({ request, url }) {
	const client = await apiClientOf(request);
	if (client instanceof Response) return client;
	const checked = checkChangesQuery(url.searchParams);
	if (!checked.ok) return reply(checked.reply.status, checked.reply.body);
	const answer = await listChanges(runtime().sql, client, checked.query);
	return reply(answer.status, answer.body);
}

/**
 * 上游系统推送信访事项: `Authorization: Bearer <token>`, a JSON body (see README, 接口).
 * 201 registered, 200 the same item already registered (a retry), `{ error, field }` otherwise.
 */
export async function POST({ request, getClientAddress }) {
	const { sql } = runtime();
	const client = await authenticateApiClient(sql, request.headers.get('authorization'));
	if (!client) return json({ error: '缺少有效的接口令牌（Authorization: Bearer …）', field: '' }, { status: 401, headers: { 'www-authenticate': 'Bearer' } });
	if (!(request.headers.get('content-type') ?? '').toLowerCase().startsWith('application/json'))
		return json({ error: '请以 application/json 格式提交', field: '' }, { status: 415 });
	let body: unknown;
	try {
		body = JSON.parse(await request.text());
	} catch {
		return json({ error: '请求体不是有效的 JSON', field: '' }, { status: 400 });
	}
	const answer = await registerFromApi(sql, client, body, { ip: getClientAddress() });
	const headers: Record<string, string> = { 'cache-control': 'no-store' };
	if (answer.status === 201 || answer.status === 200) headers.location = `/items/${answer.body.id}`;
	return json(answer.body, { status: answer.status, headers });
}
