import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/access.ts';
import { isStatutoryHoliday } from '../../src/lib/domain/calendar.ts';
import { addDays, localDate } from '../../src/lib/domain/deadlines.ts';
import type { Period, RateName } from '../../src/lib/domain/rates.ts';
import { loadClockConfig } from '../../src/lib/server/clocks/config.ts';
import { connect } from '../../src/lib/server/db/connection.ts';
import { rateRollupDifferences, rateInputsBuilt, requestRateInputsRebuild } from '../../src/lib/server/feed/rate-inputs.ts';
import { runPendingRebuild } from '../../src/lib/server/feed/rebuild.ts';
import { stampBatch } from '../../src/lib/server/feed/stamp.ts';
import { applyTransition, type ServiceActor } from '../../src/lib/server/lifecycle/index.ts';
import { generateDemoData } from '../../src/lib/server/sim/generate.ts';
import { rateItems, ratesFromRollups, ratesReport } from '../../src/lib/server/work/rates.ts';
import { shortenConclusion } from '../support/rules.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

const supervisor: Principal = { userId: 0, username: 't', role: 'supervisor', scope: '370000', unitId: null };
const office: ServiceActor = { role: 'supervisor', scope: '370000', unitId: null, name: '省信访局 王督查', userId: null, username: 'wang' };

