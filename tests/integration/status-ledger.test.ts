import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRules } from '../../src/lib/server/clocks/config.ts';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import type { ServiceActor } from '../../src/lib/server/lifecycle/index.ts';
import { tableFromCsv } from '../../src/lib/server/status-ledger/csv.ts';
import { statusLedger, type Table } from '../../src/lib/server/status-ledger/run.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { insertItem } from '../support/fixtures.ts';
import { seedIntake } from '../support/intake.ts';

/**
 * 办理台账导入 on real Postgres: rows of later steps through the one lifecycle service, a dry
 * run that writes nothing, per-row Chinese errors by row and column, all rows or none.
 */
let db: TestDatabase;
let sql: Sql;
let units: Record<string, number>;
const office: ServiceActor = { role: 'supervisor', scope: '370100', unitId: null, name: '济南市督查督办科', userId: null, username: 'jinan.ducha', ip: null };
let clerk: ServiceActor;

const local = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 16).replace('T', ' ');
const BASE = Date.now() - 60_000;
const ago = (days: number) => local(new Date(BASE - days * 86400_000));
const csv = (lines: string[][]) => {
	const table = tableFromCsv(new TextEncoder().encode(['办理台账（历下区人社局）', ...lines.map((l) => l.join(','))].join('\r\n')));
	if (typeof table === 'string') throw new Error(table);
	return table;
};
const HEADER = ['信访件编号', '办理环节', '办理时间', '承办单位', '理由', '告知日期', '处理意见', '意见正文', '评价'];

async function state() {
	const [s] = await sql`
		select (select coalesce(jsonb_agg(to_jsonb(i) - 'light_at' order by id), '[]') from petition_item i) as items,
		       (select count(*) from petition_event)::int as events, (select count(*) from outbox)::int as outbox,
		       (select count(*) from audit_log)::int as audit, (select count(*) from transition_receipt)::int as receipts`;
	return s;
}
async function newSerial(region = '370102') {
	const id = await insertItem(sql, { region, receivedAt: new Date(BASE - 30 * 86400_000) });
	return (await sql<{ serial: string }[]>`select serial from petition_item where id = ${id}`)[0].serial;
}

beforeAll(async () => {
	db = await createTestDatabase();
	sql = db.sql;
	({ units } = await seedIntake(sql));
	await ensureRules(sql);
	clerk = { role: 'unit', scope: '370102', unitId: units.lixiaLabour, name: '历下区人社局 经办', userId: null, username: 'lixia.renshe', ip: null };
});
afterAll(() => db?.drop());

