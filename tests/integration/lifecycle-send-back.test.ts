import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/access.ts';
import type { Period, RateSet } from '../../src/lib/domain/rates.ts';
import { t } from '../../src/lib/domain/spec-support.ts';
import { ensureRules, loadClockConfig } from '../../src/lib/server/clocks/config.ts';
import { computeLights, storeLights } from '../../src/lib/server/clocks/sweeper.ts';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { MIGRATIONS_DIR } from '../../src/lib/server/db/migrate.ts';
import { rateRollupDifferences, rebuildRateInputsLocked } from '../../src/lib/server/feed/rate-inputs.ts';
import { stampBatch } from '../../src/lib/server/feed/stamp.ts';
import { applyTransition, type ServiceActor, type TransitionResult } from '../../src/lib/server/lifecycle/index.ts';
import { rateItems, ratesFromRollups, ratesReport } from '../../src/lib/server/work/rates.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { insertItem, insertUnit, seedRegions } from '../support/fixtures.ts';

/**
 * 退回重办 through the service: the acceptance keeps its date (及时受理率 stays right), the 办结
 * clock restarts 60 days from the send-back — in the stored columns, the sweeper's clock and /rates
 * (row by row and from the rate inputs' rollups). The reviewer's case: routed 03-02, accepted
 * 03-05, concluded 04-20, sent back 05-10.
 */
let db: TestDatabase;
let sql: Sql;
let unit: number;
const office: ServiceActor = { role: 'supervisor', scope: '370100', unitId: null, name: '市信访局 王督查', userId: null, username: 'wang' };
const clerk = (): ServiceActor => ({ role: 'unit', scope: '370102', unitId: unit, name: '历下区人社局 经办' });
const supervisor: Principal = { userId: 0, username: 't', role: 'supervisor', scope: '370000', unitId: null };

async function ok(result: Promise<TransitionResult>) {
	const r = await result;
	if (!r.ok) throw new Error(`refused ${r.rule}: ${r.message}`);
	return r;
}

const local = (column: string) => sql.unsafe(`to_char(${column} at time zone 'Asia/Shanghai', 'MM-DD HH24:MI')`);
const columns = (id: string) =>
	sql`select status, ${local('accepted_at')} as accepted, ${local('reopened_at')} as reopened, ${local('concluded_at')} as concluded,
	           conclude_due::text as "concludeDue", clock, clock_due::text as "clockDue"
	      from petition_item where id = ${id}`.then((r) => r[0]);

const counts = (r: RateSet) => ({ timelyAcceptance: `${r.timelyAcceptance.numerator}/${r.timelyAcceptance.denominator}`, onTimeConclusion: `${r.onTimeConclusion.numerator}/${r.onTimeConclusion.denominator}` });

/** /rates' overall counts for 370102, row by row; and, once the rate inputs are built, from the rollups too (they must agree). */
async function rates(period: Period, now: Date, rollups = false) {
	const config = await loadClockConfig(sql);
	const items = await rateItems(sql, supervisor, '370102', period);
	const rows = counts(ratesReport(items, period, now, config, 'onTimeConclusion').byKind.all);
	if (rollups) {
		const fromRollups = await ratesFromRollups(sql, supervisor, '370102', period, now, config, 'onTimeConclusion');
		expect(fromRollups).not.toBeNull();
		expect(counts(fromRollups!.byKind.all)).toEqual(rows);
	}
	return rows;
}

beforeAll(async () => {
	db = await createTestDatabase();
	sql = db.sql;
	await seedRegions(sql);
	await ensureRules(sql);
	unit = await insertUnit(sql);
});
afterAll(() => db?.drop());

