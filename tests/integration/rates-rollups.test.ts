import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/access.ts';
import { addDays, localDate } from '../../src/lib/domain/deadlines.ts';
import type { Period, RateName } from '../../src/lib/domain/rates.ts';
import { loadClockConfig } from '../../src/lib/server/clocks/config.ts';
import { rateRollupDifferences, rateInputsBuilt, requestRateInputsRebuild } from '../../src/lib/server/feed/rate-inputs.ts';
import { runPendingRebuild } from '../../src/lib/server/feed/rebuild.ts';
import { stampBatch } from '../../src/lib/server/feed/stamp.ts';
import { applyTransition, type ServiceActor } from '../../src/lib/server/lifecycle/index.ts';
import { generateDemoData } from '../../src/lib/server/sim/generate.ts';
import { rateItems, ratesFromRollups, ratesReport } from '../../src/lib/server/work/rates.ts';
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
		const [other] = await db.sql<{ id: number }[]>`select id from unit order by id desc limit 1`;
		for (const it of await pick('routed', 8)) await run('reassign', applyTransition(db.sql, office, it.id, 'reassign', { unitId: other.id, reason: '职责调整' }));
		for (const it of await pick('accepted', 4)) await run('start', applyTransition(db.sql, clerk(it), it.id, 'start', {}));
		for (const it of await pick('handling', 6)) await run('conclude', applyTransition(db.sql, clerk(it), it.id, 'conclude', { outcome: 'explain', text: '解释说明' }));
		for (const it of await pick('handling', 3)) {
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

	it('a new rules version: row by row until the rebuild, then the rollups again', async () => {
		await db.sql.begin(async (tx) => {
			const [{ version, rules }] = await tx<{ version: number; rules: { limits: Record<string, { days: number }> } }[]>`select version, rules from rule_set order by version desc limit 1`;
			const changed = { ...rules, limits: { ...rules.limits, conclude: { ...rules.limits.conclude, days: rules.limits.conclude.days - 20 } } };
			await tx`insert into rule_set (version, rules, note) values (${version + 1}, ${tx.json(changed as never)}, '办结期限')`;
		});
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
