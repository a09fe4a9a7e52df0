import { levelOf } from '../../domain/access.ts';
import type { Sql } from '../db/connection.ts';
import type { ApiClient } from '../intake/api-clients.ts';
import { parseInstant } from './event-body.ts';
import { senderOf } from './events.ts';

/**
 * GET /api/v1/items?changedSince=…: the items in the client's scope whose lifecycle, unit,
 * clock or light changed at or after an instant, oldest change first, a page at a time. For
 * reconciliation: the state and the last step of each item, nothing of the petitioner and no
 * free text (summaries, reasons and opinions stay in the office).
 *
 * A change is stamped when it is written and seen when it commits, so a change written just
 * before a poll may commit just after it: `nextChangedSince` is the server's time less a
 * margin, and some items come twice across polls (reading is idempotent; none is missed).
 */
export const DEFAULT_LIMIT = 100;
export const MAX_LIMIT = 500;
export const SETTLE_MS = 60_000;

export type ChangesReply = { status: 200 | 400; body: Record<string, unknown> };
type Query = { changedSince: Date; after: { at: string; id: string } | null; limit: number };

const refuse = (field: string, error: string): ChangesReply => ({ status: 400, body: { error, field } });

/**
 * The cursor: the last row's change instant and id, opaque to clients. The instant travels as
 * text to the microsecond (a JS Date, and the driver's timestamptz parameter, keep milliseconds
 * only: the row at the page's edge would come again), and is cast in SQL from text.
 */
const encodeCursor = (at: string, id: string) => Buffer.from(JSON.stringify([at, id])).toString('base64url');
function decodeCursor(cursor: string): { at: string; id: string } | null {
	try {
		const [at, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as unknown[];
		if (typeof at !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(at)) return null;
		if (typeof id !== 'string' || !/^[1-9][0-9]{0,17}$/.test(id)) return null;
		return { at, id };
	} catch {
		return null;
	}
}

export function checkChangesQuery(params: URLSearchParams): { ok: true; query: Query } | { ok: false; reply: ChangesReply } {
	const fail = (field: string, error: string) => ({ ok: false as const, reply: refuse(field, error) });
	for (const key of params.keys())
		if (!['changedSince', 'cursor', 'limit'].includes(key)) return fail(key.slice(0, 60), `不支持的查询参数 ${key.slice(0, 60)}`);
	const since = params.get('changedSince');
	if (since === null) return fail('changedSince', '缺少查询参数 changedSince（自何时起的变化，带时区的 ISO 8601 时间）');
	const changedSince = parseInstant(since);
	if (!changedSince) return fail('changedSince', '查询参数 changedSince 应为带时区的 ISO 8601 时间，如 2026-11-20T00:00:00+08:00');
	const rawLimit = params.get('limit');
	const limit = rawLimit === null ? DEFAULT_LIMIT : /^[0-9]{1,4}$/.test(rawLimit) ? Number(rawLimit) : NaN;
	if (!(limit >= 1 && limit <= MAX_LIMIT)) return fail('limit', `查询参数 limit 应为 1–${MAX_LIMIT} 的整数`);
	const rawCursor = params.get('cursor');
	const after = rawCursor === null ? null : decodeCursor(rawCursor);
	if (rawCursor !== null && !after) return fail('cursor', '查询参数 cursor 无效：请使用上一页返回的 nextCursor');
	return { ok: true, query: { changedSince, after, limit } };
}

type Row = {
	id: string; serial: string; source: string; sourceId: string | null; region: string; unitId: number | null; unitName: string | null;
	status: string; track: string; receivedAt: Date; routedAt: Date | null; acceptedAt: Date | null; rejectedAt: Date | null;
	concludedAt: Date | null; reopenedAt: Date | null; closedAt: Date | null; outcome: string | null; satisfaction: string | null; extendedDays: number;
	clock: string; clockDue: string | null; light: string; acceptDue: string | null; concludeDue: string | null;
	changedAt: Date; changedKey: string; lastAt: Date | null; lastFrom: string | null; lastTo: string | null; lastEventId: string | null;
};

export async function listChanges(sql: Sql, client: ApiClient, query: Query, now = new Date()): Promise<ChangesReply> {
	const width = { province: 2, city: 4, county: 6 }[levelOf(client.scope)];
	const prefix = client.scope.slice(0, width);
	const sender = senderOf(client);
	const rows = await sql<Row[]>`
		select i.id::text, i.serial, i.source, i.source_id as "sourceId", i.region, i.unit_id as "unitId", u.name as "unitName",
		       i.status, i.track, i.received_at as "receivedAt", i.routed_at as "routedAt", i.accepted_at as "acceptedAt",
		       i.rejected_at as "rejectedAt", i.concluded_at as "concludedAt", i.reopened_at as "reopenedAt", i.closed_at as "closedAt", i.outcome, i.satisfaction,
		       i.extended_days as "extendedDays", i.clock, i.clock_due::text as "clockDue", i.light,
		       i.accept_due::text as "acceptDue", i.conclude_due::text as "concludeDue", i.changed_at as "changedAt",
		       to_char(i.changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as "changedKey",
		       e.at as "lastAt", e.from_status as "lastFrom", e.to_status as "lastTo",
		       (select r.event_id from transition_receipt r where r.item_id = i.id and r.sender = ${sender} and r.answer->>'eventId' = e.id::text limit 1) as "lastEventId"
		  from petition_item i
		  left join unit u on u.id = i.unit_id
		  left join lateral (select id, at, from_status, to_status from petition_event where item_id = i.id order by at desc, id desc limit 1) e on true
		 where left(i.region, ${width}) = ${prefix}
		   and i.changed_at >= ${query.changedSince}
		   ${query.after ? sql`and (i.changed_at, i.id) > (${query.after.at}::text::timestamptz, ${query.after.id}::bigint)` : sql``}
		 order by i.changed_at, i.id
		 limit ${query.limit + 1}`;
	const more = rows.length > query.limit;
	const page = rows.slice(0, query.limit);
	const last = page.at(-1);
	const settled = new Date(Math.max(query.changedSince.getTime(), now.getTime() - SETTLE_MS));
	return {
		status: 200,
		body: {
			items: page.map((r) => itemOf(r, client)),
			nextCursor: more && last ? encodeCursor(last.changedKey, last.id) : null,
			nextChangedSince: settled.toISOString(),
			serverTime: now.toISOString()
		}
	};
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

function itemOf(r: Row, client: ApiClient) {
	return {
		serial: r.serial,
		// another system's own number for the item is not this client's business
		sourceId: r.source === client.source ? r.sourceId : null,
		source: r.source,
		region: r.region,
		unit: r.unitId === null ? null : { id: r.unitId, name: r.unitName },
		status: r.status,
		track: r.track,
		receivedAt: iso(r.receivedAt),
		routedAt: iso(r.routedAt),
		acceptedAt: iso(r.acceptedAt),
		rejectedAt: iso(r.rejectedAt),
		concludedAt: iso(r.concludedAt),
		reopenedAt: iso(r.reopenedAt),
		closedAt: iso(r.closedAt),
		outcome: r.outcome,
		satisfaction: r.satisfaction,
		clock: { kind: r.clock, due: r.clockDue, light: r.light, extendedDays: r.extendedDays, acceptDue: r.acceptDue, concludeDue: r.concludeDue },
		lastEvent: r.lastAt ? { at: iso(r.lastAt), from: r.lastFrom, to: r.lastTo, eventId: r.lastEventId } : null,
		changedAt: iso(r.changedAt)
	};
}
