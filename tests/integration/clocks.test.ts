import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clockCases } from '../../src/lib/domain/clock-cases.fixture.ts';
import type { ItemFacts } from '../../src/lib/domain/clocks.ts';
import { config, facts, t } from '../../src/lib/domain/spec-support.ts';
import { calendarMark, ensureRules, loadClockConfig, type ClockConfig } from '../../src/lib/server/clocks/config.ts';
import { computeLights, startSweeper, storeLights, sweepOnce } from '../../src/lib/server/clocks/sweeper.ts';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { seedRegions, sleep, waitFor } from '../support/fixtures.ts';

let serial = 0;

/** Writes an item's dated facts the way the product stores them (item row, extensions, pauses, appeals). */
async function insertFacts(sql: Sql, f: ItemFacts): Promise<string> {
	const n = String(700_000 + ++serial);
	// the table holds status consistent with the dates (the pure rules tolerate a bare status)
	const status =
		f.status !== 'registered' ? f.status
		: f.track !== 'petition' ? 'diverted'
		: f.closedAt ? 'closed'
		: f.recheck ? 'recheck'
		: f.review ? 'review'
		: f.concludedAt ? 'concluded'
		: f.acceptedAt ? 'handling'
		: f.rejectedAt ? 'rejected'
		: f.routedAt ? 'routed'
		: 'registered';
	const [{ id }] = await sql<{ id: string }[]>`
		insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due, status, track,
		                           routed_at, accepted_at, rejected_at, concluded_at, outcome, replied_at, closed_at, diverted_at)
		values (${`370102-20260101-${n}`}, 'visit', ${f.receivedAt}, '370102', 'labour', 'appeal', '时限用例', '2026-01-16', ${status}, ${f.track},
		        ${f.routedAt}, ${f.acceptedAt}, ${f.rejectedAt ?? null}, ${f.concludedAt}, ${f.concludedAt ? 'explain' : null},
		        ${f.repliedAt ?? null}, ${f.closedAt ?? null}, ${f.divertedAt ?? null})
		returning id::text`;
	for (const e of f.extensions ?? []) await sql`insert into clock_extension (item_id, days, approved_by, at, reason) values (${id}, ${e.days}, ${e.approvedBy}, ${e.at}, ${e.reason})`;
	for (const p of f.pauses ?? []) await sql`insert into clock_pause (item_id, from_at, to_at, reason, by_name) values (${id}, ${p.from}, ${p.to}, ${p.reason}, ${p.by})`;
	for (const kind of ['review', 'recheck'] as const) {
		const a = f[kind];
		if (a?.requestedAt) await sql`insert into appeal (item_id, kind, requested_at, decided_at, replied_at) values (${id}, ${kind}, ${a.requestedAt}, ${a.decidedAt}, ${a.repliedAt ?? null})`;
	}
	return id;
}

const stored = (sql: Sql, id: string) =>
	sql<{ clock: string; due: string | null; light: string; lightAt: Date | null; asap: boolean }[]>`
		select clock, clock_due::text as due, light, case when light_at = '-infinity' then null else light_at end as "lightAt",
		       coalesce(light_at = '-infinity', false) as asap
		  from petition_item where id = ${id}`.then((r) => r[0]);

/** Only the item under test is due for a look (earlier tests' items are parked). */
const parkOthers = (sql: Sql, id: string) => sql`update petition_item set light_at = null where id <> ${id}`;