/** /rates from the rate inputs' rollups equals the row-by-row computation (issue 17). */
describe('rates from the rollups', () => {
	let db: TestDatabase;

	beforeAll(async () => {
		db = await createTestDatabase();
		await generateDemoData(db.sql, { items: 3000, seed: 'rates-rollups', months: 14 });
	}, 180_000);
	afterAll(async () => db?.drop());

	const drain = async () => {
		while ((await stampBatch(db.sql, 1000)).length > 0);
	};

	/** Row by row (the reference) and from the rollups, for regions × periods × ranking rates. */
	async function compare(now: Date, user = supervisor, regions = ['370000', '370100', '370102']) {
		const config = await loadClockConfig(db.sql);
		const today = localDate(now);
		const periods: Period[] = [
			{ from: `${today.slice(0, 7)}-01`, to: today }, // this month
			{ from: addDays(today, -365), to: today }, // a year
			{ from: addDays(today, -75), to: addDays(today, -45) }, // a month judged at its end: items read row by row
			{ from: addDays(today, -400), to: addDays(today, -200) } // reaching before the history
		];
		let compared = 0;
		for (const region of regions)
			for (const period of periods)
				for (const by of ['onTimeConclusion', 'timelyAcceptance', 'firstTimeResolution'] as RateName[]) {
					const items = await rateItems(db.sql, user, region, period);
					const reference = { ...ratesReport(items, period, now, config, by), items: items.length };
					const fromRollups = await ratesFromRollups(db.sql, user, region, period, now, config, by);
					expect({ region, period, by, report: fromRollups }).toEqual({ region, period, by, report: reference });
					compared++;
				}
		expect(await rateRollupDifferences(db.sql, 5)).toEqual([]);
		return compared;
	}

	it('after the demo generation', async () => {
		expect(await rateInputsBuilt(db.sql)).not.toBeNull();
		const config = await loadClockConfig(db.sql);
		const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from petition_item`;
		const items = await rateItems(db.sql, supervisor, '370000', { from: addDays(localDate(new Date()), -365), to: localDate(new Date()) });
		expect(items.length).toBeGreaterThan(n / 2);
		// the year's report is not empty: the comparison below compares something
		expect(ratesReport(items, { from: addDays(localDate(new Date()), -365), to: localDate(new Date()) }, new Date(), config, 'onTimeConclusion').byKind.all.onTimeConclusion.denominator).toBeGreaterThan(100);
		expect(await compare(new Date())).toBe(36);
	}, 120_000);

	it('after lifecycle writes relayed: accept, reassign, conclude, evaluate, review, a repeat, an extension', async () => {
		const pick = (status: string, n: number) =>
			db.sql<{ id: string; unitId: number; region: string; serial: string }[]>`
				select i.id::text, i.unit_id as "unitId", u.region, i.serial from petition_item i join unit u on u.id = i.unit_id
				 where i.status = ${status} and i.track = 'petition' order by i.id limit ${n}`;
		const clerk = (it: { unitId: number; region: string }, head = false): ServiceActor => ({ role: 'unit', scope: it.region, unitId: it.unitId, name: '经办', unitHead: head });
		const applied: string[] = [];
		const run = async (label: string, p: ReturnType<typeof applyTransition>) => {
			const r = await p;
			if (r.ok) applied.push(label);
		};
		for (const it of await pick('routed', 4)) await run('accept', applyTransition(db.sql, clerk(it), it.id, 'accept', {}));
		// 改派 to another unit of the same place as the item's unit (属地管理: of the item's place or one above it)
		const otherOf = (it: { unitId: number; region: string }) =>
			db.sql<{ id: number }[]>`select id from unit where region = ${it.region} and id <> ${it.unitId} order by id desc limit 1`.then((r) => r[0]?.id ?? it.unitId);
		for (const it of await pick('routed', 8)) await run('reassign', applyTransition(db.sql, office, it.id, 'reassign', { unitId: await otherOf(it), reason: '职责调整' }));
		for (const it of await pick('accepted', 4)) await run('start', applyTransition(db.sql, clerk(it), it.id, 'start', {}));
		for (const it of await pick('handling', 6)) await run('conclude', applyTransition(db.sql, clerk(it), it.id, 'conclude', { outcome: 'explain', text: '解释说明' }));
		// an extension is approved only before the term runs out (《信访条例》第33条): items still within it
		const extendable = await db.sql<{ id: string; unitId: number; region: string }[]>`
			select i.id::text, i.unit_id as "unitId", u.region from petition_item i join unit u on u.id = i.unit_id join rate_input r on r.item_id = i.id
			 where i.status = 'handling' and i.track = 'petition' and i.extended_days = 0 and r.conclude_open_due > now()::date + 3 order by i.id limit 3`;
		expect(extendable.length).toBe(3);
		for (const it of extendable) {
			await run('extend-request', applyTransition(db.sql, clerk(it), it.id, 'extend-request', { days: 10, reason: '涉及多个部门' }));
			await run('extend-approve', applyTransition(db.sql, clerk(it, true), it.id, 'extend-approve', {}));
		}
		const concluded = await db.sql<{ id: string }[]>`select id::text from petition_item where status = 'concluded' and satisfaction is null order by concluded_at desc limit 6`;
		for (const it of concluded.slice(0, 3)) await run('evaluate', applyTransition(db.sql, office, it.id, 'evaluate', { satisfaction: 'unsatisfied' }));
		for (const it of concluded.slice(3)) await run('review-request', applyTransition(db.sql, office, it.id, 'review-request', {}));
		// a later petition repeating a concluded first-time item: that one is no longer 一次性化解
		const [first] = await db.sql<{ id: string; serial: string }[]>`
			select id::text, serial from petition_item where status = 'concluded' and repeat_of is null and track = 'petition' order by concluded_at desc limit 1`;
		await db.sql`update petition_item set repeat_of = ${first.id} where id = (select id from petition_item where repeat_of is null and id > ${first.id} order by id limit 1)`;
		applied.push('repeat');
		expect(new Set(applied)).toEqual(new Set(['accept', 'reassign', 'start', 'conclude', 'extend-request', 'extend-approve', 'evaluate', 'review-request', 'repeat']));
		await drain();
		expect(await compare(new Date())).toBe(36);
		// a unit's own view
		const [unit] = await db.sql<{ id: number; region: string }[]>`select u.id, u.region from unit u join petition_item i on i.unit_id = u.id group by u.id order by count(*) desc limit 1`;
		expect(await compare(new Date(), { userId: 1, username: 'u', role: 'unit', scope: unit.region, unitId: unit.id }, [unit.region])).toBe(12);
	}, 180_000);

	it('clock facts in the next relay step, no sweeper run: an approved extension, and extensions, a pause and a 复查 written on their own', async () => {
		const outboxClock = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from outbox where topic = 'clock' and seq is null`)[0].n;
		// through the lifecycle service: the head approves a unit's request
		// an item whose due date did not move off a holiday and whose extended one does not land in one:
		// the extension counts from the limit's own last day (a due moved past a 春节 block would not add up)
		const { calendar } = await loadClockConfig(db.sql);
		const plain = (due: string) => !isStatutoryHoliday(addDays(due, -1), calendar) && !isStatutoryHoliday(addDays(due, 15), calendar);
		const candidates = await db.sql<{ id: string; unitId: number; region: string; due: string }[]>`
			select i.id::text, i.unit_id as "unitId", u.region, r.conclude_open_due::text as due from petition_item i join unit u on u.id = i.unit_id join rate_input r on r.item_id = i.id
			 where i.status = 'handling' and i.track = 'petition' and i.extended_days = 0 and r.conclude_open_due > now()::date + 3 order by i.id limit 200`;
		const open = candidates.find((c) => plain(c.due))!;
		expect(open, 'an open item due on a plain working day').toBeDefined();
		const clerk = (head: boolean): ServiceActor => ({ role: 'unit', scope: open.region, unitId: open.unitId, name: '经办', unitHead: head });
		expect((await applyTransition(db.sql, clerk(false), open.id, 'extend-request', { days: 15, reason: '涉及多个部门' })).ok).toBe(true);
		expect((await applyTransition(db.sql, clerk(true), open.id, 'extend-approve', {})).ok).toBe(true);
		expect(await outboxClock()).toBe(1);
		await stampBatch(db.sql, 1000); // one relay step
		const [moved] = await db.sql<{ due: string }[]>`select conclude_open_due::text as due from rate_input where item_id = ${open.id}`;
		expect(moved.due).toBe(addDays(open.due, 15));
		expect(await compare(new Date(), supervisor, ['370000'])).toBe(12);

		// written without the item's own row changing (an operator's correction, any other writer): only the clock row says so
		const late = await db.sql<{ id: string }[]>`
			select i.id::text from petition_item i join rate_input r on r.item_id = i.id
			 where r.conclude_day is not null and not r.conclude_on_time and i.accepted_at is not null and i.concluded_at < i.accepted_at + interval '80 days'
			 order by i.id limit 20`;
		expect(late.length).toBeGreaterThan(5);
		for (const it of late)
			await db.sql`insert into clock_extension (item_id, days, approved_by, at, reason)
			             select id, 30, '单位负责人', accepted_at + interval '1 day', '补录延期' from petition_item where id = ${it.id}`;
		const [paused] = await db.sql<{ id: string }[]>`select id::text from petition_item where status = 'handling' and track = 'petition' and id <> ${open.id} order by id desc limit 1`;
		await db.sql`insert into clock_pause (item_id, from_at, reason, by_name) values (${paused.id}, now() - interval '2 days', '听证', '经办')`;
		const [reviewed] = await db.sql<{ id: string }[]>`
			select id::text from petition_item where status = 'concluded' and track = 'petition' and satisfaction is null
			   and not exists (select 1 from appeal a where a.item_id = petition_item.id) order by id limit 1`;
		await db.sql`insert into appeal (item_id, kind, requested_at) values (${reviewed.id}, 'review', now())`;
		expect(await outboxClock()).toBe(late.length + 2);
		const [{ n: petitionRows }] = await db.sql<{ n: number }[]>`select count(*)::int as n from outbox where topic = 'petition' and seq is null`;
		expect(petitionRows).toBe(0); // the item rows themselves did not change (light_at is bookkeeping)
		await stampBatch(db.sql, 1000);
		const [{ flipped }] = await db.sql<{ flipped: number }[]>`select count(*)::int as flipped from rate_input where item_id = any(${db.sql.array(late.map((r) => r.id))}::bigint[]) and conclude_on_time`;
		expect(flipped).toBeGreaterThan(0); // 30 more days made some of them on time
		expect(await compare(new Date())).toBe(36);
	}, 180_000);

	it('relay steps of any size write the rate inputs with the same statements (no prepared statement per row count)', async () => {
		// one connection, so that its backend's prepared statements are all the relay's
		const one = connect(db.url, { max: 1 });
		try {
			const ids = (await db.sql<{ id: string }[]>`select id::text from petition_item where region in ('370102', '370103') order by id limit 40`).map((r) => r.id);
			const prepared = async () => (await one<{ n: number }[]>`select count(*)::int as n from pg_prepared_statements where statement ~ ${'rate_input|rollup_rate'}`)[0].n;
			// items moved between two counties: their rate inputs and the cells of both move
			const step = async (k: number) => {
				await one`update petition_item set region = case region when '370102' then '370103' else '370102' end where id = any(${ids.slice(0, k)}::bigint[])`;
				while ((await stampBatch(one, 1000)).length > 0);
			};
			await step(1);
			const first = await prepared();
			expect(first).toBeGreaterThan(0);
			for (const k of [2, 3, 5, 8, 13, 21, 40]) await step(k);
			expect(await prepared()).toBe(first);
		} finally {
			await one.end();
		}
		expect(await compare(new Date(), supervisor, ['370000', '370102', '370103'])).toBe(36);
	}, 180_000);

	it('a new rules version: row by row until the rebuild, then the rollups again', async () => {
		await shortenConclusion(db.sql, 20);
		const config = await loadClockConfig(db.sql);
		// what the sweeper does when the config in force changes: once
		expect(await requestRateInputsRebuild(db.sql, config)).toBe(true);
		expect(await requestRateInputsRebuild(db.sql, config)).toBe(false);
		const today = localDate(new Date());
		expect(await ratesFromRollups(db.sql, supervisor, '370000', { from: addDays(today, -30), to: today }, new Date(), config, 'onTimeConclusion')).toBeNull();
		await drain(); // the rebuild waits for the relay
		expect(await runPendingRebuild(db.sql)).toBe(true);
		expect(await compare(new Date(), supervisor, ['370000'])).toBe(12);
		expect(await requestRateInputsRebuild(db.sql, config)).toBe(false);
	}, 180_000);
});
