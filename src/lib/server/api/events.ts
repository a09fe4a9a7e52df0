import { regionInScope } from '../../domain/access.ts';
import { transitions } from '../../domain/lifecycle.ts';
import type { Sql } from '../db/connection.ts';
import type { ApiClient } from '../intake/api-clients.ts';
import { applyTransition, type ServiceActor, type TransitionResult } from '../lifecycle/index.ts';
import { checkEventBody } from './event-body.ts';
import { eventInputs } from './event-types.ts';

/**
 * POST /api/v1/items/{serial}/events: an upstream system reports a step of an item's life.
 * Every event goes through the one lifecycle service (applyTransition), so it is decided by the
 * same rules, written in one transaction and reaches the wall like a click on a page.
 * Idempotent by the sender's eventId: the same id again gets the first answer again, with the
 * same status (and `replayed: true`). Ordered by `at`: an event later than the item's last step
 * is placed at its time; one earlier than that no longer fits and is refused (409).
 */
export type EventReply = { status: 200 | 201 | 400 | 403 | 404 | 409 | 410; body: Record<string, unknown> };

/** The lifecycle actor an API client acts as: its scope, named after it in events and the audit log. */
export function apiActor(client: ApiClient, ip: string | null): ServiceActor {
	return { role: 'api', scope: client.scope, unitId: null, name: senderOf(client), userId: null, username: `接口:${client.name}`.slice(0, 60), ip };
}

/** The name the client's events carry (and its event ids are kept under): unique per client, at most 60 characters. */
export function senderOf(client: ApiClient): string {
	const name = `接口:${client.name}`;
	return name.length <= 60 ? name : `接口#${client.id}:${client.name}`.slice(0, 60);
}

const SERIAL = /^[0-9]{6}-[0-9]{8}-[0-9]{6}$/;
const notFound = (serial: string): EventReply => ({ status: 404, body: { error: `【信访事项】没有找到编号为 ${serial.slice(0, 30)} 的信访事项`, field: 'serial', rule: 'not-found' } });

/** The refusal's field as the API names it: inputs under `input.`, the action as `type`. */
function apiField(type: keyof typeof eventInputs, field: string): string {
	if (Object.hasOwn(eventInputs[type], field)) return `input.${field}`;
	return { action: 'type', id: 'serial', token: 'serial' }[field] ?? field;
}

function reply(result: TransitionResult, eventId: string, type: keyof typeof eventInputs): EventReply {
	if (!result.ok)
		return { status: result.status, body: { error: result.message, field: apiField(type, result.field), rule: result.rule, eventId, replayed: result.replayed } };
	const { serial, action, from, to, at, eventId: itemEventId, replayed } = result;
	return { status: 201, body: { eventId, serial, type: action, label: transitions[action].label, from, to, at, itemEventId, replayed } };
}

const isReceiptRace = (e: unknown) => (e as { code?: string; constraint_name?: string })?.code === '23505' && (e as { constraint_name?: string }).constraint_name === 'transition_receipt_pkey';

export async function postItemEvent(sql: Sql, client: ApiClient, serial: string, body: unknown, meta: { ip: string | null; now?: Date }): Promise<EventReply> {
	const checked = checkEventBody(body);
	if (!checked.ok) return { status: checked.status, body: { error: checked.error, field: checked.field, rule: 'input' } };
	const { event } = checked;
	if (!SERIAL.test(serial)) return notFound(serial);
	const [item] = await sql<{ id: string; region: string }[]>`select id::text, region from petition_item where serial = ${serial}`;
	// an item outside the client's scope is not there for it
	if (!item || !regionInScope(client.scope, item.region)) return notFound(serial);

	const actor = apiActor(client, meta.ip);
	const run = () => applyTransition(sql, actor, item.id, event.type, event.input as never, { at: event.at, sourceEventId: event.eventId, now: meta.now });
	let result: TransitionResult;
	try {
		result = await run();
	} catch (e) {
		// the same event id sent for two items at once: the later one now finds the earlier's receipt
		if (!isReceiptRace(e)) throw e;
		result = await run();
	}
	return reply(result, event.eventId, event.type);
}
