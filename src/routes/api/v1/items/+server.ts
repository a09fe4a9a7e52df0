import { checkChangesQuery, listChanges } from '$lib/server/api/changes.ts';
import { apiClientOf, jsonBody, reply } from '$lib/server/api/http.ts';
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
	const client = await apiClientOf(request);
	if (client instanceof Response) return client;
	const parsed = await jsonBody(request);
	if (parsed instanceof Response) return parsed;
	const answer = await registerFromApi(runtime().sql, client, parsed.body, { ip: getClientAddress() });
	const headers: Record<string, string> = answer.status === 201 || answer.status === 200 ? { location: `/items/${answer.body.id}` } : {};
	return reply(answer.status, answer.body, headers);
}
