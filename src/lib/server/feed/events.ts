import type { FeedEvent, FeedOp } from '../../feed/protocol.ts';

/** An outbox row as postgres.js returns it. */
export type OutboxRow = {
	seq: bigint;
	topic: string;
	entity: string;
	entityId: string;
	op: FeedOp;
	regionPath: string[];
	createdAt: Date;
	payload: Record<string, unknown>;
};

export function toFeedEvent(row: OutboxRow): FeedEvent {
	return {
		seq: Number(row.seq),
		topic: row.topic,
		entity: row.entity,
		entityId: row.entityId,
		op: row.op,
		regionPath: row.regionPath,
		at: row.createdAt.toISOString(),
		payload: row.payload
	};
}
