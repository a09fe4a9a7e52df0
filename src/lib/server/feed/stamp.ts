import { transaction, type Sql } from '../db/connection.ts';
import { toFeedEvent, type OutboxRow } from './events.ts';
import type { FeedEvent } from '../../feed/protocol.ts';

/**
 * One relay step, in one transaction: stamp the next `seq` on every outbox row this
 * transaction can see that has none yet (the committed ones, in write order), fold them into
 * the rollups, and advance feed_state. A transaction that commits after this statement's
 * snapshot is stamped by a later step, with a higher seq — so seq order is commit order and
 * nothing is skipped. feed_state is locked first, so even two relays could not interleave.
 */
export async function stampBatch(sql: Sql, limit: number): Promise<FeedEvent[]> {
	return transaction(sql, async (tx) => {
		const [state] = await tx<{ lastSeq: bigint }[]>`select last_seq as "lastSeq" from feed_state for update`;
		const rows = await tx<OutboxRow[]>`
			with pending as (
				select id, ${state.lastSeq}::bigint + row_number() over (order by id) as seq
				  from (select id from outbox where seq is null order by id limit ${limit} for update) p
			)
			update outbox o set seq = pending.seq from pending where o.id = pending.id
			returning o.seq, o.topic, o.entity, o.entity_id as "entityId", o.op,
			          o.region_path as "regionPath", o.created_at as "createdAt", o.payload`;
		if (rows.length === 0) return [];
		const first = state.lastSeq + 1n;
		const last = state.lastSeq + BigInt(rows.length);
		await applyRollups(tx, first, last);
		await tx`update feed_state set last_seq = ${last}, relayed_at = now()`;
		return rows.map(toFeedEvent).sort((a, b) => a.seq - b.seq);
	});
}

/** Whether any outbox row is waiting for a seq: one probe of the pending index, no lock, no WAL. */
export async function hasPending(sql: Sql): Promise<boolean> {
	const [row] = await sql<{ pending: boolean }[]>`select exists (select 1 from outbox where seq is null) as pending`;
	return row.pending;
}

/** Adds the stamped petition changes in [first, last] to rollup_daily: +new row, −old row. */
async function applyRollups(sql: Sql, first: bigint, last: bigint): Promise<void> {
	await sql`
		insert into rollup_daily as r (day, region, channel, category, items, persons)
		select day, region, channel, category, sum(items), sum(persons)
		  from (
			select (o.payload->>'receivedAt')::timestamptz as at, o.payload->>'region' as region,
			       o.payload->>'channel' as channel, o.payload->>'category' as category,
			       case o.op when 'delete' then -1 else 1 end as items,
			       case o.op when 'delete' then -1 else 1 end * (o.payload->>'headcount')::integer as persons
			  from outbox o
			 where o.seq between ${first} and ${last} and o.topic = 'petition'
			union all
			select (o.payload->'prev'->>'receivedAt')::timestamptz, o.payload->'prev'->>'region',
			       o.payload->'prev'->>'channel', o.payload->'prev'->>'category',
			       -1, -(o.payload->'prev'->>'headcount')::integer
			  from outbox o
			 where o.seq between ${first} and ${last} and o.topic = 'petition' and o.op = 'update'
		  ) change,
		  lateral (select (change.at at time zone 'Asia/Shanghai')::date as day) d
		 group by day, region, channel, category
		having sum(items) <> 0 or sum(persons) <> 0
		on conflict (day, region, channel, category) do update
		   set items = r.items + excluded.items, persons = r.persons + excluded.persons`;
}

/** Rows where rollup_daily and a GROUP BY over petition_item disagree (empty when all is well). */
export async function rollupDifferences(sql: Sql, limit = 20) {
	return sql<{ day: string; region: string; channel: string; category: string; rollup: number | null; truth: number | null }[]>`
		select coalesce(r.day, t.day)::text as day, coalesce(r.region, t.region) as region,
		       coalesce(r.channel, t.channel) as channel, coalesce(r.category, t.category) as category,
		       r.items as rollup, t.items as truth
		  from (select * from rollup_daily where items <> 0 or persons <> 0) r
		  full join rollup_daily_truth t using (day, region, channel, category)
		 where r.items is distinct from t.items or r.persons is distinct from t.persons
		 limit ${limit}`;
}
