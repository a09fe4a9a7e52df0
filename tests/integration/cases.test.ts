import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../../src/lib/domain/access.ts';
import { checkOutcome } from '../../src/lib/domain/cases.ts';
import { readAssignment } from '../../src/lib/server/cases/assignment.ts';
import { recordReception } from '../../src/lib/server/cases/receptions.ts';
import { openCase, recordOutcome } from '../../src/lib/server/cases/write.ts';
import { wallSnapshot } from '../../src/lib/server/screen/wall.ts';
import type { WallSnapshot } from '../../src/lib/screen/wall.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { insertItem } from '../support/fixtures.ts';
import { seedIntake } from '../support/intake.ts';

const NOW = new Date('2026-12-04T10:00:00+08:00');
const TODAY = '2026-12-04';

describe('领导包案 and 领导接访: transactional, audited, on the feed, on the wall', () => {
	let db: TestDatabase;
	let units: Record<string, number>;
	let supervisor: Principal & { displayName: string };
	let leadUnit: Principal & { displayName: string };
	let leaders: { county: number; qingdao: number };
	let items: { a: string; b: string };
	const serialOf = async (id: bigint) => (await db.sql<{ serial: string }[]>`select serial from petition_item where id = ${id}`)[0].serial;
	const counts = async () =>
		(
			await db.sql<{ cases: number; notes: number; receptions: number; outbox: number; audit: number }[]>`
				select (select count(*)::int from lead_case) as cases, (select count(*)::int from lead_case_note) as notes,
				       (select count(*)::int from reception) as receptions, (select count(*)::int from outbox) as outbox,
				       (select count(*)::int from audit_log) as audit`
		)[0];
	const form = (over: Record<string, string> = {}) => ({
		title: '历下区王某反映拖欠工资问题', leader: String(leaders.county), leadUnit: String(units.lixiaLabour), [`co.${units.lixiaPetition}`]: 'on',
		plan: '区人社局牵头，约谈企业，督促三十日内支付', deadline: '2026-12-20', items: `${items.a}\n${items.b}`, ...over
	});

	beforeAll(async () => {
		db = await createTestDatabase();
		let registrar;
		({ units, registrar } = await seedIntake(db.sql));
		supervisor = { userId: registrar.userId, username: 'jinan.ducha', role: 'supervisor', scope: '370100', unitId: null, displayName: '济南市督查督办科' };
		const [u] = await db.sql<{ id: number }[]>`
			insert into app_user (username, display_name, password_hash, role, scope_region, unit_id)
			values ('lixia.renshe', '历下区人社局', 'x', 'unit', '370102', ${units.lixiaLabour}) returning id`;
		leadUnit = { userId: u.id, username: 'lixia.renshe', role: 'unit', scope: '370102', unitId: units.lixiaLabour, displayName: '历下区人社局' };
		const [county] = await db.sql<{ id: number }[]>`insert into leader (name, title, level, region) values ('李明', '历下区副区长', 'county', '370102') returning id`;
		const [qingdao] = await db.sql<{ id: number }[]>`insert into leader (name, title, level, region) values ('赵刚', '青岛市副市长', 'city', '370200') returning id`;
		leaders = { county: county.id, qingdao: qingdao.id };
		items = { a: await serialOf(await insertItem(db.sql, { receivedAt: new Date('2026-11-01T09:00:00+08:00') })), b: await serialOf(await insertItem(db.sql, { headcount: 6, receivedAt: new Date('2026-11-20T09:00:00+08:00') })) };
	});
	afterAll(async () => {
		await db?.drop();
	});

	it('refuses a case that breaks a rule, writing nothing, and names the field', async () => {
		const before = await counts();
		for (const [over, field] of [
			[{ leader: String(leaders.qingdao) }, 'leader'],
			[{ deadline: '2026-12-01' }, 'deadline'],
			[{ items: 'no-such-serial' }, 'items'],
			[{ leadUnit: String(units.shinanLabour) }, 'leadUnit'],
			[{ plan: '' }, 'plan']
		] as const) {
			const r = await readAssignment(db.sql, supervisor, form(over), TODAY);
			expect(r, JSON.stringify(over)).toMatchObject({ ok: false, field });
		}
		expect(await readAssignment(db.sql, leadUnit, form(), TODAY)).toMatchObject({ ok: false, status: 403 });
		expect(await counts()).toEqual(before);
	});

	let caseId: number;
	it('opens a case with its items, co-units, a first note, an audit entry and one outbox row in the case’s region', async () => {
		const before = await counts();
		const checked = await readAssignment(db.sql, supervisor, form(), TODAY);
		if (!checked.ok) throw new Error(checked.message);
		expect(checked.region).toBe('370102');
		caseId = await openCase(db.sql, supervisor, checked.assignment, checked.region, NOW, '127.0.0.1');
		expect(await counts()).toEqual({ ...before, cases: before.cases + 1, notes: before.notes + 1, outbox: before.outbox + 1, audit: before.audit + 1 });
		const [c] = await db.sql`select status, deadline::text, created_by, region from lead_case where id = ${caseId}`;
		expect(c).toEqual({ status: 'resolving', deadline: '2026-12-20', created_by: supervisor.userId, region: '370102' });
		expect((await db.sql`select count(*)::int as n from lead_case_item where case_id = ${caseId}`)[0].n).toBe(2);
		expect((await db.sql`select unit_id from lead_case_unit where case_id = ${caseId}`).map((r) => r.unit_id)).toEqual([units.lixiaPetition]);
		const [out] = await db.sql`select topic, op, region_path, payload from outbox where topic = 'lead_case' order by id desc limit 1`;
		expect(out).toMatchObject({ topic: 'lead_case', op: 'insert', region_path: ['370000', '370100', '370102'], payload: { id: caseId, status: 'resolving' } });
		const [entry] = await db.sql`select action, detail from audit_log order by id desc limit 1`;
		expect(entry).toMatchObject({ action: 'case.create', detail: { leaderId: leaders.county, items: [items.a, items.b] } });
	});

	it('shows an overdue case on the wall once its deadline has passed', async () => {
		const later = new Date('2026-12-25T10:00:00+08:00');
		const wall = (await wallSnapshot(db.sql, '370000', '370100', later)) as WallSnapshot;
		expect(wall.cases).toMatchObject({ total: 1, resolving: 1, overdue: 1, stuck: [{ id: caseId, daysOverdue: 5, leader: '历下区副区长 李*' }] });
		const onTime = (await wallSnapshot(db.sql, '370000', '370100', NOW)) as WallSnapshot;
		expect(onTime.cases.overdue).toBe(0);
	});

	it('lets the lead unit record 已化解 with its note; a co-unit may not; the supervisor alone reopens', async () => {
		const coUnit = { ...leadUnit, unitId: units.lixiaPetition };
		const state = { status: 'resolving' as const, region: '370102', leadUnitId: units.lixiaLabour };
		expect(checkOutcome(coUnit, state, 'resolved', '已经化解完毕')).toMatchObject({ ok: false, status: 403 });
		expect(checkOutcome(leadUnit, state, 'resolved', '企业已足额支付')).toEqual({ ok: true });
		const before = await counts();
		await recordOutcome(db.sql, leadUnit, caseId, 'resolving', 'resolved', '企业已足额支付欠薪，信访人签字确认', NOW, null);
		const [c] = await db.sql`select status, resolved_at, outcome_note, outcome_by from lead_case where id = ${caseId}`;
		expect(c).toEqual({ status: 'resolved', resolved_at: NOW, outcome_note: '企业已足额支付欠薪，信访人签字确认', outcome_by: leadUnit.userId });
		expect(await counts()).toEqual({ ...before, notes: before.notes + 1, outbox: before.outbox + 1, audit: before.audit + 1 });
		const [out] = await db.sql`select op, payload from outbox where topic = 'lead_case' order by id desc limit 1`;
		expect(out).toMatchObject({ op: 'update', payload: { status: 'resolved', prev: { status: 'resolving' } } });
		expect(checkOutcome(leadUnit, { ...state, status: 'resolved' }, 'resolving', '')).toMatchObject({ ok: false, status: 403 });
		await recordOutcome(db.sql, supervisor, caseId, 'resolved', 'resolving', '信访人再次来访', NOW, null);
		expect((await db.sql`select status, resolved_at, outcome_note from lead_case where id = ${caseId}`)[0]).toEqual({ status: 'resolving', resolved_at: null, outcome_note: null });
	});

	it('records a reception day with its items; the wall counts this month’s receptions and people; refusals write nothing', async () => {
		const [leader] = await db.sql<{ id: number; name: string; region: string }[]>`select id, name, region from leader where id = ${leaders.county}`;
		const item = (await db.sql<{ id: string; serial: string; region: string; headcount: number }[]>`select id::text, serial, region, headcount from petition_item where serial = ${items.b}`)[0];
		const draft = { kind: 'reception', at: new Date('2026-12-03T09:00:00+08:00'), place: '历下区信访接待中心', persons: 8, note: '', leader, items: [item] };
		const before = await counts();
		expect(await recordReception(db.sql, supervisor, { ...draft, persons: 5 }, NOW, null)).toMatchObject({ ok: false, field: 'persons' });
		expect(await recordReception(db.sql, leadUnit, draft, NOW, null)).toMatchObject({ ok: false, status: 403 });
		expect(await counts()).toEqual(before);
		const r = await recordReception(db.sql, supervisor, draft, NOW, '127.0.0.1');
		expect(r).toMatchObject({ ok: true });
		expect(await counts()).toEqual({ ...before, receptions: before.receptions + 1, outbox: before.outbox + 1, audit: before.audit + 1 });
		const [out] = await db.sql`select topic, region_path, payload from outbox order by id desc limit 1`;
		expect(out).toMatchObject({ topic: 'reception', region_path: ['370000', '370100', '370102'], payload: { persons: 8, kind: 'reception' } });
		await recordReception(db.sql, supervisor, { ...draft, kind: 'visit', at: new Date('2026-12-04T08:00:00+08:00'), persons: 30, items: [] }, NOW, null);
		const wall = (await wallSnapshot(db.sql, '370000', '370000', NOW)) as WallSnapshot;
		expect(wall.cases.receptions).toMatchObject({ month: '2026-12', receptions: 2, persons: 38, byKind: { reception: 1, visit: 1, appointment: 0 } });
		expect(wall.cases.receptions!.latest[0]).toMatchObject({ day: '12-04', leader: '历下区副区长 李*', kind: 'visit', persons: 30 });
		// another city's wall does not see them
		expect(((await wallSnapshot(db.sql, '370000', '370200', NOW)) as WallSnapshot).cases.receptions!.receptions).toBe(0);
	});
});
