/**
 * How far a read replica is behind, measured in the feed (pure; no I/O). The monitor samples the
 * primary's feed seq now and then; the replica is as far behind as the oldest sample holding an
 * event the replica has not replayed yet. That is the age of what the wall would miss, which is
 * what matters here; it needs no replication statistics, and a replica whose link to the primary
 * broke (its receive and replay positions equal, so pg's own lag reads 0) still shows its age.
 */
export type Sample = { at: number; seq: bigint };

/** Milliseconds the replica at `replicaSeq` is behind, at `now`, from the primary's samples (oldest first). */
export function replicaLagMs(samples: readonly Sample[], replicaSeq: bigint, now: number): number {
	const first = samples.find((s) => s.seq > replicaSeq);
	return first ? Math.max(0, now - first.at) : 0;
}

/** The samples still needed to measure a lag up to `keepMs` (one older than the window stays: it dates the window's start). */
export function pruneSamples(samples: Sample[], now: number, keepMs: number): Sample[] {
	const inside = samples.findIndex((s) => s.at >= now - keepMs);
	if (inside <= 0) return inside === -1 ? samples.slice(-1) : samples;
	return samples.slice(inside - 1);
}

export type ReplicaCheck =
	| { ok: true; replicaSeq: bigint; primarySeq: bigint; lagMs: number; inRecovery: boolean }
	| { ok: false; error: string };

export type ReplicaChoice = { use: 'replica' | 'primary'; reason: string | null };

/** Whether heavy reads go to the replica: it answers and is no further behind than `maxLagMs`. */
export function chooseSource(check: ReplicaCheck | null, maxLagMs: number): ReplicaChoice {
	if (!check) return { use: 'primary', reason: '尚未检查只读副本' };
	if (!check.ok) return { use: 'primary', reason: `只读副本不可用（${check.error}）` };
	if (check.lagMs > maxLagMs)
		return { use: 'primary', reason: `只读副本落后 ${Math.round(check.lagMs / 1000)} 秒（feed seq ${check.replicaSeq}，主库 ${check.primarySeq}），超过上限 ${Math.round(maxLagMs / 1000)} 秒` };
	return { use: 'replica', reason: null };
}

/** What a node's heavy reads do now, as /admin/status shows it. */
export type ReplicaStatus = {
	configured: boolean;
	/** where heavy reads go now */
	using: 'replica' | 'primary';
	/** why not the replica (configured, but unused) */
	reason: string | null;
	lagMs: number | null;
	replicaSeq: string | null;
	primarySeq: string | null;
	/** false: the URL names a server that is not in recovery (a promoted replica, or the primary itself) */
	inRecovery: boolean | null;
	checkedAt: string | null;
	maxLagMs: number;
	/** reads the replica failed and the primary answered instead, since start */
	fallbacks: number;
};

/** The status page's line about the replica; `trouble` when one is configured but unused. */
export function replicaSummary(s: ReplicaStatus): { text: string; trouble: boolean } {
	if (!s.configured) return { text: '未配置（快照、考核指标与导出在主库读取；设置 DATABASE_REPLICA_URL 启用）', trouble: false };
	const limit = Math.round(s.maxLagMs / 1000);
	if (s.using === 'primary') return { text: `未使用，已改用主库：${s.reason}${s.fallbacks ? `；启动以来 ${s.fallbacks} 次读取改在主库重试` : ''}`, trouble: true };
	const lag = ((s.lagMs ?? 0) / 1000).toFixed(1);
	const promoted = s.inRecovery === false ? '；注意：该地址的服务器不在恢复模式（不是只读副本）' : '';
	return { text: `使用中：落后 ${lag} 秒（feed seq ${s.replicaSeq}，主库 ${s.primarySeq}；上限 ${limit} 秒）${promoted}`, trouble: s.inRecovery === false };
}
