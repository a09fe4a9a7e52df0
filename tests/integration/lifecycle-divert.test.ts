import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { currentClock } from '../../src/lib/domain/clocks.ts';
import { t } from '../../src/lib/domain/spec-support.ts';
import { ensureRules, loadClockConfig } from '../../src/lib/server/clocks/config.ts';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { applyTransition, loadLifeFacts, type ServiceActor, type TransitionResult } from '../../src/lib/server/lifecycle/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { insertItem, seedRegions } from '../support/fixtures.ts';

let db: TestDatabase;
let sql: Sql;
let unitA: number;
const office: ServiceActor = { role: 'supervisor', scope: '370100', unitId: null, name: '市信访局 王督查', userId: null, username: 'wang' };
const clerk = (unitId: number): ServiceActor => ({ role: 'unit', scope: '370102', unitId, name: `单位${unitId} 经办` });

/** Everything 诉访分离 could touch, for "a refusal changes nothing". */
async function snapshot(id: string) {
	const [item] = await sql`select to_jsonb(i) - 'light_at' as row from petition_item i where id = ${id}`;
	const [counts] = await sql`
		select (select count(*) from petition_event)::int as events, (select count(*) from outbox)::int as outbox,
		       (select count(*) from audit_log)::int as audit`;
	return { item: item.row, counts };
}

async function refusedUnchanged(id: string, run: () => Promise<TransitionResult>, rule: string, status: number) {
	const before = await snapshot(id);
	const r = await run();
	expect(r.ok ? 'applied' : `${r.status} ${r.rule}`).toBe(`${status} ${rule}`);
	if (!r.ok) expect(r.message).toMatch(/^【[^】]+】/);
	expect(await snapshot(id)).toEqual(before);
}

const newItem = async () => String(await insertItem(sql, { receivedAt: t('2026-03-02 09:00') }));
const row = (id: string) =>
	sql`select status, track, to_char(diverted_at at time zone 'Asia/Shanghai', 'MM-DD HH24:MI') as diverted,
	           accept_due::text as "acceptDue", conclude_due::text as "concludeDue"
	      from petition_item where id = ${id}`.then((r) => r[0]);

beforeAll(async () => {
	db = await createTestDatabase();
	sql = db.sql;
	await seedRegions(sql);
	await ensureRules(sql);
	[{ id: unitA }] = await sql<{ id: number }[]>`insert into unit (name, region, kind, sector) values ('历下区人社局', '370102', 'government', '人社') returning id`;
});
afterAll(() => db?.drop());

describe('诉访分离 through applyTransition on real Postgres', () => {
	it('the office diverts a registered 申诉求决类 item: status, track, diverted_at, event, outbox, audit; clocks stop', async () => {
		const id = await newItem();
		const outbox = async () => (await sql`select count(*)::int as n from outbox where entity_id = ${id}`)[0].n;
		const before = await outbox();
		const r = await applyTransition(sql, office, id, 'divert', { track: 'arbitration', reason: '劳动争议，应申请劳动人事争议仲裁' }, { at: t('2026-03-03 09:00') });
		expect(r).toMatchObject({ ok: true, action: 'divert', from: 'registered', to: 'diverted' });
		expect(await row(id)).toEqual({ status: 'diverted', track: 'arbitration', diverted: '03-03 09:00', acceptDue: null, concludeDue: null });
		const [event] = await sql`select from_status as "from", to_status as "to", actor, note from petition_event where item_id = ${id} and to_status = 'diverted'`;
		expect(event).toEqual({ from: 'registered', to: 'diverted', actor: '市信访局 王督查', note: expect.stringContaining('诉访分离：导入仲裁程序') });
		expect(await outbox()).toBeGreaterThan(before);
		const [entry] = await sql`select action, detail->>'action' as what from audit_log where target = ${id} order by id desc limit 1`;
		expect(entry).toEqual({ action: 'item.transition', what: 'divert' });
		const facts = (await loadLifeFacts(sql, id))!;
		expect(currentClock(facts, t('2026-06-01 09:00'), await loadClockConfig(sql)).kind).toBe('none');
		// nothing further: a diverted item is off the petition procedure
		await refusedUnchanged(id, () => applyTransition(sql, office, id, 'route', { unitId: unitA }, { at: t('2026-03-04 09:00') }), 'state', 409);
	});
	it('the unit diverts an item it is handling; the 办结 clock stops', async () => {
		const id = await newItem();
		await applyTransition(sql, office, id, 'route', { unitId: unitA }, { at: t('2026-03-03 09:00') });
		await applyTransition(sql, clerk(unitA), id, 'accept', {}, { at: t('2026-03-05 09:00') });
		expect((await row(id)).concludeDue).not.toBeNull();
		const r = await applyTransition(sql, clerk(unitA), id, 'divert', { track: 'litigation', reason: '已进入诉讼程序' }, { at: t('2026-03-20 09:00') });
		expect(r).toMatchObject({ ok: true, from: 'accepted', to: 'diverted' });
		expect(await row(id)).toEqual({ status: 'diverted', track: 'litigation', diverted: '03-20 09:00', acceptDue: null, concludeDue: null });
	});
	it('refusals name the rule and change nothing', async () => {
		const id = await newItem();
		await refusedUnchanged(id, () => applyTransition(sql, office, id, 'divert', { track: 'petition', reason: '理由' } as never), 'input', 400);
		await refusedUnchanged(id, () => applyTransition(sql, office, id, 'divert', { track: 'arbitration', reason: '' }), 'input', 400);
		await refusedUnchanged(id, () => applyTransition(sql, clerk(unitA), id, 'divert', { track: 'arbitration', reason: '理由' }), 'own-unit', 403);
		await sql`update petition_item set type = 'complaint' where id = ${id}`;
		await refusedUnchanged(id, () => applyTransition(sql, office, id, 'divert', { track: 'arbitration', reason: '理由' }), 'divert.type', 409);
	});
});
