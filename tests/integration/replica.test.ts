import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Sql } from '../../src/lib/server/db/connection.ts';
import { createReads, type Reads } from '../../src/lib/server/db/replica.ts';
import { readSince } from '../../src/lib/server/feed/outbox.ts';
import { wallSnapshot } from '../../src/lib/server/screen/wall.ts';
import { advanceItem, insertItem, loadContext } from '../../src/lib/server/sim/live.ts';
import { createRandom } from '../../src/lib/server/sim/random.ts';
import { nextWallSnapshot } from '../../src/lib/screen/apply.ts';
import type { WallSnapshot } from '../../src/lib/screen/wall.ts';
import { relayAll } from '../support/meetings.ts';
import { primaryWithDemo, serverRoot, startReplica, type Cluster } from '../support/pg-cluster.ts';

/**
 * Heavy reads on a real streaming replica (a primary and a pg_basebackup replica of our own, on
 * free loopback ports): the wall's snapshot read there reports the seq it reflects; a replica
 * held back (replay paused) gives an older seq, from which the feed on the primary brings it
 * exactly to the primary's wall, no event skipped; too far behind or down, the reads go to the
 * primary, and come back when it recovers.
 */
const NOW = new Date();
const MAX_LAG_MS = 2500;
let root: { root: string; cleanup: () => void };
let primary: Cluster;
let replica: Cluster;
let sql: Sql;
let standby: Sql;
let reads: Reads;

const onStandby = (db: Sql) => db<{ recovery: boolean }[]>`select pg_is_in_recovery() as recovery`.then(([r]) => r.recovery);
const snapshot = async (db: Sql) => (await wallSnapshot(db, '370000', '370000', NOW)) as WallSnapshot;

async function until<T>(what: string, probe: () => Promise<T | null | false>, ms = 30_000): Promise<T> {
	const end = Date.now() + ms;
	for (;;) {
		const value = await probe().catch(() => null);
		if (value) return value;
		if (Date.now() > end) throw new Error(`等待超时：${what}`);
		await new Promise((r) => setTimeout(r, 200));
	}
}

/** Some live changes on the primary (new items, items moving on), stamped into the feed. */
async function changes(n: number, seed: string): Promise<void> {
	const rng = createRandom(seed);
	const ctx = await loadContext(sql, rng);
	for (let i = 0; i < n; i++) {
		if (i % 2) await advanceItem(sql, ctx, rng, new Date());
		else await insertItem(sql, ctx, rng, new Date());
	}
	await relayAll(sql);
}

const seqOf = async (db: Sql) => (await db<{ seq: bigint }[]>`select last_seq as seq from feed_state`)[0].seq;

beforeAll(async () => {
	root = serverRoot();
	({ primary, sql } = await primaryWithDemo(root.root, { items: 800, seed: 'replica' }));
	await relayAll(sql);
	replica = await startReplica(root.root, primary);
	standby = connect(replica.url('liaowang'), { max: 2 });
	reads = createReads(sql, { replicaUrl: replica.url('liaowang'), maxLagMs: MAX_LAG_MS, checkMs: 0 });
}, 240_000);

afterAll(async () => {
	await reads?.close();
	await standby?.end({ timeout: 2 });
	await sql?.end({ timeout: 2 });
	for (const c of [replica, primary]) {
		try {
			c?.stop('immediate');
		} catch {
			// already stopped
		}
	}
	root?.cleanup();
});

describe('heavy reads on a streaming replica', () => {
	it('reads the wall on the replica once it keeps up, the same wall as the primary at the same seq', async () => {
		expect(reads.status()).toMatchObject({ configured: true, using: 'primary' }); // not yet checked
		await until('副本追上主库', async () => (await seqOf(standby)) === (await seqOf(sql)));
		expect(await reads.check()).toMatchObject({ using: 'replica', reason: null, inRecovery: true });
		const [where, wall] = await reads.read(async (db) => [await onStandby(db), await snapshot(db)] as const);
		expect(where).toBe(true);
		expect(wall).toEqual(await snapshot(sql));
	});

	it('a replica held back gives an older seq; the feed from there on the primary brings it to the primary wall, nothing skipped', async () => {
		await standby`select pg_wal_replay_pause()`;
		const before = await seqOf(sql);
		await changes(40, 'replica-lag');
		const after = await seqOf(sql);
		expect(after).toBeGreaterThan(before);

		// still within the lag allowed: the read goes to the replica, which says where it is
		expect(await reads.check()).toMatchObject({ using: 'replica' });
		const [where, stale] = await reads.read(async (db) => [await onStandby(db), await snapshot(db)] as const);
		expect(where).toBe(true);
		expect(BigInt(stale.seq)).toBe(before);

		// the screen resumes from the snapshot's own seq on the primary: every event after it, in order, none missing
		const frame = (await readSince(sql, stale.seq, '370000'))!;
		expect(frame.events.map((e) => e.seq)).toEqual(Array.from({ length: Number(after - before) }, (_, i) => stale.seq + 1 + i));
		const caughtUp = nextWallSnapshot(stale, frame.events).snapshot;
		const fresh = await snapshot(sql);
		expect(caughtUp.seq).toBe(fresh.seq);
		for (const slice of ['periods', 'todayByArea', 'monthByArea', 'groupsByArea', 'skipByArea', 'trend', 'lights', 'lightsByArea'] as const)
			expect(caughtUp[slice], slice).toEqual(fresh[slice]);
	}, 60_000);

	it('too far behind: reads go to the primary, /admin/status says why; back on the replica once it catches up', async () => {
		await until('副本落后超过上限', async () => (await reads.check()).using === 'primary', 15_000);
		const status = reads.status();
		expect(status.reason).toMatch(/^只读副本落后 \d+ 秒（feed seq \d+，主库 \d+），超过上限 3 秒$/);
		const [where, wall] = await reads.read(async (db) => [await onStandby(db), await snapshot(db)] as const);
		expect(where).toBe(false);
		expect(BigInt(wall.seq)).toBe(await seqOf(sql));

		await standby`select pg_wal_replay_resume()`;
		await until('副本恢复使用', async () => (await reads.check()).using === 'replica');
		expect(reads.status().lagMs).toBeLessThanOrEqual(MAX_LAG_MS);
	}, 60_000);

	it('down: a read that fails on it is answered by the primary at once, and reads stay there until it is back', async () => {
		expect(reads.status().using).toBe('replica');
		replica.stop('immediate');
		const started = Date.now();
		const wall = await reads.read((db) => snapshot(db)); // tried on the replica, failed, answered by the primary
		expect(BigInt(wall.seq)).toBe(await seqOf(sql));
		expect(reads.status().fallbacks).toBe(1);
		await until('副本标记为不可用', async () => (await reads.check()).using === 'primary');
		expect(reads.status().reason).toMatch(/^只读副本不可用（/);
		expect(await reads.read((db) => onStandby(db))).toBe(false);
		expect(Date.now() - started).toBeLessThan(20_000);

		replica.start();
		await until('副本重新可用', async () => (await reads.check()).using === 'replica', 60_000);
		expect(await reads.read((db) => onStandby(db))).toBe(true);
	}, 120_000);
});
