import { connect, type Sql } from '../db/connection.ts';
import type { FeedEvent } from '../../feed/protocol.ts';
import { hasPending, LeadershipLost, stampBatch, stampedAfter } from './stamp.ts';
import { pruneOutbox } from './retention.ts';

/** Advisory lock key: exactly one relay stamps at a time, whichever node holds it. */
export const RELAY_LOCK = 0x6c770001;

export type RelayOptions = {
	/** where the relay's own lock session connects (the same database as `sql`) */
	lockUrl: string;
	/** the lock session's application_name, so operators see which node relays */
	appName?: string;
	/** called after each committed batch, in seq order; the next batch waits for it */
	onEvents: (events: FeedEvent[]) => unknown;
	/** called when this node becomes the relay, with the feed position it takes over at */
	onLeader?: (seq: number) => void;
	/** called about once a second while this node is the relay (the feed's heartbeat) */
	onTick?: () => void;
	/** poll interval while changes keep coming (the last within `idleAfterMs`): a change is picked up within it */
	intervalMs?: number;
	/** poll interval once the outbox has been quiet for `idleAfterMs`: a change after a lull waits at most this long */
	idleIntervalMs?: number;
	idleAfterMs?: number;
	/** pause after a batch that was not full: under load the batches grow and the stamping transactions stay few */
	busyIntervalMs?: number;
	batchSize?: number;
	/** outbox rows are kept this long for resume and replay, then pruned by the relay */
	retentionDays?: number;
	log?: (message: string) => void;
};

const PRUNE_EVERY_MS = 10 * 60_000;
/** a step within this long of the last batch stamps without probing first */
const BUSY_PROBE_MS = 50;

export type RelayStatus = { leader: boolean; batches: number; lastSeq: number; lastBatchAt: Date | null };

export type Relay = { status: () => RelayStatus; stop: () => Promise<void> };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Polls the outbox (an index range scan on the pending rows: next to nothing when idle) rather
 * than relying on NOTIFY, which would serialize every writer's commit. Takes over leadership
 * when another node's relay dies, since its session-level advisory lock dies with it.
 */
export function startRelay(sql: Sql, options: RelayOptions): Relay {
	const { onEvents, onLeader = () => {}, onTick = () => {}, intervalMs = 5, idleIntervalMs = 25, idleAfterMs = 300, busyIntervalMs = 5, batchSize = 2000, retentionDays = 30, log = () => {} } = options;
	let lastPrune = 0;
	let lastEventsAt = 0;
	let lastTick = 0;
	const status: RelayStatus = { leader: false, batches: 0, lastSeq: 0, lastBatchAt: null };
	// The lock lives in a session of its own: a one-connection client, not a reserved pool
	// connection (postgres.js crashes the process when a reserved connection whose backend died
	// is used again). The client reconnects silently after a failure, so holding the lock is
	// checked in pg_locks rather than assumed from a query that worked.
	let lockSql: Sql | null = null;
	let epoch = 0;
	let lastLockCheck = 0;
	let stopped = false;
	/**
	 * Whether the last step failed: its batch may have committed all the same (an error at COMMIT
	 * does not say), and a batch stamped but never handed on would be missing from every frame after it
	 */
	let unsure = false;

	const dropLock = async () => {
		const client = lockSql;
		lockSql = null;
		await client?.end({ timeout: 1 }).catch(() => {});
	};

	async function holdLock(): Promise<boolean> {
		const now = Date.now();
		if (lockSql && now - lastLockCheck < 2000) return true;
		lastLockCheck = now;
		try {
			if (lockSql) {
				const [{ held }] = await lockSql<{ held: boolean }[]>`
					select exists (select 1 from pg_locks where locktype = 'advisory' and objid = ${RELAY_LOCK}
					                 and pid = pg_backend_pid() and granted) as held`;
				if (held) return true;
				log('中继锁已丢失（数据库会话中断），重新竞选');
				await dropLock();
				return false;
			}
			lockSql = connect(options.lockUrl, { max: 1, appName: options.appName ?? 'liaowang relay' });
			const [{ locked }] = await lockSql<{ locked: boolean }[]>`select pg_try_advisory_lock(${RELAY_LOCK}) as locked`;
			if (!locked) {
				await dropLock();
				return false;
			}
			// a new epoch fences off a previous relay that has not yet noticed it lost the lock
			const [state] = await lockSql<{ lastSeq: string; epoch: string }[]>`
				update feed_state set epoch = epoch + 1 returning last_seq::text as "lastSeq", epoch::text`;
			epoch = Number(state.epoch);
			status.lastSeq = Number(state.lastSeq);
			unsure = false; // the feed continues from the position just read, whatever an earlier step did
			onLeader(status.lastSeq);
			log('本节点成为变更中继（relay）');
			return true;
		} catch (error) {
			if (status.leader) log(`中继锁连接中断：${(error as Error).message}`);
			await dropLock();
			return false;
		}
	}

	/** Hands a committed batch on, in seq order. */
	async function deliver(events: FeedEvent[]) {
		status.batches++;
		status.lastSeq = events[events.length - 1].seq;
		status.lastBatchAt = new Date();
		try {
			await onEvents(events);
		} catch (error) {
			log(`推送失败：${(error as Error).message}`);
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
				if (unsure) {
					const stamped = await stampedAfter(sql, status.lastSeq, epoch);
					unsure = false;
					if (stamped.length > 0) {
						log(`上一批次已提交但未确认（${stamped.length} 条变更），现补发`);
						await deliver(stamped);
					}
				}
				// an idle poll stays a read: stamping locks feed_state, and that commit waits for a WAL flush.
				// While changes keep coming (a batch in the last poll) the probe is skipped: there is almost
				// always something, and the probe would be one more round trip on every step
				const busy = lastEventsAt > 0 && Date.now() - lastEventsAt < BUSY_PROBE_MS;
				const events = busy || (await hasPending(sql)) ? await stampBatch(sql, batchSize, epoch) : [];
				if (events.length > 0) await deliver(events);
				if (Date.now() - lastTick >= 1000) {
					lastTick = Date.now();
					onTick();
				}
				if (Date.now() - lastPrune > PRUNE_EVERY_MS) {
					lastPrune = Date.now();
					const pruned = await pruneOutbox(sql, { keepDays: retentionDays });
					if (pruned > 0) log(`已清理 ${pruned} 条超过 ${retentionDays} 天的变更记录`);
				}
				// a quiet outbox is polled five times less often: at 20 changes/s a gap of 300 ms comes
				// once in ~400, so steady feeds keep the 5 ms pick-up; a lull costs 40 polls a second, not 200
				if (events.length > 0) lastEventsAt = Date.now();
				if (events.length < batchSize) await sleep(events.length > 0 ? busyIntervalMs : Date.now() - lastEventsAt > idleAfterMs ? idleIntervalMs : intervalMs);
			} catch (error) {
				if (stopped) break;
				if (error instanceof LeadershipLost) {
					log('另一节点已接任变更中继，本节点停止编号');
					status.leader = false;
					await dropLock();
					continue;
				}
				unsure = true;
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
			await dropLock(); // ending the session releases the lock
			status.leader = false;
		}
	};
}