describe('clocks through the database and the sweeper', () => {
	let db: TestDatabase;

	beforeAll(async () => {
		db = await createTestDatabase();
		await seedRegions(db.sql);
		await ensureRules(db.sql);
	});
	afterAll(async () => db?.drop());

	it('stores the statutory defaults and the holiday calendar as data on first start', async () => {
		const loaded = await loadClockConfig(db.sql);
		expect(loaded.version).toBe(1);
		expect(loaded.rules.limits.conclude.days).toBe(60);
		expect(loaded.calendar.map((y) => y.year)).toEqual(expect.arrayContaining([2025, 2026]));
		await ensureRules(db.sql); // again: nothing changes
		expect((await db.sql`select count(*)::int as n from rule_set`)[0].n).toBe(1);
	});

	it(`gives every hand-computed case (${clockCases.length}) the same clock, due date and light as the pure rules`, async () => {
		const results: { case: string; got: unknown; want: unknown }[] = [];
		for (const row of clockCases) {
			const id = await insertFacts(db.sql, facts(row.item)).catch((error: Error) => {
				throw new Error(`${row.case}: ${error.message}`);
			});
			const cfg: ClockConfig = { ...config(row.rules), version: 1, calendarUpdatedAt: calendarMark(null, 0) };
			await storeLights(db.sql, await computeLights(db.sql, [id], t(row.now), cfg));
			const got = await stored(db.sql, id);
			results.push({ case: row.case, got: { kind: got.clock, due: got.due, light: got.light }, want: { kind: row.kind, due: row.due, light: row.light } });
		}
		expect(results.filter((r) => JSON.stringify(r.got) !== JSON.stringify(r.want))).toEqual([]);
		expect(results.length).toBeGreaterThanOrEqual(60);
	});

	it('turns a light at the minute it changes, with no write, as one feed event (controllable clock)', async () => {
		const cfg = await loadClockConfig(db.sql);
		// received 2026-03-03: routing due 2026-03-18, yellow from 00:00 on 2026-03-13
		const id = await insertFacts(db.sql, facts({ received: '2026-03-03 10:00' }));
		await parkOthers(db.sql, id);
		let now = t('2026-03-12 23:58');
		expect(await sweepOnce(db.sql, now, cfg)).toBeGreaterThanOrEqual(1); // the new item: looked at once
		expect(await stored(db.sql, id)).toMatchObject({ clock: 'route', due: '2026-03-18', light: 'green', lightAt: t('2026-03-13 00:00') });
		const events = () =>
			db.sql<{ light: string; prev: string | null }[]>`
				select payload->>'light' as light, payload->'prev'->>'light' as prev from outbox
				 where entity_id = ${id} order by id`;
		const before = (await events()).length;

		now = t('2026-03-12 23:59:59.999');
		expect(await sweepOnce(db.sql, now, cfg)).toBe(0); // not yet: nothing to look at
		expect((await stored(db.sql, id)).light).toBe('green');

		now = t('2026-03-13 00:00');
		expect(await sweepOnce(db.sql, now, cfg)).toBe(1);
		expect(await stored(db.sql, id)).toMatchObject({ light: 'yellow', lightAt: t('2026-03-18 00:00') });
		expect((await events()).slice(before)).toEqual([{ light: 'yellow', prev: 'green' }]);

		// idempotent: looking again at the same minute changes nothing and writes no event
		await db.sql`update petition_item set light_at = '-infinity' where id = ${id}`;
		expect(await sweepOnce(db.sql, now, cfg)).toBe(1);
		expect((await events()).slice(before)).toHaveLength(1);

		// due today, then red at 24:00 of the last day
		expect(await sweepOnce(db.sql, t('2026-03-18 00:00'), cfg)).toBe(1);
		expect((await stored(db.sql, id)).light).toBe('due_today');
		expect(await sweepOnce(db.sql, t('2026-03-19 00:00'), cfg)).toBe(1);
		expect(await stored(db.sql, id)).toMatchObject({ light: 'red', lightAt: null }); // only a write changes red
		expect((await events()).slice(before).map((e) => e.light)).toEqual(['yellow', 'due_today', 'red']);
	});

	it('a write that moves the clock is looked at again at once (routing ends, acceptance starts)', async () => {
		const cfg = await loadClockConfig(db.sql);
		const id = await insertFacts(db.sql, facts({ received: '2026-03-03 10:00' }));
		await parkOthers(db.sql, id);
		await sweepOnce(db.sql, t('2026-03-10 12:00'), cfg);
		await db.sql`update petition_item set status = 'routed', routed_at = ${t('2026-03-10 11:00')} where id = ${id}`;
		expect((await stored(db.sql, id)).asap).toBe(true);
		await sweepOnce(db.sql, t('2026-03-10 12:00'), cfg);
		expect(await stored(db.sql, id)).toMatchObject({ clock: 'accept', due: '2026-03-25', light: 'green' });
		// an approved extension or a pause is a write too
		await db.sql`insert into clock_pause (item_id, from_at, reason, by_name) values (${id}, ${t('2026-03-11 09:00')}, '听证', '复核机关')`;
		expect((await stored(db.sql, id)).asap).toBe(true);
	});

	it('lights items arriving fast in short passes, not in one burst a second', async () => {
		const sweeper = startSweeper(db.sql, { intervalMs: 1000, busyIntervalMs: 50, busyPerSecond: 50 });
		try {
			// about 100 new items a second for 2 s; changed_at is stamped at the insert and again when the light is set
			const ids: string[] = [];
			const start = Date.now();
			while (Date.now() - start < 2000) {
				ids.push(await insertFacts(db.sql, facts({ received: '2026-03-03 10:00' })));
				await sleep(10);
			}
			const inserted = new Map((await db.sql<{ id: string; at: Date }[]>`select id::text, changed_at as at from petition_item where id = any(${ids}::bigint[])`).map((r) => [r.id, r.at.getTime()]));
			await waitFor(async () => (await db.sql`select 1 from petition_item where id = any(${ids}::bigint[]) and light <> 'none'`).length === ids.length, 'every item lit', 10_000);
			const lit = await db.sql<{ id: string; at: Date }[]>`select id::text, changed_at as at from petition_item where id = any(${ids}::bigint[])`;
			// the second half arrived while the sweeper was in short passes: lit within a fraction of the
			// second it rests when quiet (once a second, these lags would spread evenly up to 1,000 ms)
			const later = new Set(ids.slice(ids.length / 2));
			const lags = lit.filter((r) => later.has(r.id)).map((r) => r.at.getTime() - inserted.get(r.id)!).sort((a, b) => a - b);
			expect(lags.length).toBeGreaterThan(20);
			expect(lags[Math.floor(lags.length * 0.9)]).toBeLessThan(400);
		} finally {
			await sweeper.stop();
		}
	});

	it('runs by itself on a live clock and recomputes every light when the rules change', async () => {
		let clock = t('2026-03-12 23:59:30');
		const id = await insertFacts(db.sql, facts({ received: '2026-03-03 10:00' }));
		const sweeper = startSweeper(db.sql, { now: () => clock, intervalMs: 20, configCheckMs: 100 });
		try {
			await waitFor(async () => (await stored(db.sql, id)).light === 'green', 'first look');
			clock = t('2026-03-13 00:00:01');
			await waitFor(async () => (await stored(db.sql, id)).light === 'yellow', 'yellow at midnight');
			// a locality narrows 临期 to 3 days: the item is green again without any write to it
			const [{ rules }] = await db.sql<{ rules: Record<string, unknown> }[]>`select rules from rule_set where version = 1`;
			await db.sql`insert into rule_set (version, rules, note) values (2, ${db.sql.json({ ...rules, yellowDays: 3 } as never)}, '临期改为 3 天')`;
			await waitFor(async () => (await stored(db.sql, id)).light === 'green', 'recomputed under version 2');
		} finally {
			await sweeper.stop();
		}
	});
});
