import type { ReservedSql } from 'postgres';
import type { Sql } from '../db/connection.ts';
import type { FeedEvent } from '../../feed/protocol.ts';
import { hasPending, stampBatch } from './stamp.ts';
import { pruneOutbox } from './retention.ts';

/** Advisory lock key: exactly one relay stamps at a time, whichever node holds it. */
export const RELAY_LOCK = 0x6c770001;

export type RelayOptions = {
	/** called after each committed batch, in seq order; the next batch waits for it */
	onEvents: (events: FeedEvent[]) => unknown;
	/** called when this node becomes the relay, with the feed position it takes over at */
	onLeader?: (seq: number) => void;
	/** called about once a second while this node is the relay (the feed's heartbeat) */
	onTick?: () => void;
	/** idle poll interval; a full batch is followed by the next one at once */
	intervalMs?: number;
	batchSize?: number;
	/** outbox rows are kept this long for resume and replay, then pruned by the relay */
	retentionDays?: number;
	log?: (message: string) => void;
};

const PRUNE_EVERY_MS = 10 * 60_000;

export type RelayStatus = { leader: boolean; batches: number; lastSeq: number; lastBatchAt: Date | null };

export type Relay = { status: () => RelayStatus; stop: () => Promise<void> };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls the outbox (an index range scan on the pending rows: next to nothing when idle) rather
 * than relying on NOTIFY, which would serialize every writer's commit. Takes over leadership
 * when another node's relay dies, since its session-level advisory lock dies with it.
 */
export function startRelay(sql: Sql, options: RelayOptions): Relay {
	const { onEvents, onLeader = () => {}, onTick = () => {}, intervalMs = 15, batchSize = 2000, retentionDays = 30, log = () => {} } = options;
	let lastPrune = 0;
	let lastTick = 0;
	const status: RelayStatus = { leader: false, batches: 0, lastSeq: 0, lastBatchAt: null };
	let lockConn: ReservedSql | null = null;
	let lastLockCheck = 0;
	let stopped = false;

	async function holdLock(): Promise<boolean> {
		const now = Date.now();
		if (lockConn && now - lastLockCheck < 2000) return true;
		lastLockCheck = now;
		try {
			if (lockConn) {
				await lockConn`select 1`; // still our session, so still our lock
				return true;
			}
			lockConn = (await sql.reserve()) as ReservedSql;
			const [{ locked }] = await lockConn<{ locked: boolean }[]>`select pg_try_advisory_lock(${RELAY_LOCK}) as locked`;
			if (!locked) {
				lockConn.release();
				lockConn = null;
				return false;
			}
			const [state] = await lockConn<{ lastSeq: string }[]>`select last_seq::text as "lastSeq" from feed_state`;
			status.lastSeq = Number(state.lastSeq);
			onLeader(status.lastSeq);
			log('本节点成为变更中继（relay）');
			return true;
		} catch (error) {
			log(`中继锁连接中断：${(error as Error).message}`);
			lockConn?.release();
			lockConn = null;
			return false;
		}
	}

	const loop = (async () => {
		while (!stopped) {
			status.leader = await holdLock();
			if (!status.leader) {
				await sleep(1000);
				continue;
			}
			try {
				// an idle poll stays a read: stamping locks feed_state, and that commit waits for a WAL flush
				const events = (await hasPending(sql)) ? await stampBatch(sql, batchSize) : [];
				if (events.length > 0) {
					status.batches++;
					status.lastSeq = events[events.length - 1].seq;
					status.lastBatchAt = new Date();
					try {
						await onEvents(events);
					} catch (error) {
						log(`推送失败：${(error as Error).message}`);
					}
				}
				if (Date.now() - lastTick >= 1000) {
					lastTick = Date.now();
					onTick();
				}
				if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
					lastPrune = Date.now();
					const pruned = await pruneOutbox(sql, { keepDays: retentionDays });
					if (pruned > 0) log(`已清理 ${pruned} 条超过 ${retentionDays} 天的变更记录`);
				}
				if (events.length < batchSize) await sleep(intervalMs);
			} catch (error) {
				if (stopped) break;
				log(`中继批次失败，稍后重试：${(error as Error).message}`);
				await sleep(500);
			}
		}
	})();

	return {
		status: () => ({ ...status }),
		async stop() {
			stopped = true;
			await loop;
			if (lockConn) {
				await lockConn`select pg_advisory_unlock(${RELAY_LOCK})`.catch(() => {});
				lockConn.release();
				lockConn = null;
			}
			status.leader = false;
		}
	};
}
