import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/access.ts';
import { addDays, localDate } from '../../src/lib/domain/deadlines.ts';
import { loadClockConfig } from '../../src/lib/server/clocks/config.ts';
import { rateInputsProgress, rebuildRateInputsChunk } from '../../src/lib/server/feed/rate-inputs-build.ts';
import { rateRollupDifferences, rebuildRateInputs, requestRateInputsRebuild } from '../../src/lib/server/feed/rate-inputs.ts';
import { runPendingRebuild } from '../../src/lib/server/feed/rebuild.ts';
import { stampBatch } from '../../src/lib/server/feed/stamp.ts';
import { applyTransition, type ServiceActor } from '../../src/lib/server/lifecycle/index.ts';
import { generateDemoData } from '../../src/lib/server/sim/generate.ts';
import { rateItems, ratesFromRollups, ratesReport } from '../../src/lib/server/work/rates.ts';
import { shortenConclusion } from '../support/rules.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const supervisor: Principal = { userId: 0, username: 't', role: 'supervisor', scope: '370000', unitId: null };

/** The rate inputs rebuilt a chunk at a time after a rules change, the live feed flowing between chunks (migration 0163). */
describe('the rate inputs rebuilt in chunks', () => {
	let db: TestDatabase;

	beforeAll(async () => {
		db = await createTestDatabase();
		await generateDemoData(db.sql, { items: 2000, seed: 'rate-inputs-chunks', months: 14 });
	}, 180_000);
	afterAll(async () => db?.drop());

	const drain = async () => {
		while ((await stampBatch(db.sql, 1000)).length > 0);
	};
	const lastSeq = async () => Number((await db.sql<{ seq: string }[]>`select last_seq::text as seq from feed_state`)[0].seq);
	/** A new rules version with a shorter conclusion limit: most on-time judgements change. */
	/** Everything the build writes, in a fixed order (a cell moved to zero and back is no difference). */
	const built = async () => ({
		inputs: await db.sql`select * from rate_input order by item_id`,
		days: await db.sql`select * from rollup_rate where (received, concluded, accept_due, conclude_due) <> (0, 0, 0, 0) order by day, region, unit_id`,
		months: await db.sql`select * from rollup_rate_month where (received, concluded, accept_due, conclude_due) <> (0, 0, 0, 0) order by month, region, unit_id`
	});

	it('equals a one-shot build, and the changes written meanwhile are relayed before it ends', async () => {
		await shortenConclusion(db.sql, 20);
		expect(await requestRateInputsRebuild(db.sql, await loadClockConfig(db.sql))).toBe(true);
		await drain();
		// writes on items ahead of the chunks and behind them, one at a time, each relayed at once
		const handling = await db.sql<{ id: string; unitId: number; region: string }[]>`
			select i.id::text, i.unit_id as "unitId", u.region from petition_item i join unit u on u.id = i.unit_id
			 where i.status = 'handling' and i.track = 'petition' order by i.id % 7, i.id`;
		expect(handling.length).toBeGreaterThan(20);
		let finished = false;
		const running = runPendingRebuild(db.sql, { chunkDays: 1000, chunkItems: 120 }).finally(() => (finished = true));
		const during: { seq: number; done: number }[] = [];
		let rowByRow = 0;
		const today = localDate(new Date());
		while (!finished && !(await rateInputsProgress(db.sql)).building) await new Promise((r) => setTimeout(r, 10));
		for (const it of handling) {
			if (finished) break;
			const clerk: ServiceActor = { role: 'unit', scope: it.region, unitId: it.unitId, name: '经办' };
			const written = await applyTransition(db.sql, clerk, it.id, 'conclude', { outcome: 'explain', text: '解释说明' });
			expect(written.ok).toBe(true);
			const before = await lastSeq();
			await drain();
			const rates = await ratesFromRollups(db.sql, supervisor, '370000', { from: addDays(today, -30), to: today }, new Date(), await loadClockConfig(db.sql), 'onTimeConclusion');
			// still building after /rates was read: the change was relayed, and /rates read, during the build
			const progress = await rateInputsProgress(db.sql);
			if (progress.building && (await lastSeq()) > before) {
				during.push({ seq: await lastSeq(), done: progress.done });
				if (rates === null) rowByRow++; // row by row until the build is done
			}
		}
		expect(await running).toBe(true);
		// the feed advanced at several points of the build, between its chunks
		expect(during.length).toBeGreaterThanOrEqual(3);
		expect(new Set(during.map((d) => d.done)).size).toBeGreaterThanOrEqual(2);
		expect(rowByRow).toBe(during.length);
		const progress = await rateInputsProgress(db.sql);
		expect(progress).toEqual({ building: false, done: expect.any(Number), total: expect.any(Number) });
		// every item once: a chunk starts after the previous one's last id
		const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from petition_item`;
		expect(progress.done).toBe(n);
		await drain();
		expect(await rateRollupDifferences(db.sql, 5)).toEqual([]);
		const chunked = await built();
		expect(chunked.inputs.length).toBeGreaterThanOrEqual(2000);
		await db.sql.begin((tx) => rebuildRateInputs(tx));
		expect(await built()).toEqual(chunked);
		// and /rates from the rollups is the row-by-row report again
		const config = await loadClockConfig(db.sql);
		const period = { from: addDays(today, -365), to: today };
		const items = await rateItems(db.sql, supervisor, '370000', period);
		expect(await ratesFromRollups(db.sql, supervisor, '370000', period, new Date(), config, 'onTimeConclusion')).toEqual({
			...ratesReport(items, period, new Date(), config, 'onTimeConclusion'),
			items: items.length
		});
	}, 240_000);

	it('is carried on from where it got to by another node', async () => {
		await shortenConclusion(db.sql, 5);
		expect(await requestRateInputsRebuild(db.sql, await loadClockConfig(db.sql))).toBe(true);
		await drain();
		// this node stops after its third chunk of items (the days come first, in one chunk)
		let asked = 0;
		expect(await runPendingRebuild(db.sql, { chunkDays: 1000, chunkItems: 200, stopped: () => ++asked > 4 })).toBe(true);
		const stopped = await rateInputsProgress(db.sql);
		expect(stopped.building).toBe(true);
		expect(stopped.done).toBe(600);
		// a write meanwhile, relayed with the new rules
		const [it] = await db.sql<{ id: string; unitId: number; region: string }[]>`
			select i.id::text, i.unit_id as "unitId", u.region from petition_item i join unit u on u.id = i.unit_id
			 where i.status = 'handling' and i.track = 'petition' order by i.id desc limit 1`;
		const clerk: ServiceActor = { role: 'unit', scope: it.region, unitId: it.unitId, name: '经办' };
		expect((await applyTransition(db.sql, clerk, it.id, 'conclude', { outcome: 'explain', text: '解释说明' })).ok).toBe(true);
		await drain();
		// the node is gone: its claim lapses, and another takes the job from the 601st item on
		await db.sql`update rollup_rebuild set heartbeat_at = now() - interval '2 minutes' where finished_at is null`;
		const chunkedFrom = (await db.sql<{ after: string }[]>`select building_after::text as after from rate_input_state`)[0].after;
		const [{ id600 }] = await db.sql<{ id600: string }[]>`select id::text as id600 from petition_item order by id offset 599 limit 1`;
		expect(chunkedFrom).toBe(id600);
		expect(await runPendingRebuild(db.sql, { chunkDays: 1000, chunkItems: 200 })).toBe(true);
		expect((await rateInputsProgress(db.sql)).building).toBe(false);
		// nothing left to do
		expect((await rebuildRateInputsChunk(db.sql)).finished).toBe(true);
		expect(await rateRollupDifferences(db.sql, 5)).toEqual([]);
		const chunked = await built();
		await db.sql.begin((tx) => rebuildRateInputs(tx));
		expect(await built()).toEqual(chunked);
	}, 240_000);
});
