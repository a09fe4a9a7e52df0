import { describe, expect, it } from 'vitest';
import { chooseSource, pruneSamples, replicaLagMs, replicaSummary, type ReplicaStatus, type Sample } from './replica-lag.ts';

const samples: Sample[] = [
	{ at: 1000, seq: 10n },
	{ at: 3000, seq: 10n },
	{ at: 5000, seq: 14n },
	{ at: 7000, seq: 20n }
];

describe('replicaLagMs', () => {
	it('is 0 for a replica at or past the newest sample', () => {
		expect(replicaLagMs(samples, 20n, 9000)).toBe(0);
		expect(replicaLagMs(samples, 21n, 9000)).toBe(0);
		expect(replicaLagMs([], 0n, 9000)).toBe(0);
	});
	it('is the age of the oldest sample holding an event the replica lacks', () => {
		expect(replicaLagMs(samples, 10n, 9000)).toBe(4000); // seq 11–14 were on the primary at 5000
		expect(replicaLagMs(samples, 14n, 9000)).toBe(2000);
		expect(replicaLagMs(samples, 5n, 9000)).toBe(8000);
	});
	it('grows while a stalled replica stays where it is', () => {
		expect(replicaLagMs(samples, 14n, 20_000)).toBeGreaterThan(replicaLagMs(samples, 14n, 9000));
	});
});

describe('pruneSamples', () => {
	it('keeps the window and the one sample before it', () => {
		expect(pruneSamples(samples, 8000, 3000)).toEqual(samples.slice(1)); // 3000 dates the window starting at 5000
		expect(pruneSamples(samples, 8000, 10_000)).toEqual(samples);
		expect(pruneSamples(samples, 100_000, 3000)).toEqual(samples.slice(-1));
	});
});

describe('chooseSource', () => {
	const ok = { ok: true as const, replicaSeq: 10n, primarySeq: 14n, inRecovery: true };
	it('uses the replica while it answers and keeps up', () => {
		expect(chooseSource({ ...ok, lagMs: 0 }, 10_000)).toEqual({ use: 'replica', reason: null });
		expect(chooseSource({ ...ok, lagMs: 10_000 }, 10_000)).toEqual({ use: 'replica', reason: null });
	});
	it('falls back to the primary, saying why', () => {
		expect(chooseSource(null, 10_000)).toEqual({ use: 'primary', reason: '尚未检查只读副本' });
		expect(chooseSource({ ok: false, error: 'connect ECONNREFUSED 127.0.0.1:5433' }, 10_000)).toEqual({ use: 'primary', reason: '只读副本不可用（connect ECONNREFUSED 127.0.0.1:5433）' });
		expect(chooseSource({ ...ok, lagMs: 25_400 }, 10_000)).toEqual({ use: 'primary', reason: '只读副本落后 25 秒（feed seq 10，主库 14），超过上限 10 秒' });
	});
});

describe('replicaSummary', () => {
	const base: ReplicaStatus = { configured: true, using: 'replica', reason: null, lagMs: 1250, replicaSeq: '120', primarySeq: '121', inRecovery: true, checkedAt: null, maxLagMs: 10_000, fallbacks: 0 };
	it('says where the heavy reads go and why', () => {
		expect(replicaSummary({ ...base, configured: false, using: 'primary' })).toEqual({ text: '未配置（快照、考核指标与导出在主库读取；设置 DATABASE_REPLICA_URL 启用）', trouble: false });
		expect(replicaSummary(base)).toEqual({ text: '使用中：落后 1.3 秒（feed seq 120，主库 121；上限 10 秒）', trouble: false });
		expect(replicaSummary({ ...base, using: 'primary', reason: '只读副本不可用（x）', fallbacks: 2 })).toEqual({ text: '未使用，已改用主库：只读副本不可用（x）；启动以来 2 次读取改在主库重试', trouble: true });
		expect(replicaSummary({ ...base, inRecovery: false }).trouble).toBe(true);
	});
});
