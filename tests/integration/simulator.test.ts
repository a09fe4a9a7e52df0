import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemoData } from '../../src/lib/server/sim/generate.ts';
import { startSimulator, type SimulatorStats } from '../../src/lib/server/sim/simulator.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('startSimulator', () => {
	let db: TestDatabase;
	let stats: SimulatorStats;
	const errors: Error[] = [];
	let before: { items: number; events: number; maxId: number };
	const counts = async () =>
		(
			await db.sql<{ items: number; events: number; outbox: number; maxId: number }[]>`
				select (select count(*) from petition_item)::int as items, (select count(*) from petition_event)::int as events,
				       (select count(*) from outbox)::int as outbox, (select max(id) from petition_item)::int as "maxId"`
		)[0];

	beforeAll(async () => {
		db = await createTestDatabase();
		await generateDemoData(db.sql, { items: 3000, seed: 'simulator-test' });
		before = await counts();
		const started = Date.now();
		const simulator = startSimulator(db.sql, { ratePerMinute: 3000, seed: 'simulator-test-live', onError: (e) => errors.push(e) });
		await sleep(2000);
		await simulator.stop();
		stats = simulator.stats();
		expect(Date.now() - started).toBeLessThan(10_000);
	});
	afterAll(async () => {
		await db?.drop();
	});

	it('inserts new items and advances open ones without errors', () => {
		expect(errors).toEqual([]);
		expect(stats.inserted).toBeGreaterThan(10);
		expect(stats.advanced).toBeGreaterThan(5);
		// about 60 / 40 at 50 actions a second for 2 s (Poisson, so loosely)
		expect(stats.inserted + stats.advanced + stats.idle).toBeGreaterThan(50);
		expect(stats.inserted + stats.advanced + stats.idle).toBeLessThan(200);
	});

	it('writes items, events and one outbox row per change, all under 370000', async () => {
		const after = await counts();
		expect(after.items - before.items).toBe(stats.inserted);
		expect(after.events - before.events).toBe(stats.inserted + stats.advanced);
		const outbox = await db.sql<{ op: string; n: number; shandong: number }[]>`
			select op, count(*)::int as n, count(*) filter (where region_path[1] = '370000' and entity = 'petition_item')::int as shandong
			  from outbox group by op order by op`;
		expect(outbox).toEqual([
			{ op: 'insert', n: stats.inserted, shandong: stats.inserted },
			{ op: 'update', n: stats.advanced, shandong: stats.advanced }
		]);
		const fresh = await db.sql<{ serial: string; status: string; region: string; recent: boolean }[]>`
			select serial, status, region, received_at > now() - interval '1 minute' as recent from petition_item where id > ${before.maxId}`;
		for (const item of fresh) {
			expect(item.serial.startsWith(`${item.region}-`)).toBe(true);
			expect(item.recent).toBe(true);
		}
		const steps = await db.sql<{ from: string | null; to: string }[]>`
			select e.from_status as from, e.to_status as to from petition_event e
			 where e.id > (select max(id) from petition_event) - ${stats.inserted + stats.advanced} and e.from_status is not null`;
		expect(steps.length).toBe(stats.advanced);
		// the steps went through the lifecycle service: a live conclusion carries its 意见 text, a live route its acceptance due date,
		// a live 诉访分离 is of a 申诉求决类 item with its track, diverted_at and the reason in the event's note
		const [unwritten] = await db.sql<{ n: number }[]>`
			select count(*)::int as n from petition_event e join petition_item i on i.id = e.item_id
			 where e.id > (select max(id) from petition_event) - ${stats.inserted + stats.advanced}
			   and ((e.to_status = 'concluded' and e.from_status <> 'concluded' and i.decision_text is null)
			     or (e.to_status = 'routed' and i.accept_due is null)
			     or (e.to_status = 'diverted' and (i.type <> 'appeal' or i.track = 'petition' or i.diverted_at is null or e.note not like '诉访分离：导入%（%）')))`;
		expect(unwritten.n).toBe(0);
	});

	it('writes nothing more once stopped', async () => {
		const stopped = await counts();
		await sleep(500);
		expect(await counts()).toEqual(stopped);
	});
});
