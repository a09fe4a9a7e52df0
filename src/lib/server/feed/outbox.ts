import type { Sql } from '../db/connection.ts';
import type { FeedFrame } from '../../feed/protocol.ts';
import { toFeedEvent, type OutboxRow } from './events.ts';

/**
 * The events after `since` within a region, from the durable outbox, for a client that
 * reconnects: at most `limit` of them — a longer gap comes in pages, the frame's `upTo` then
 * being the last event it holds, so the client asks again from there. Returns null only when
 * the gap was pruned: the client takes a fresh snapshot instead. `until` bounds the answer (a
 * net frame's end: the client applies the frames after it).
 */
export async function readSince(sql: Sql, since: number, region: string, limit = 2000, until = Infinity): Promise<FeedFrame | null> {
	return sql.begin('isolation level repeatable read read only', async (tx) => {
		const [state] = await tx<{ lastSeq: bigint; oldest: bigint | null }[]>`
			select last_seq as "lastSeq", (select min(seq) from outbox where seq is not null) as oldest from feed_state`;
		const upTo = Math.min(Number(state.lastSeq), until);
		if (since >= upTo) return { from: since, upTo: Math.max(since, upTo), events: [] };
		// pruned past the client's position (or everything pruned): it cannot be replayed
		if (state.oldest === null || since + 1 < Number(state.oldest)) return null;
		const rows = await tx<OutboxRow[]>`
			select seq, topic, entity, entity_id as "entityId", op, region_path as "regionPath",
			       created_at as "createdAt", payload
			  from outbox
			 where seq > ${since} and seq <= ${upTo} and ${region} = any(region_path)
			 order by seq
			 limit ${limit + 1}`;
		if (rows.length > limit) {
			const page = rows.slice(0, limit).map(toFeedEvent);
			return { from: since, upTo: page[page.length - 1].seq, events: page };
		}
		return { from: since, upTo, events: rows.map(toFeedEvent) };
	}) as Promise<FeedFrame | null>;
}