describe('办理台账导入: later steps from a ledger', () => {
	it('dry-runs without writing, then commits every row in time order through the lifecycle, by the rules of the importer’s role', async () => {
		const [a, b] = [await newSerial(), await newSerial()];
		const unit = '济南市历下区人力资源和社会保障局';
		// the 信访部门 routes (one step named by its code) …
		const routes = csv([HEADER, [a, '转送交办', ago(28), unit, '', '', '', '', ''], [b, 'route', ago(27), unit, '', '', '', '', '']]);
		expect(await statusLedger(sql, office, routes, { commit: true })).toMatchObject({ ok: true, committed: true });
		// … the unit's own ledger, listed by item and not by time, with Chinese outcome and evaluation
		const ledger = csv([
			HEADER,
			[a, '办结', ago(10), '', '', '', '部分支持', '"工资已支付，加班费诉求不予支持。"', ''],
			[a, '受理', ago(25), '', '', '', '', '', ''],
			[a, '评价', ago(9), '', '', '', '', '', '基本满意'],
			[b, '不予受理', ago(26), '', '不属于信访事项', ago(26).slice(0, 10), '', '', '']
		]);
		// the 信访部门 may not conclude: that is the unit's (the same rule as on the item's page)
		const byOffice = await statusLedger(sql, office, ledger, { commit: false });
		expect(byOffice.ok ? [] : byOffice.errors.map((e) => `${e.row} ${e.message}`)).toContain('3 【权限】办结只能由承办单位办理');

		const before = await state();
		const dry = await statusLedger(sql, clerk, ledger, { commit: false });
		expect(dry, JSON.stringify(dry)).toMatchObject({ ok: true, committed: false });
		if (!dry.ok) return;
		expect(dry.rows.map((r) => `${r.line}:${r.step}→${r.to}`)).toEqual(['6:不予受理→rejected', '4:受理→accepted', '3:办结→concluded', '5:评价→concluded']);
		expect(await state()).toEqual(before);

		const done = await statusLedger(sql, clerk, ledger, { commit: true });
		expect(done).toMatchObject({ ok: true, committed: true });
		const rows = await sql`select serial, status, unit_id as "unitId", outcome, satisfaction, decision_text as text from petition_item where serial in ${sql([a, b])} order by serial`;
		expect(rows).toEqual([
			{ serial: a, status: 'concluded', unitId: units.lixiaLabour, outcome: 'partial', satisfaction: 'basic', text: '工资已支付，加班费诉求不予支持。' },
			{ serial: b, status: 'rejected', unitId: units.lixiaLabour, outcome: null, satisfaction: null, text: '不属于信访事项' }
		]);
		const events = await sql`select e.actor from petition_event e join petition_item i on i.id = e.item_id where i.serial = ${a} and e.to_status = 'concluded'`;
		expect(events.map((e) => e.actor)).toEqual(['历下区人社局 经办', '历下区人社局 经办']);
		expect((await sql`select count(*)::int as n from audit_log where action = 'import.commit' and detail->>'kind' = 'status-ledger'`)[0].n).toBe(2);
	});

	it('names every cell at fault by row and column, and applies none of the rows', async () => {
		const a = await newSerial();
		const table = csv([
			HEADER,
			[a, '转送交办', ago(20), '济南市历下区人力资源和社会保障局', '', '', '', '', ''],
			['37010-bad', '受理', ago(19), '', '', '', '', '', ''],
			[a, '批准一切', ago(19), '', '', '', '', '', ''],
			[a, '受理', '昨天下午', '', '', '', '', '', ''],
			[a, '办结', ago(5), '', '', '', '同意', '', ''],
			[a, '转送交办', ago(18), '', '', '', '', '', '']
		]);
		const before = await state();
		const result = await statusLedger(sql, office, table, { commit: true });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors.map((e) => `${e.row} ${e.column}`)).toEqual(['4 信访件编号', '5 办理环节', '6 办理时间', '7 处理意见', '7 意见正文', '8 承办单位']);
		expect(result.errors.map((e) => e.message)).toEqual([
			'信访件编号“37010-bad”格式不对，应如 370102-20261119-000017',
			expect.stringMatching(/^办理环节“批准一切”无效，应为：转送交办、改派、受理/),
			'办理时间“昨天下午”无法识别，请写成 2026-11-20 09:30 的格式',
			'处理意见“同意”无效，应为：支持、部分支持、解释说明、不予支持',
			'办结须填写信访处理意见书',
			'转送交办须填写承办单位'
		]);
		expect(await state()).toEqual(before);
	});

	it('reports the rules’ refusals per row (state, order, scope, unknown item) and keeps nothing when one row is refused', async () => {
		const [a, far] = [await newSerial(), await newSerial('370202')];
		const table = csv([
			HEADER,
			[a, '转送交办', ago(20), '济南市历下区人力资源和社会保障局', '', '', '', '', ''],
			[a, '评价', ago(19), '', '', '', '', '', '满意'],
			[far, '受理', ago(19), '', '', '', '', '', ''],
			['370102-20200101-999999', '受理', ago(19), '', '', '', '', '', ''],
			[a, '受理', ago(18), '', '', '', '', '', ''],
			[a, '转送交办', ago(17), '青岛市市南区人力资源和社会保障局', '', '', '', '', '']
		]);
		const before = await state();
		const result = await statusLedger(sql, office, table, { commit: true });
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.errors.map((e) => `${e.row} ${e.column}`)).toEqual(['4 办理环节', '5 信访件编号', '6 信访件编号', '8 承办单位']);
		const [state3, scope4, missing5, unit7] = result.errors.map((e) => e.message);
		expect(state3).toMatch(/^【状态】事项当前为“已转送交办”，不能评价/);
		expect(scope4).toBe(`没有找到信访件 ${far}`); // 青岛's item: as if there were none
		expect(missing5).toBe('没有找到信访件 370102-20200101-999999');
		expect(unit7).toBe('没有名为“青岛市市南区人力资源和社会保障局”的承办单位，或不在您的管辖范围内');
		// the rows that would have gone through are shown as such
		expect(result.rows.filter((r) => r.ok).map((r) => r.line)).toEqual([3, 7]);
		expect(await state()).toEqual(before);
	});

	it('refuses a file without the columns it needs, naming them', async () => {
		const table: Table = { headers: ['编号', '时间'], rows: [{ line: 2, cells: ['x', 'y'] }] };
		expect(await statusLedger(sql, office, table, { commit: false })).toMatchObject({ ok: false, message: '缺少必填列：办理环节' });
		expect(tableFromCsv(new TextEncoder().encode('a,b\r\n1,2'))).toBe('在前 10 行中没有找到表头（如“信访件编号”“办理环节”“办理时间”）');
	});
});
