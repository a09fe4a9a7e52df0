import { postItemEvent } from '$lib/server/api/events.ts';
import { apiClientOf, jsonBody, reply } from '$lib/server/api/http.ts';
import { runtime } from '$lib/server/runtime.ts';

/**
 * 上游系统报告事项的办理环节: `Authorization: Bearer <token>`, `{ eventId, type, at, input }`
 * (see README, 接口, and /api/v1/openapi.json). 201 applied (a replay of the same eventId: the
 * first answer again), `{ error, field, rule }` otherwise.
 */
export async function POST({ request, params, getClientAddress }) {
	const client = await apiClientOf(request);
	if (client instanceof Response) return client;
	const parsed = await jsonBody(request);
	if (parsed instanceof Response) return parsed;
	const answer = await postItemEvent(runtime().sql, client, params.serial, parsed.body, { ip: getClientAddress() });
	const headers: Record<string, string> = answer.body.replayed ? { 'idempotent-replayed': 'true' } : {};
	return reply(answer.status, answer.body, headers);
}