describe('退回重办 through applyTransition', () => {
	let id: string;
	const spring = { from: '2026-03-01', to: '2026-05-31' };

	it('keeps accepted_at, stamps reopened_at and restarts the 办结 clock from the send-back', async () => {
		id = String(await insertItem(sql, { receivedAt: t('2026-03-01 10:00') }));
		await ok(applyTransition(sql, office, id, 'route', { unitId: unit }, { at: t('2026-03-02 09:00') }));
		await ok(applyTransition(sql, clerk(), id, 'accept', {}, { at: t('2026-03-05 09:00') }));
		await ok(applyTransition(sql, clerk(), id, 'conclude', { outcome: 'support', text: '支持，已补发工资' }, { at: t('2026-04-20 09:00') }));
		expect(await rates(spring, t('2026-05-09 12:00'))).toEqual({ timelyAcceptance: '1/1', onTimeConclusion: '1/1' });

		await ok(applyTransition(sql, office, id, 'send-back', { reason: '未回应主要诉求' }, { at: t('2026-05-10 09:00') }));
		const config = await loadClockConfig(sql);
		await storeLights(sql, await computeLights(sql, [id], t('2026-05-11 09:00'), config));
		expect(await columns(id)).toEqual({
			status: 'handling',
			accepted: '03-05 09:00',
			reopened: '05-10 09:00',
			concluded: null,
			concludeDue: '2026-07-09',
			clock: 'conclude',
			clockDue: '2026-07-09'
		});
		const [event] = await sql`select from_status as "from", to_status as "to", note from petition_event where item_id = ${id} order by at desc, id desc limit 1`;
		expect(event).toEqual({ from: 'concluded', to: 'handling', note: '退回重办：未回应主要诉求' });
	});

	it('/rates: 及时受理率 stays 1/1; 办结 is judged on the new clock (due 07-09), row by row and from the rollups', async () => {
		expect(await rates(spring, t('2026-05-11 09:00'))).toEqual({ timelyAcceptance: '1/1', onTimeConclusion: '0/0' });
		await rebuildRateInputsLocked(sql);
		expect(await rates(spring, t('2026-12-01 09:00'), true)).toEqual({ timelyAcceptance: '1/1', onTimeConclusion: '0/0' });
		const summer = { from: '2026-06-01', to: '2026-07-31' };
		// open past 07-09: late on the new clock; due today is not late
		expect(await rates(summer, t('2026-07-09 20:00'))).toEqual({ timelyAcceptance: '0/0', onTimeConclusion: '0/0' });
		expect(await rates(summer, t('2026-07-15 09:00'))).toEqual({ timelyAcceptance: '0/0', onTimeConclusion: '0/1' });
	});

	it('a second conclusion within 60 days of the send-back is on time; the relay keeps the rollups true', async () => {
		await ok(applyTransition(sql, clerk(), id, 'conclude', { outcome: 'explain', text: '解释说明' }, { at: t('2026-06-20 09:00') }));
		while ((await stampBatch(sql, 1000)).length > 0);
		expect(await rateRollupDifferences(sql, 5)).toEqual([]);
		expect(await rates({ from: '2026-03-01', to: '2026-07-31' }, t('2026-12-01 09:00'), true)).toEqual({ timelyAcceptance: '1/1', onTimeConclusion: '1/1' });
	});
});

describe('migration 0166 on an item sent back before it', () => {
	it('restores accepted_at from the 受理 event and sets reopened_at from the 退回重办 event', async () => {
		const id = String(await insertItem(sql, { receivedAt: t('2026-03-01 10:00') }));
		await ok(applyTransition(sql, office, id, 'route', { unitId: unit }, { at: t('2026-03-02 09:00') }));
		await ok(applyTransition(sql, clerk(), id, 'accept', {}, { at: t('2026-03-05 09:00') }));
		await ok(applyTransition(sql, clerk(), id, 'conclude', { outcome: 'support', text: '支持' }, { at: t('2026-04-20 09:00') }));
		await ok(applyTransition(sql, office, id, 'send-back', { reason: '第一次退回' }, { at: t('2026-05-10 09:00') }));
		await ok(applyTransition(sql, clerk(), id, 'conclude', { outcome: 'support', text: '支持' }, { at: t('2026-05-20 09:00') }));
		await ok(applyTransition(sql, office, id, 'send-back', { reason: '第二次退回' }, { at: t('2026-06-01 09:00') }));
		// as the old code left it: accepted_at re-stamped with the last send-back, no reopened_at
		await sql`update petition_item set accepted_at = ${t('2026-06-01 09:00')}, reopened_at = null where id = ${id}`;
		await sql`update petition_item set light_at = '2030-01-01' where id = ${id}`;
		const file = readFileSync(`${MIGRATIONS_DIR}/0166_item_reopened_at.sql`, 'utf8');
		await sql.unsafe(file.slice(file.indexOf('with back as')));
		const row = await columns(id);
		expect([row.accepted, row.reopened]).toEqual(['03-05 09:00', '06-01 09:00']);
		const [{ relight }] = await sql`select light_at = '-infinity' as relight from petition_item where id = ${id}`;
		expect(relight).toBe(true);
	});
});
