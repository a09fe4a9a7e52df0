import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedCursor } from '../../src/lib/feed/cursor.ts';
import type { FeedFrame, FeedTick } from '../../src/lib/feed/protocol.ts';
import { applyNet } from '../../src/lib/screen/apply.ts';
import type { WallSnapshot } from '../../src/lib/screen/wall.ts';
import { loadClockConfig } from '../../src/lib/server/clocks/config.ts';
import { sweepOnce } from '../../src/lib/server/clocks/sweeper.ts';
import { createFeedHub, type FeedHub, type Region } from '../../src/lib/server/feed/hub.ts';
import { memoryRecent } from '../../src/lib/server/feed/recent.ts';
import { startRelay, type Relay } from '../../src/lib/server/feed/relay.ts';
import { tickOf } from '../../src/lib/server/feed/publisher.ts';
import { rollupDifferences } from '../../src/lib/server/feed/rollups.ts';
import { wallSnapshot } from '../../src/lib/server/screen/wall.ts';
import { generateDemoData } from '../../src/lib/server/sim/generate.ts';
import { startSimulator } from '../../src/lib/server/sim/simulator.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { sleep, waitFor } from '../support/fixtures.ts';

const ROOMS = ['370000', '370100', '370102'];

/** Zero counts and absent keys are the same figure. */
const counts = (s: WallSnapshot) =>
	JSON.parse(JSON.stringify({ ...s, overdueItems: undefined, overdueUnits: undefined, cases: undefined, rates: undefined, letters: undefined }), (_k, v) =>
		v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter(([, n]) => n !== 0)) : v
	);

/**
 * A day of the feed through the compact path: live changes (new items, their steps, the
 * sweeper's lights as days pass) relayed, folded per room into net frames by the hub, and
 * applied by the wall's reducer onto the snapshot from before — equal, at the same seq, to a
 * fresh snapshot, which reads the rollups that GROUP BY checks.
 */
describe('net frames replay a day exactly', () => {
	let db: TestDatabase;
	let relay: Relay;
	let hub: FeedHub;
	const messages = new Map<string, (FeedFrame | FeedTick)[]>(ROOMS.map((r) => [r, []]));
	const before = new Map<string, WallSnapshot>();
	let bytes = 0;

	beforeAll(async () => {
		db = await createTestDatabase();
		const now = new Date();
		await generateDemoData(db.sql, { items: 2000, seed: 'net-frames', now, months: 2 });
		for (const adcode of ROOMS) before.set(adcode, (await wallSnapshot(db.sql, '370000', adcode, now)) as WallSnapshot);
		const regions = await db.sql<Region[]>`select adcode, level, parent from region`;
		const [rules] = await db.sql<{ at: number }[]>`select group_threshold() as at`;
		hub = createFeedHub({ recent: memoryRecent(), regions, groupThreshold: rules.at });
		hub.subscribe({
			frame(room, frame) {
				messages.get(room.replace('region:', ''))?.push(frame);
				if (room === 'region:370000') bytes += JSON.stringify(frame).length;
			},
			ticks(ticks) {
				for (const [adcode, list] of messages) {
					const tick = tickOf(ticks, `region:${adcode}`);
					if (tick) list.push(tick);
				}
			},
			letter() {},
			endSessions() {},
			socketsByScope: () => new Map(),
			screensEverywhere: async () => []
		});
		relay = startRelay(db.sql, { lockUrl: db.url, onEvents: hub.publish, onLeader: hub.lead, onTick: hub.tick });
		await waitFor(() => relay.status().leader, 'relay leads');

		// the day: new items and their steps at up to 200/s, then the sweeper lighting items as if three days passed
		const simulator = startSimulator(db.sql, { ratePerMinute: 12_000, seed: 'net-frames-live' });
		await sleep(3000);
		await simulator.stop();
		const config = await loadClockConfig(db.sql);
		const later = new Date(now.getTime() + 3 * 86_400_000);
		while ((await sweepOnce(db.sql, later, config, 300)) > 0) await sleep(20);
		const [{ last }] = await db.sql<{ last: string }[]>`select coalesce(max(id), 0)::text as last from outbox`;
		await waitFor(async () => (await db.sql`select 1 from outbox where seq is null limit 1`).length === 0, 'all relayed', 20_000);
		await sleep(400); // the last frames leave within the interval
		expect(Number(last)).toBeGreaterThan(0);
	}, 120_000);
	afterAll(async () => {
		await relay?.stop();
		hub?.stop();
		await db?.drop();
	});

	for (const adcode of ROOMS)
		it(`applying ${adcode}'s frames to its snapshot gives the snapshot at the last frame's seq`, async () => {
			const s = structuredClone(before.get(adcode)!);
			const cursor = new FeedCursor(s.seq);
			let applied = 0;
			for (const message of messages.get(adcode)!) {
				const step = 'at' in message ? cursor.tick(message) : cursor.frame(message);
				expect(step.gap, `frames continue without a gap (at ${cursor.seq})`).toBe(false);
				expect(step.events).toEqual([]);
				for (const frame of step.nets) applyNet(s, frame);
				applied += step.nets.length;
			}
			if (adcode !== '370102') expect(applied).toBeGreaterThan(2); // several frames, not a vacuous check (a county may see nothing in seconds; a loaded machine simulates less)
			const after = (await wallSnapshot(db.sql, '370000', adcode, new Date())) as WallSnapshot;
			expect(after.seq).toBe(relay.status().lastSeq);
			// the wall's seq is its last change; the snapshot's is the feed's position
			expect(s.seq).toBeLessThanOrEqual(after.seq);
			expect(counts({ ...s, seq: after.seq })).toEqual(counts(after));
			expect(counts(after)).not.toEqual(counts(before.get(adcode)!)); // the day changed the figures
			// the overdue list holds red items only, oldest due first (it may be shorter than a fresh read's)
			const red = new Map(after.overdueItems.map((o) => [o.id, o.clockDue]));
			const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from petition_item where light = 'red' and id = any(${s.overdueItems.map((o) => o.id)})`;
			expect(n).toBe(s.overdueItems.length);
			for (const item of s.overdueItems) if (red.has(item.id)) expect(item.clockDue).toBe(red.get(item.id));
			for (const unit of s.overdueUnits) {
				const fresh = after.overdueUnits.find((u) => u.unitId === unit.unitId);
				if (fresh) expect(unit.red).toBe(fresh.red);
			}
		});

	it('keeps the rollups equal to GROUP BY, and the province frames small', async () => {
		expect(await rollupDifferences(db.sql)).toEqual([]);
		const frames = messages.get('370000')!.filter((m): m is FeedFrame => 'upTo' in m && 'events' in m);
		const events = frames.reduce((n, f) => n + (f.net?.n ?? 0), 0);
		expect(events).toBeGreaterThan(150);
		// a few hundred bytes a frame, whatever it folds
		expect(bytes / frames.length).toBeLessThan(4000);
	});
});
