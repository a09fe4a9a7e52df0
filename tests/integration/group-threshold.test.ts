import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClockConfig } from '../../src/lib/server/clocks/config.ts';
import { stampBatch } from '../../src/lib/server/feed/stamp.ts';
import { rebuildRollups, rollupDifferences } from '../../src/lib/server/feed/rollups.ts';
import { latestRebuild, requestRebuild, runPendingRebuild } from '../../src/lib/server/feed/rebuild.ts';
import { wallSnapshot } from '../../src/lib/server/screen/wall.ts';
import { generateDemoData } from '../../src/lib/server/sim/generate.ts';
import { queueCounts } from '../../src/lib/server/work/queues.ts';
import type { WallSnapshot } from '../../src/lib/screen/wall.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const now = new Date('2026-03-15T10:00:00+08:00');
const leader = { userId: 0, username: 't', role: 'leader' as const, scope: '370000', unitId: null };
const noFilters = { region: null, unitId: null, category: null, channel: null, q: null };

/** One rule, one home: the group threshold moves the wall, /work and the rollups together. */
describe('group threshold from the rules everywhere', () => {
	let db: TestDatabase;

	beforeAll(async () => {
		db = await createTestDatabase();
		await generateDemoData(db.sql, { items: 2000, seed: 'groups', now, months: 3 });
		// a few more mid-sized groups, so that 5 and 10 disagree on them (bulk load: rollups rebuilt below)
		await db.sql.begin(async (tx) => {
			await tx`set local liaowang.bulk_load = 'on'`;
			await tx`update petition_item set headcount = 5 + id % 5 where id % 23 = 0`;
			await rebuildRollups(tx);
		});
	}, 120_000);
	afterAll(async () => db?.drop());

	/** Saves a rules version with the threshold, as /admin/rules does (with its rebuild request). */
	async function setThreshold(threshold: number) {
		await db.sql.begin(async (tx) => {
			const [{ version, rules }] = await tx<{ version: number; rules: Record<string, unknown> }[]>`select version, rules from rule_set order by version desc limit 1`;
			await tx`insert into rule_set (version, rules, note) values (${version + 1}, ${tx.json({ ...rules, groupThreshold: threshold } as never)}, '群体访人数')`;
			await requestRebuild(tx as never, `群体访人数 → ${threshold}`, version + 1, null);
		});
	}

	async function truth(threshold: number, from: string, to: string) {
		const [row] = await db.sql<{ batches: number; persons: number }[]>`
			select count(*) filter (where headcount >= ${threshold})::int as batches, coalesce(sum(headcount) filter (where headcount >= ${threshold}), 0)::int as persons
			  from petition_item where (received_at at time zone 'Asia/Shanghai')::date between ${from}::date and ${to}::date`;
		return row;
	}

	async function compare(threshold: number) {
		const wall = (await wallSnapshot(db.sql, '370000', '370000', now)) as WallSnapshot;
		const config = await loadClockConfig(db.sql);
		expect([wall.groupThreshold, config.rules.groupThreshold]).toEqual([threshold, threshold]);
		for (const [key, bucket] of Object.entries(wall.periods)) {
			expect({ key, batches: bucket.groupBatches, persons: bucket.groupPersons }).toEqual({ key, ...(await truth(threshold, bucket.from, bucket.to)) });
		}
		const work = await queueCounts(db.sql, leader, noFilters, config, now);
		const [open] = await db.sql<{ n: number }[]>`
			select count(*)::int as n from petition_item where headcount >= ${threshold} and concluded_at is null and track = 'petition'`;
		expect(work.group).toBe(open.n);
		expect(await rollupDifferences(db.sql, 5)).toEqual([]);
		return { month: wall.periods.month.groupBatches, open: work.group };
	}

	it('at 5, then 10, then 5 again: wall snapshot, /work and GROUP BY agree each time', async () => {
		const at5 = await compare(5);

		await setThreshold(10);
		// a change relayed after the rule is saved but before the rebuild: counted with the new threshold
		await db.sql`insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due, status, headcount)
		             values ('370102-20260315-990001', 'visit', ${now}, '370102', 'labour', 'appeal', '七人来访', '2026-03-30', 'registered', 7)`;
		while ((await stampBatch(db.sql, 1000)).length > 0);
		expect(await runPendingRebuild(db.sql, { chunkDays: 20 })).toBe(true);
		const job = await latestRebuild(db.sql);
		expect(job).toMatchObject({ daysDone: job!.daysTotal, error: null });
		expect(job!.finishedAt).not.toBeNull();
		const at10 = await compare(10);
		expect(at10.month).toBeLessThan(at5.month);
		expect(at10.open).toBeLessThan(at5.open);
		// the walls are told to read afresh
		const [told] = await db.sql<{ n: number }[]>`select count(*)::int as n from outbox where topic = 'rules'`;
		expect(told.n).toBe(1);

		await setThreshold(5);
		expect(await runPendingRebuild(db.sql, { chunkDays: 45 })).toBe(true);
		const back = await compare(5);
		expect(back.month).toBe(at5.month + 1); // the seven-person visit is a group again
		expect(await runPendingRebuild(db.sql)).toBe(false); // nothing left to do
	}, 60_000);

	it('waits for the relay: a change not yet stamped holds the rebuild back rather than counting twice', async () => {
		await setThreshold(6);
		await db.sql`insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due, status, headcount)
		             values ('370102-20260315-990002', 'visit', ${now}, '370102', 'labour', 'appeal', '六人来访', '2026-03-30', 'registered', 6)`;
		const running = runPendingRebuild(db.sql, { chunkDays: 30 });
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect((await latestRebuild(db.sql))?.finishedAt).toBeNull();
		while ((await stampBatch(db.sql, 1000)).length > 0);
		expect(await running).toBe(true);
		await compare(6);
	}, 60_000);
});
