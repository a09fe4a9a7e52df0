import { connect, type Sql } from './connection.ts';
import { chooseSource, pruneSamples, replicaLagMs, type ReplicaCheck, type ReplicaChoice, type ReplicaStatus, type Sample } from './replica-lag.ts';

export type { ReplicaStatus };

/**
 * Heavy reads (the wall's snapshots, the rates, the exports) on a streaming read replica where
 * DATABASE_REPLICA_URL names one, else on the primary. Safe against a lagging replica by
 * construction: a snapshot reads feed_state.last_seq in its own repeatable-read transaction, so
 * it reports the seq it reflects, and the screen resumes the feed from that seq on the primary
 * (recent frames or the outbox), so nothing between the replica's seq and the primary's is
 * skipped. A monitor compares the two every few seconds: a replica that does not answer, or is
 * further behind than DATABASE_REPLICA_MAX_LAG seconds, is left for the primary until it
 * recovers; a read that fails on the replica is retried on the primary at once.
 */
export type Reads = {
	/** runs a read-only body where heavy reads go now; on the replica's failure, again on the primary */
	read<T>(body: (sql: Sql) => Promise<T>): Promise<T>;
	status(): ReplicaStatus;
	/** one round of the monitor (the timer calls it; tests call it directly) */
	check(): Promise<ReplicaStatus>;
	close(): Promise<void>;
};

export type ReadsOptions = {
	replicaUrl?: string;
	maxLagMs?: number;
	/** how often the monitor runs; 0: only when check() is called */
	checkMs?: number;
	log?: (message: string) => void;
	appName?: string;
};

const CHECK_TIMEOUT_MS = 3000;

function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
	let timer: NodeJS.Timeout;
	return Promise.race([promise, new Promise<T>((_, reject) => (timer = setTimeout(() => reject(new Error(`${what}超过 ${ms / 1000} 秒未响应`)), ms)))]).finally(() => clearTimeout(timer));
}

export function createReads(primary: Sql, options: ReadsOptions = {}): Reads {
	const maxLagMs = options.maxLagMs ?? 10_000;
	const log = options.log ?? (() => {});
	const replica = options.replicaUrl ? connect(options.replicaUrl, { max: 10, appName: options.appName ?? 'liaowang-replica', connectTimeoutSeconds: 3 }) : null;
	let samples: Sample[] = [];
	let last: ReplicaCheck | null = null;
	let choice: ReplicaChoice = replica ? chooseSource(null, maxLagMs) : { use: 'primary', reason: null };
	let checkedAt: Date | null = null;
	let fallbacks = 0;

	const decide = (check: ReplicaCheck) => {
		const next = chooseSource(check, maxLagMs);
		if (next.use !== choice.use) log(next.use === 'replica' ? '只读副本已恢复，快照与报表改从副本读取' : `快照与报表改从主库读取：${next.reason}`);
		last = check;
		choice = next;
		checkedAt = new Date();
	};

	async function check(): Promise<ReplicaStatus> {
		if (!replica) return status();
		const now = Date.now();
		try {
			const [p] = await within(primary<{ seq: bigint }[]>`select last_seq as seq from feed_state`, CHECK_TIMEOUT_MS, '主库');
			samples = pruneSamples([...samples, { at: now, seq: p.seq }], now, Math.max(maxLagMs * 3, 60_000));
		} catch {
			return status(); // the primary is the app's problem, not the replica's: leave the choice as it was
		}
		try {
			const [r] = await within(replica<{ seq: bigint; recovery: boolean }[]>`select last_seq as seq, pg_is_in_recovery() as recovery from feed_state`, CHECK_TIMEOUT_MS, '只读副本');
			const primarySeq = samples.at(-1)!.seq;
			decide({ ok: true, replicaSeq: r.seq, primarySeq, lagMs: replicaLagMs(samples, r.seq, Date.now()), inRecovery: r.recovery });
		} catch (error) {
			decide({ ok: false, error: (error as Error).message });
		}
		return status();
	}

	function status(): ReplicaStatus {
		const ok = last?.ok ? last : null;
		return {
			configured: replica !== null,
			using: choice.use,
			reason: choice.reason,
			lagMs: ok?.lagMs ?? null,
			replicaSeq: ok ? String(ok.replicaSeq) : null,
			primarySeq: ok ? String(ok.primarySeq) : null,
			inRecovery: ok?.inRecovery ?? null,
			checkedAt: checkedAt?.toISOString() ?? null,
			maxLagMs,
			fallbacks
		};
	}

	const timer = replica && options.checkMs !== 0 ? setInterval(() => void check(), options.checkMs ?? 2000) : null;
	timer?.unref();
	if (replica) void check();

	return {
		async read(body) {
			if (!replica || choice.use !== 'replica') return body(primary);
			try {
				return await body(replica);
			} catch (error) {
				// a read is safe to repeat; the monitor decides whether the replica stays out
				fallbacks++;
				log(`只读副本读取失败，已改在主库读取：${(error as Error).message}`);
				void check();
				return body(primary);
			}
		},
		status,
		check,
		async close() {
			if (timer) clearInterval(timer);
			await replica?.end({ timeout: 5 });
		}
	};
}
