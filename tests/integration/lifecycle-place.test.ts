import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionUser } from '../../src/lib/server/auth/session.ts';
import { ensureRules, loadClockConfig } from '../../src/lib/server/clocks/config.ts';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { applyTransition, type ServiceActor, type TransitionResult } from '../../src/lib/server/lifecycle/index.ts';
import { lifecycleView } from '../../src/routes/(office)/items/[id]/lifecycle.server.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { insertItem, seedRegions } from '../support/fixtures.ts';

/**
 * 属地管理 through the service: 转送交办 and 改派 hand a 历下区 item only to a unit of 历下区 or of a
 * place above it (济南市, 山东省); a unit of a sibling county or another city is refused, with the
 * rule and the field, and nothing is written. The item page's picker offers exactly those units.
 */
let db: TestDatabase;
let sql: Sql;
const units: Record<'lixia' | 'lixia2' | 'jinan' | 'province' | 'shizhong' | 'qingdao' | 'shinan', number> = {} as never;
const office: ServiceActor = { role: 'supervisor', scope: '370000', unitId: null, name: '省信访局 督查', userId: null, username: 'sheng' };

async function snapshot(id: string) {
	const [item] = await sql`select to_jsonb(i) - 'light_at' as row from petition_item i where id = ${id}`;
	const [counts] = await sql`
		select (select count(*) from petition_event)::int as events, (select count(*) from outbox)::int as outbox,
		       (select count(*) from audit_log)::int as audit, (select count(*) from petitioner_document)::int as documents`;
	return { item: item.row, counts };
}

async function refusedUnchanged(id: string, run: () => Promise<TransitionResult>) {
	const before = await snapshot(id);
	const r = await run();
	expect(r).toMatchObject({ ok: false, status: 400, rule: 'unit.place', field: 'unitId' });
	if (!r.ok) {
		expect(r.message).toMatch(/^【属地管理】/);
		expect(r.message).toContain('承办单位须是历下区或其上级地区的单位');
	}
	expect(await snapshot(id)).toEqual(before);
	return r;
}

const ok = async (p: Promise<TransitionResult>) => {
	const r = await p;
	if (!r.ok) throw new Error(`refused ${r.rule}: ${r.message}`);
	return r;
};
const newItem = async () => String(await insertItem(sql, { receivedAt: new Date(Date.now() - 3 * 86400_000) }));

beforeAll(async () => {
	db = await createTestDatabase();
	sql = db.sql;
	await seedRegions(sql);
	await ensureRules(sql);
	const rows = await sql<{ id: number; name: string }[]>`
		insert into unit (name, region, kind, sector) values
		  ('历下区人社局', '370102', 'government', '人社'), ('历下区住建局', '370102', 'government', '住建'),
		  ('济南市人社局', '370100', 'government', '人社'), ('山东省人社厅', '370000', 'government', '人社'),
		  ('市中区人社局', '370103', 'government', '人社'), ('青岛市人社局', '370200', 'government', '人社'),
		  ('市南区人社局', '370202', 'government', '人社')
		returning id, name`;
	[units.lixia, units.lixia2, units.jinan, units.province, units.shizhong, units.qingdao, units.shinan] = rows.map((r) => r.id);
});
afterAll(() => db?.drop());

describe('转送交办 and 改派 through applyTransition: 属地管理', () => {
	it('routing a 历下区 item to a sibling county’s or another city’s unit is refused and writes nothing', async () => {
		const id = await newItem();
		for (const unitId of [units.shizhong, units.qingdao, units.shinan]) await refusedUnchanged(id, () => applyTransition(sql, office, id, 'route', { unitId }));
		const r = await refusedUnchanged(id, () => applyTransition(sql, office, id, 'route', { unitId: units.qingdao }));
		if (!r.ok) expect(r.message).toContain('青岛市人社局');
	});

	it('its own county, its city and the province are taken', async () => {
		for (const unitId of [units.lixia, units.jinan, units.province]) {
			const id = await newItem();
			await ok(applyTransition(sql, office, id, 'route', { unitId }));
			expect((await sql`select status, unit_id from petition_item where id = ${id}`)[0]).toEqual({ status: 'routed', unit_id: unitId });
		}
	});

	it('改派 to a unit of another place is refused and writes nothing; to one above it is taken', async () => {
		const id = await newItem();
		await ok(applyTransition(sql, office, id, 'route', { unitId: units.lixia }));
		for (const unitId of [units.shizhong, units.qingdao]) await refusedUnchanged(id, () => applyTransition(sql, office, id, 'reassign', { unitId, reason: '职责调整' }));
		// an upstream system with its event id: refused the same way, nothing written to the item
		const api: ServiceActor = { role: 'api', scope: '370000', unitId: null, name: 'api:place' };
		await refusedUnchanged(id, () => applyTransition(sql, api, id, 'reassign', { unitId: units.shinan, reason: '职责调整' }, { sourceEventId: 'place-1' }));
		await ok(applyTransition(sql, office, id, 'reassign', { unitId: units.jinan, reason: '属市级职责' }));
		expect((await sql`select status, unit_id from petition_item where id = ${id}`)[0]).toEqual({ status: 'routed', unit_id: units.jinan });
	});
});

describe('the item page’s unit picker', () => {
	const user = (scope: string): SessionUser => ({ userId: 1, username: 'ducha', role: 'supervisor', scope, unitId: null, displayName: '督查', screenName: null });

	it('offers the units of the item’s place first, then each place above; none of another place; the registered unit preselected', async () => {
		const id = await newItem();
		await sql`update petition_item set unit_id = ${units.lixia2} where id = ${id}`;
		const view = await lifecycleView(sql, user('370000'), id, new Date(), await loadClockConfig(sql));
		expect(view.actions.map((a) => a.action)).toContain('route');
		expect(view.unitGroups.map((g) => g.label)).toEqual(['历下区（本事项属地）', '济南市', '山东省']);
		expect(view.unitGroups.flatMap((g) => g.units.map((u) => u.id)).sort()).toEqual([units.lixia, units.lixia2, units.jinan, units.province].sort());
		expect(view.unitId).toBe(units.lixia2);
	});

	it('within the account’s scope only; a registered unit that may not handle the item is not preselected', async () => {
		const id = await newItem();
		await sql`update petition_item set unit_id = ${units.qingdao} where id = ${id}`;
		const jinan = await lifecycleView(sql, user('370100'), id, new Date(), await loadClockConfig(sql));
		expect(jinan.unitGroups.map((g) => g.region)).toEqual(['370102', '370100']);
		expect(jinan.unitId).toBeNull();
	});
});

describe('the 办理 panel’s success messages', () => {
	it('every action has one, in plain words', async () => {
		const { doneMessages, doneMessage } = await import('../../src/routes/(office)/items/[id]/lifecycle.server.ts');
		const { actions } = await import('../../src/lib/domain/lifecycle.ts');
		for (const a of actions) expect(doneMessages[a], a).toMatch(/^已/);
		expect(doneMessages['review-request']).toBe('已登记复查申请');
		expect(doneMessages['review-decide']).toBe('已作出复查意见');
		expect(doneMessages['recheck-request']).toBe('已登记复核申请');
		expect(doneMessages['recheck-decide']).toBe('已作出复核意见');
		expect(Object.values(doneMessages).join()).not.toMatch(/已(复查|复核)(申请|意见)|已不|已听证|已诉访分离$/);
		expect(doneMessage('extend-request', 'supervisor')).toBe('已批准延期（信访部门一步批准）');
	});
});
