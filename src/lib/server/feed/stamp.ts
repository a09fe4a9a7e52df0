import { transaction, type Sql } from '../db/connection.ts';
import { toFeedEvent, type OutboxRow } from './events.ts';
import { applyRollups } from './rollups.ts';
import { applyRateInputs } from './rate-inputs.ts';
import type { FeedEvent } from '../../feed/protocol.ts';

/** Another node became the relay since this one did: it must stop stamping. */
export class LeadershipLost extends Error {
	constructor() {
		super('另一节点已接任变更中继');
	}
}

/**
 * One relay step, in one transaction: stamp the next `seq` on every outbox row this
 * transaction can see that has none yet (the committed ones, in write order), fold them into
 * the rollups (the wall's, and the rate inputs /rates reads), and advance feed_state. A transaction that commits after this statement's
 * snapshot is stamped by a later step, with a higher seq — so seq order is commit order and
 * nothing is skipped. feed_state is locked first, so even two relays could not interleave.
 */
export async function stampBatch(sql: Sql, limit: number, epoch?: number): Promise<FeedEvent[]> {
	return transaction(sql, async (tx) => {
		// the lock on feed_state, the epoch check and the stamping in one statement (one round trip):
		// the lock is taken before the pending rows are, and once held the row is read as last
		// committed, so a relay that waited for another's step continues after its last seq; a fenced
		// relay (its epoch is no longer the row's) stamps nothing. With nothing pending nothing is
		// locked: the step stays a read (the relay steps without probing while changes keep coming)
		const rows = await tx<(OutboxRow & { epoch: string })[]>`
			with state as (select last_seq, epoch from feed_state where exists (select 1 from outbox where seq is null) for update),
			pending as (
				select id, (select last_seq from state) + row_number() over (order by id) as seq
				  from (select id from outbox where seq is null order by id limit ${limit} for update) p
				 -- a one-time filter: feed_state is locked (and the epoch checked) before any outbox row is
				 where (select epoch from state) = coalesce(${epoch ?? null}::bigint, (select epoch from state))
			)
			update outbox o set seq = pending.seq from pending where o.id = pending.id
			returning o.seq, o.topic, o.entity, o.entity_id as "entityId", o.op,
			          o.region_path as "regionPath", o.created_at as "createdAt", o.payload,
			          (select epoch from state)::text as epoch`;
		if (rows.length === 0) {
			if (epoch !== undefined) {
				const [state] = await tx<{ epoch: string }[]>`select epoch::text from feed_state`;
				if (Number(state.epoch) !== epoch) throw new LeadershipLost();
			}
			return [];
		}
		const events = rows.map(toFeedEvent).sort((a, b) => a.seq - b.seq);
		const first = BigInt(events[0].seq);
		const last = BigInt(events[events.length - 1].seq);
		// independent statements issued together: postgres.js pipelines them on the transaction's
		// connection, so the step waits for one round trip, not one per statement (each answer also
		// waits its turn on a node's event loop busy writing frames to sockets). A failure in one aborts
		// the transaction, and whatever the others send after it queues behind it on the same
		// connection and fails with it, before the rollback
		await Promise.all([applyRollups(tx, first, last), applyRateInputs(tx, first, last), tx`update feed_state set last_seq = ${last}, relayed_at = now()`]);
		return events;
	});
}

/**
 * The events stamped after `after`, for a relay whose last step failed without saying whether it
 * committed (the connection dropped at COMMIT, Postgres stopping): none when it did not. Another
 * relay stamping since (a new epoch) throws LeadershipLost: those events are that relay's to publish.
 */
export async function stampedAfter(sql: Sql, after: number, epoch: number): Promise<FeedEvent[]> {
	return sql.begin('isolation level repeatable read read only', async (tx) => {
		const [state] = await tx<{ lastSeq: string; epoch: string }[]>`select last_seq::text as "lastSeq", epoch::text from feed_state`;
		if (Number(state.epoch) !== epoch) throw new LeadershipLost();
		if (Number(state.lastSeq) <= after) return [];
		const rows = await tx<OutboxRow[]>`
			select seq, topic, entity, entity_id as "entityId", op, region_path as "regionPath", created_at as "createdAt", payload
			  from outbox where seq > ${after} and seq <= ${state.lastSeq}::bigint order by seq`;
		return rows.map(toFeedEvent);
	}) as Promise<FeedEvent[]>;
}

/** Whether any outbox row is waiting for a seq: one probe of the pending index, no lock, no WAL. */
export async function hasPending(sql: Sql): Promise<boolean> {
	const [row] = await sql<{ pending: boolean }[]>`select exists (select 1 from outbox where seq is null) as pending`;
	return row.pending;
}
