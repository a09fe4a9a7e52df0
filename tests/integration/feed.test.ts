import { wallSnapshot } from '../../src/lib/server/screen/wall.ts';
import { BASE_TABLE } from '../../src/lib/server/screen/wall-volume.ts';
import type { WallSnapshot } from '../../src/lib/screen/wall.ts';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FeedEvent } from '../../src/lib/feed/protocol.ts';
import { readSince } from '../../src/lib/server/feed/outbox.ts';
import { RELAY_LOCK, startRelay, type Relay } from '../../src/lib/server/feed/relay.ts';
import { rollupDifferences } from '../../src/lib/server/feed/rollups.ts';
import { pruneOutbox } from '../../src/lib/server/feed/retention.ts';
import { connect } from '../../src/lib/server/db/connection.ts';
import { commitDropper } from '../support/commit-dropper.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { insertItem, seedRegions, sleep, waitFor } from '../support/fixtures.ts';

describe('change feed', () => {
	let db: TestDatabase;
	let relay: Relay | null = null;
	let received: FeedEvent[] = [];

	beforeAll(async () => {
		db = await createTestDatabase();
		await seedRegions(db.sql);
	});
	afterAll(async () => {
		await relay?.stop();
		await db?.drop();
	});
	beforeEach(async () => {
		await relay?.stop();
		received = [];
		relay = startRelay(db.sql, { lockUrl: db.url, onEvents: (events) => received.push(...events), intervalMs: 5 });
	});

	const lastSeq = async () => Number((await db.sql`select last_seq from feed_state`)[0].last_seq);

	function expectContiguous(events: FeedEvent[]) {
		for (let i = 1; i < events.length; i++) expect(events[i].seq).toBe(events[i - 1].seq + 1);
	}

	it('never skips a transaction that commits after a later one (seq is commit order)', async () => {
		const start = await lastSeq();
		const slow = await db.sql.reserve();
		await slow`begin`;
		const [{ id: slowId }] = await slow<{ id: bigint }[]>`
			insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due)
			values ('370102-20261123-900001', 'visit', now(), '370102', 'land', 'appeal', '征地补偿', current_date + 15)
			returning id`;
		const fastId = await insertItem(db.sql); // written later, committed first
		await waitFor(() => received.some((e) => e.entityId === String(fastId)), 'fast item relayed');
		await sleep(100); // the relay keeps polling while the slow transaction is open
		expect(received.some((e) => e.entityId === String(slowId))).toBe(false);
		await slow`commit`;
		slow.release();
		await waitFor(() => received.some((e) => e.entityId === String(slowId)), 'slow item relayed');
		const fast = received.find((e) => e.entityId === String(fastId))!;
		const late = received.find((e) => e.entityId === String(slowId))!;
		expect(late.seq).toBeGreaterThan(fast.seq);
		expect(received[0].seq).toBe(start + 1);
		expectContiguous(received);
	});

	it('delivers every change of concurrent writers exactly once, in order, and rollups stay exact', async () => {
		const writers = 8;
		const perWriter = 60;
		const ids: bigint[] = [];
		await Promise.all(
			Array.from({ length: writers }, async (_, w) => {
				for (let i = 0; i < perWriter; i++) {
					await db.sql.begin(async (tx) => {
						const [{ id }] = await tx<{ id: bigint }[]>`
							insert into petition_item (serial, channel, received_at, region, category, type, summary, headcount, route_due)
							values (${`37020${w % 2 ? 2 : 2}-20261123-${String(w * 1000 + i).padStart(6, '0')}`}, 'online', now() - ${`${i} hours`}::interval,
							        ${w % 2 ? '370202' : '370103'}, 'housing', 'complaint', '物业纠纷', ${1 + (i % 7)}, current_date + 15)
							returning id`;
						ids.push(id);
						if (i % 3 === 0) await tx`update petition_item set status = 'routed', routed_at = received_at where id = ${id}`;
						if (i % 5 === 0) await sleep(Math.random() * 10); // hold the transaction open a little
					});
				}
			})
		);
		const expected = writers * perWriter + Math.ceil(perWriter / 3) * writers;
		await waitFor(() => received.length >= expected, `all ${expected} changes relayed`, 20_000);
		await sleep(100);
		expect(received.length).toBe(expected);
		expectContiguous(received);
		expect(new Set(received.map((e) => e.seq)).size).toBe(received.length);
		const inserted = new Set(received.filter((e) => e.op === 'insert').map((e) => e.entityId));
		expect(inserted).toEqual(new Set(ids.map(String)));
		expect(await rollupDifferences(db.sql)).toEqual([]);
		expect(await lastSeq()).toBe(received[received.length - 1].seq);
	});

	it('moves an item between days and regions in the rollups on update and delete', async () => {
		const id = await insertItem(db.sql, { region: '370102', headcount: 6 });
		await db.sql`update petition_item set region = '370202', received_at = received_at - interval '3 days' where id = ${id}`;
		await waitFor(() => received.filter((e) => e.entityId === String(id)).length === 2, 'update relayed');
		expect(await rollupDifferences(db.sql)).toEqual([]);
		await db.sql`delete from petition_item where id = ${id}`;
		await waitFor(() => received.filter((e) => e.entityId === String(id)).length === 3, 'delete relayed');
		expect(await rollupDifferences(db.sql)).toEqual([]);
	});

	it('keeps every rollup (daily with escalation, current state by unit) equal to GROUP BY through a mixed run', async () => {
		const [{ id: unit }] = await db.sql<{ id: number }[]>`
			insert into unit (name, region, kind, sector) values ('历下区人社局', '370102', 'government', '人社') returning id`;
		const ids: bigint[] = [];
		for (let i = 0; i < 40; i++) ids.push(await insertItem(db.sql, { region: i % 3 ? '370102' : '370202', headcount: 1 + (i % 8), channel: i % 4 ? 'online' : 'visit' }));
		for (const [i, id] of ids.entries()) {
			if (i % 2 === 0) await db.sql`update petition_item set status = 'routed', routed_at = received_at, unit_id = ${unit} where id = ${id}`;
			if (i % 5 === 0) await db.sql`update petition_item set skip_level = true, headcount = headcount + 4 where id = ${id}`;
			if (i % 7 === 0) await db.sql`update petition_item set repeat_of = ${ids[0]} where id = ${id} and id <> ${ids[0]}`;
			if (i % 9 === 0) await db.sql`update petition_item set region = '370103', category = 'housing' where id = ${id}`;
		}
		for (const id of ids.filter((_, i) => i % 6 === 1)) await db.sql`delete from petition_item where id = ${id}`;
		// every change above has reached the relay once the last delete has
		const last = ids.filter((_, i) => i % 6 === 1).at(-1)!;
		await waitFor(() => received.some((e) => e.entityId === String(last) && e.op === 'delete'), 'mixed run relayed');
		expect(await rollupDifferences(db.sql)).toEqual([]);
		const [state] = await db.sql<{ routed: number; skip: number; group: number }[]>`
			select (select sum(items) from rollup_state where unit_id = ${unit} and status = 'routed')::int as routed,
			       (select sum(skip_level) from rollup_daily)::int as skip,
			       (select sum(group_batches) from rollup_daily)::int as group`;
		expect(state.routed).toBeGreaterThan(0);
		expect(state.skip).toBeGreaterThan(0);
		expect(state.group).toBeGreaterThan(0);
		// the wall asks the rollups exactly what it would ask the base table
		for (const adcode of ['370000', '370100', '370102']) {
			const fromRollups = await wallSnapshot(db.sql, '370000', adcode);
			expect(fromRollups).toEqual(await wallSnapshot(db.sql, '370000', adcode, new Date(), BASE_TABLE));
			if (adcode === '370000') expect((fromRollups as WallSnapshot).periods.today.items).toBeGreaterThan(0);
		}
	});

	it('the check reports a rollup that drifted from the base table', async () => {
		await insertItem(db.sql, { region: '370103' });
		await waitFor(async () => (await rollupDifferences(db.sql)).length === 0, 'relayed');
		await db.sql`update rollup_state set items = items + 1 where region = '370103' and status = 'registered'`;
		const differences = await rollupDifferences(db.sql);
		expect(differences).toHaveLength(1);
		expect(differences[0]).toMatchObject({ rollup: 'state', key: '370103 0 registered none' });
		await db.sql`update rollup_state set items = items - 1 where region = '370103' and status = 'registered'`;
	});

	it('replays exactly the missed events of a region after a given seq, or asks for a snapshot', async () => {
		const since = await lastSeq();
		const a = await insertItem(db.sql, { region: '370102' });
		const b = await insertItem(db.sql, { region: '370202' });
		const c = await insertItem(db.sql, { region: '370103' });
		await waitFor(() => received.filter((e) => [a, b, c].map(String).includes(e.entityId)).length === 3, 'relayed');
		const jinan = await readSince(db.sql, since, '370100');
		expect(jinan!.events.map((e) => e.entityId)).toEqual([String(a), String(c)]);
		expect(jinan!.upTo).toBeGreaterThanOrEqual(since + 3);
		const province = await readSince(db.sql, since, '370000');
		expect(province!.events.map((e) => e.entityId)).toEqual([String(a), String(b), String(c)]);
		// bounded (a net frame's end): up to there and no further
		const bSeq = province!.events[1].seq;
		expect(await readSince(db.sql, since, '370000', undefined, bSeq)).toEqual({ from: since, upTo: bSeq, events: province!.events.slice(0, 2) });
		// a gap larger than the limit comes in pages that together are the whole gap
		const pages = [];
		for (let from = 0, i = 0; i < 1000; i++) {
			const page = (await readSince(db.sql, from, '370000', 5))!;
			pages.push(...page.events.map((e) => e.seq));
			if (page.events.length < 5) break;
			expect(page.upTo).toBe(page.events[4].seq);
			from = page.upTo;
		}
		const all = (await db.sql<{ seq: string }[]>`select seq::text from outbox o where seq is not null and '370000' = any(region_path) order by o.seq`).map((r) => Number(r.seq));
		expect(pages).toEqual(all);
		expect((await readSince(db.sql, province!.upTo, '370000'))!.events).toEqual([]);
	});

	it('prunes only relayed changes older than the retention window, and resume then asks for a snapshot', async () => {
		const before = await lastSeq();
		await insertItem(db.sql);
		await waitFor(async () => (await lastSeq()) > before, 'relayed');
		await relay!.stop(); // keep the next row pending
		relay = null;
		await insertItem(db.sql);
		await db.sql`update outbox set created_at = created_at - interval '40 days'`;
		const [{ pending }] = await db.sql`select count(*)::int as pending from outbox where seq is null`;
		const pruned = await pruneOutbox(db.sql, { keepDays: 30, batch: 7 });
		const [{ left, stillPending }] = await db.sql`
			select count(*) filter (where seq is not null)::int as left, count(*) filter (where seq is null)::int as "stillPending" from outbox`;
		expect(pruned).toBeGreaterThan(7); // several batches
		expect(left).toBe(0);
		expect(stillPending).toBe(pending);
		expect(await readSince(db.sql, 1, '370000')).toBeNull(); // the gap is gone: take a snapshot
	});

	it('polls without locking or writing while nothing is pending', async () => {
		const id = await insertItem(db.sql);
		await waitFor(() => received.some((e) => e.entityId === String(id)), 'relayed');
		// a locking poll would stamp its transaction id on the feed_state row every few ms
		const xmax = async () => (await db.sql<{ xmax: string }[]>`select xmax::text from feed_state`)[0].xmax;
		const before = await xmax();
		await sleep(200); // some 40 polls at 5 ms
		expect(await xmax()).toBe(before);
		const next = await insertItem(db.sql);
		await waitFor(() => received.some((e) => e.entityId === String(next)), 'still relays');
	});

	it('hands the relay to another node when the leader stops', async () => {
		await waitFor(() => relay!.status().leader, 'first relay leads');
		const second: FeedEvent[] = [];
		const standby = startRelay(db.sql, { lockUrl: db.url, onEvents: (events) => second.push(...events), intervalMs: 5 });
		try {
			await sleep(300);
			expect(relay!.status().leader).toBe(true);
			expect(standby.status().leader).toBe(false);
			await relay!.stop();
			relay = null;
			const id = await insertItem(db.sql);
			await waitFor(() => second.some((e) => e.entityId === String(id)), 'standby took over', 10_000);
			expect(standby.status().leader).toBe(true);
		} finally {
			await standby.stop();
		}
	});

	it('fences off a relay whose lock session died: it stamps nothing once another has taken over', async () => {
		await waitFor(() => relay!.status().leader, 'first relay leads');
		const second: FeedEvent[] = [];
		let takeover = -1;
		const standby = startRelay(db.sql, { lockUrl: db.url, onEvents: (events) => second.push(...events), onLeader: (seq) => (takeover = seq), intervalMs: 5 });
		try {
			// writers keep going while the leader's lock session is killed under it
			let writing = true;
			const writer = (async () => {
				while (writing) {
					await insertItem(db.sql);
					await sleep(5);
				}
			})();
			await sleep(200);
			await db.sql`select pg_terminate_backend(l.pid) from pg_locks l
			              where l.locktype = 'advisory' and l.objid = ${RELAY_LOCK} and l.granted
			                and l.database = (select oid from pg_database where datname = current_database())`;
			await waitFor(() => standby.status().leader, 'standby took over', 10_000);
			await sleep(500);
			writing = false;
			await writer;
			await waitFor(async () => second.length > 0 && second.at(-1)!.seq === (await lastSeq()), 'standby caught up');
			// the old leader's last batch ends at or before the takeover; nothing after it is its
			const stale = received.filter((e) => e.seq > takeover);
			expect(stale).toEqual([]);
			expect(second[0].seq).toBe(takeover + 1);
			expect(relay!.status().leader).toBe(false);
		} finally {
			await standby.stop();
		}
	});
	it('hands on a batch whose COMMIT went through while its answer was lost (the connection broke): no seq is missing', async () => {
		await relay?.stop();
		relay = null;
		const proxy = await commitDropper(db.url);
		const through = connect(proxy.url, { max: 2, appName: 'liaowang-test-dropped-commit' });
		const events: FeedEvent[] = [];
		const logs: string[] = [];
		let from = -1;
		const flaky = startRelay(through, { lockUrl: db.url, onEvents: (batch) => events.push(...batch), onLeader: (seq) => (from = seq), log: (line) => logs.push(line), intervalMs: 5 });
		try {
			await waitFor(() => flaky.status().leader, 'the relay leads');
			proxy.arm();
			for (let i = 0; i < 3; i++) await insertItem(db.sql);
			await waitFor(() => proxy.dropped() > 0, 'a COMMIT answered into a broken connection', 10_000);
			for (let i = 0; i < 3; i++) await insertItem(db.sql);
			await waitFor(async () => events.at(-1)?.seq === (await lastSeq()), 'the relay caught up', 10_000);
			const end = await lastSeq();
			expect(events.map((e) => e.seq)).toEqual(Array.from({ length: end - from }, (_, i) => from + 1 + i));
			expect(logs.some((line) => line.includes('中继批次失败'))).toBe(true);
			expect(logs.some((line) => line.includes('现补发'))).toBe(true);
		} finally {
			await flaky.stop();
			await through.end({ timeout: 1 });
			await proxy.close();
		}
	});
});
