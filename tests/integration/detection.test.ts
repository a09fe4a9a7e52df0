import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIntake, type IntakeRecord } from '../../src/lib/domain/intake.ts';
import { transaction } from '../../src/lib/server/db/connection.ts';
import { authenticateApiClient, createApiClient } from '../../src/lib/server/intake/api-clients.ts';
import { registerFromApi } from '../../src/lib/server/intake/api.ts';
import { commitLedger, previewLedger } from '../../src/lib/server/intake/import/jobs.ts';
import { registerItem, type Registrar } from '../../src/lib/server/intake/register.ts';
import { applyTransition, type ServiceActor } from '../../src/lib/server/lifecycle/index.ts';
import { flaggedItems } from '../../src/lib/server/letters/proposals.ts';
import { signalsOf } from '../../src/routes/(office)/items/[id]/signals.server.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { relayAll } from '../support/meetings.ts';
import { rollupDrift } from '../support/ops.ts';
import { idNumberOf, seedIntake } from '../support/intake.ts';

const ID = idNumberOf('37010219800202123');
const SUMMARY = '反映某建筑公司拖欠农民工工资三个月未支付';
const record = (receivedAt: string, over: Partial<IntakeRecord> = {}): IntakeRecord => ({
	channel: '来访', receivedAt, region: '370102', category: '劳动社保', type: '申诉求决类', summary: SUMMARY,
	petitionerName: '王五', phone: '13800000009', idNumber: ID, ...over
});

describe('detection at the source: the form, the API and an import mark 越级, 重复 and 群体 alike', () => {
	let db: TestDatabase;
	let jinan: Registrar & { userId: number };
	let province: Registrar & { userId: number };
	let units: Record<string, number>;
	const form = (r: IntakeRecord, who: Registrar, now: Date) => {
		const checked = checkIntake(r, now);
		if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
		return transaction(db.sql, (tx) => registerItem(tx, checked.draft, who, { source: 'form', now, note: '窗口登记' }));
	};
	const row = async (id: bigint | string) =>
		(await db.sql<{ skip: boolean; repeatOf: string | null; headcount: number; detection: { skipLevel: { explanation: string }; repeat: { reason: string; matched: { factor: string }[] } | null; group: { isGroupVisit: boolean } } }[]>`
			select skip_level as skip, repeat_of::text as "repeatOf", headcount, detection from petition_item where id = ${String(id)}::bigint`)[0];

	beforeAll(async () => {
		db = await createTestDatabase();
		({ registrar: jinan, units } = await seedIntake(db.sql));
		const [user] = await db.sql<{ id: number }[]>`
			insert into app_user (username, display_name, password_hash, role, scope_region)
			values ('ducha', '省信访局督查督办处', 'not-a-real-hash', 'supervisor', '370000') returning id`;
		province = { scope: '370000', actor: '省信访局督查督办处', userId: user.id, username: 'ducha', apiClientId: null, ip: null };
	});
	afterAll(async () => {
		await db?.drop();
	});

	let first: bigint;
	it('the form: a first visit to the city is neither 越级 nor a repeat; the same person again is a repeat, with the reason stored', async () => {
		const a = await form(record('2026-10-10 09:00'), jinan, new Date('2026-10-10T12:00:00+08:00'));
		first = a.id;
		expect(await row(a.id)).toMatchObject({ skip: false, repeatOf: null, detection: { repeat: null, group: { isGroupVisit: false } } });
		expect((await row(a.id)).detection.skipLevel.explanation).toBe('有权处理机关为县级，本次到市级，属上一级，不是越级');

		const b = await form(record('2026-11-02 09:00', { summary: `再次${SUMMARY}`, headcount: '6' }), jinan, new Date('2026-11-02T12:00:00+08:00'));
		const stored = await row(b.id);
		expect(stored).toMatchObject({ skip: false, repeatOf: String(a.id), headcount: 6, detection: { group: { isGroupVisit: true } } });
		expect(stored.detection.repeat!.reason).toMatch(/^认定重复信访：相隔 23 天，同一信访人.*诉求内容相似/);
		expect(b.detection.repeat?.earlierId).toBe(String(a.id));
		// the wall hears the marks through the feed
		const [out] = await db.sql`select payload from outbox where entity_id = ${String(b.id)} and op = 'insert'`;
		expect(out.payload).toMatchObject({ repeat: true, skipLevel: false, headcount: 6 });
		const [entry] = await db.sql`select detail from audit_log where target = ${b.serial}`;
		expect(entry.detail).toMatchObject({ repeatOf: String(a.id), group: true, skipLevel: false });
	});

	it('the form at the province: a county matter brought to the province is 越级', async () => {
		const c = await form(record('2026-11-05 09:00', { petitionerName: '赵六', idNumber: idNumberOf('37010219750505123'), phone: '' }), province, new Date('2026-11-05T12:00:00+08:00'));
		expect(await row(c.id)).toMatchObject({ skip: true, repeatOf: null });
		expect((await row(c.id)).detection.skipLevel.explanation).toBe('有权处理机关为县级，本次到省级，高出 2 级，属越级');
	});

	it('the API: an upstream system scoped to the province marks 越级 and finds the repeat', async () => {
		const { token } = await createApiClient(db.sql, { name: '国家信访信息系统', source: 'national', scope: '370000' }, province.userId);
		const client = (await authenticateApiClient(db.sql, `Bearer ${token}`))!;
		const reply = await registerFromApi(
			db.sql,
			client,
			{ sourceId: 'GJ-DET-1', channel: 'visit', receivedAt: '2026-11-10T09:30:00+08:00', region: '370102', category: 'labour', type: 'appeal', summary: SUMMARY, headcount: 1, petitioner: { name: '王五', phone: null, idNumber: ID } },
			{ ip: null, now: new Date('2026-11-10T12:00:00+08:00') }
		);
		expect(reply.status).toBe(201);
		const stored = await row((reply.body as { id: string }).id);
		expect(stored.skip).toBe(true);
		expect(stored.repeatOf).not.toBeNull();
		expect(stored.detection.repeat!.matched.map((m) => m.factor)).toContain('person');

		// 信访上行: the matter was at 济南市 twice, then at the province; every item of it says so, the first one too
		const climb = ['同一事项逐级上行：市级 → 省级', [String(first), (reply.body as { id: string }).id], ['市级', '省级']];
		for (const id of [first, (reply.body as { id: string }).id]) {
			const { upward } = await signalsOf(db.sql, Number(id));
			expect([upward.explanation, upward.chain.map((s) => s.id), upward.chain.map((s) => s.level)], `item ${id}`).toEqual(climb);
		}
		// the proposals read the climb of a repeat over the item it repeats: 济南市 → the province, not 济南市 → 济南市
		const supervisor = { userId: province.userId, username: 'ducha', role: 'supervisor' as const, scope: '370000', unitId: null };
		const [{ earlierSerial }] = await db.sql<{ earlierSerial: string }[]>`select serial as "earlierSerial" from petition_item where id = ${stored.repeatOf!}::bigint`;
		const [upper] = await flaggedItems(db.sql, supervisor, [(reply.body as { id: string }).id], new Date('2026-11-10T12:00:00+08:00'));
		expect(upper.upward).toBe(`同一事项逐级上行：市级 → 省级（前次 ${earlierSerial}）`);
		const [{ second }] = await db.sql<{ second: string }[]>`select id::text as second from petition_item where repeat_of = ${String(first)}::bigint and detection->'skipLevel'->>'receivedBy' = '370100'`;
		expect((await flaggedItems(db.sql, supervisor, [second], new Date('2026-11-10T12:00:00+08:00')))[0].upward).toBeNull();

		// another person's item (赵六, at the province) stands alone
		const [{ alone }] = await db.sql<{ alone: string }[]>`select id::text as alone from petition_item where summary = ${SUMMARY} and repeat_of is null and id <> ${first}`;
		expect((await signalsOf(db.sql, Number(alone))).upward).toEqual({ climbing: false, explanation: '未发现同一事项的其他信访件', chain: [] });
	});

	it('the API: 越级 is judged by the 接待机关 the sender names (receivedBy), not by the scope of the client', async () => {
		const { token } = await createApiClient(db.sql, { name: '省信访信息系统', source: 'provincial', scope: '370000' }, province.userId);
		const client = (await authenticateApiClient(db.sql, `Bearer ${token}`))!;
		const now = new Date('2026-11-12T12:00:00+08:00');
		const post = (sourceId: string, receivedBy?: unknown) =>
			registerFromApi(db.sql, client, { sourceId, channel: 'visit', receivedAt: '2026-11-12T09:30:00+08:00', region: '370102', category: 'housing', type: 'appeal', summary: `${sourceId} 反映小区物业问题`, headcount: 1, ...(receivedBy === undefined ? {} : { receivedBy }) }, { ip: null, now });
		const explained = async (reply: Awaited<ReturnType<typeof post>>) => {
			expect(reply.status).toBe(201);
			const stored = await row((reply.body as { id: string }).id);
			return [stored.skip, stored.detection.skipLevel.explanation] as const;
		};
		// received by 历下区 itself, by 济南市, by the province, by the national bureau; unsaid: the client's scope (the province)
		expect(await explained(await post('SX-RB-1', '370102'))).toEqual([false, '有权处理机关为县级，本次到县级，属同级或下级，不是越级']);
		expect(await explained(await post('SX-RB-2', '370100'))).toEqual([false, '有权处理机关为县级，本次到市级，属上一级，不是越级']);
		expect(await explained(await post('SX-RB-3', '370000'))).toEqual([true, '有权处理机关为县级，本次到省级，高出 2 级，属越级']);
		expect(await explained(await post('SX-RB-4', '100000'))).toEqual([true, '有权处理机关为县级，本次到国家，高出 3 级，属越级']);
		expect(await explained(await post('SX-RB-5'))).toEqual([true, '有权处理机关为县级，本次到省级，高出 2 级，属越级']);
		const [{ stored }] = await db.sql<{ stored: string }[]>`select detection->'skipLevel'->>'receivedBy' as stored from petition_item where source_id = 'SX-RB-2'`;
		expect(stored).toBe('370100');

		// bad values: refused naming the field, nothing registered
		const count = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from petition_item`)[0].n;
		const before = await count();
		expect(await post('SX-RB-6', '3701')).toEqual({ status: 422, body: { error: '接待机关（receivedBy）应为 6 位行政区划代码（国家信访局为 100000）', field: 'receivedBy' } });
		expect(await post('SX-RB-7', '379999')).toEqual({ status: 422, body: { error: '接待机关（receivedBy）的行政区划代码 379999 不存在（国家信访局为 100000）', field: 'receivedBy' } });
		expect(await post('SX-RB-8', 370100)).toEqual({ status: 400, body: { error: '接待机关（receivedBy）应为文本（字符串）', field: 'receivedBy' } });
		expect(await count()).toBe(before);
	});

	it('转送交办 and 改派 judge 重复 again: the responsible unit is a repeat factor', async () => {
		// person + similar text = 0.55, under the 0.6 threshold; the same unit (0.1) makes it a repeat
		const zhao = idNumberOf('37010219850505234');
		const matter = '某物业公司长期占用小区公共绿地修建停车场';
		const now = new Date('2026-11-25T12:00:00+08:00');
		const earlier = await form(record('2026-11-20 09:00', { region: '370103', category: '劳动社保', summary: matter, petitionerName: '赵六', phone: '13900000006', idNumber: zhao, unit: '济南市人力资源和社会保障局' }), jinan, now);
		const later = await form(record('2026-11-24 09:00', { region: '370102', category: '城乡建设', summary: `再次${matter}`, petitionerName: '赵六', phone: '13900000006', idNumber: zhao }), jinan, now);
		expect((await row(later.id)).repeatOf).toBeNull();
		const office: ServiceActor = { role: 'supervisor', scope: '370100', unitId: null, name: '济南市督查督办科' };

		expect(await applyTransition(db.sql, office, String(later.id), 'route', { unitId: units.jinanLabour })).toMatchObject({ ok: true });
		const routed = await row(later.id);
		expect(routed.repeatOf).toBe(String(earlier.id));
		expect(routed.detection.repeat!.matched.map((m) => m.factor).sort()).toEqual(['person', 'text', 'unit']);
		expect(routed.detection.skipLevel.explanation).toBe('有权处理机关为县级，本次到市级，属上一级，不是越级'); // as registered

		expect(await applyTransition(db.sql, office, String(later.id), 'reassign', { unitId: units.lixiaLabour, reason: '属区级职责' })).toMatchObject({ ok: true });
		expect(await row(later.id)).toMatchObject({ repeatOf: null, detection: { repeat: null } });
		// the feed carried each change: the rollups' 重复 counts agree with a GROUP BY
		await relayAll(db.sql);
		expect(await rollupDrift(db.sql, 'rollup_daily')).toBe(0);
	});

	it('the import: a ledger row of the same person and matter is a repeat; another person is not', async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('台账');
		sheet.addRow(['台账编号', '信访形式*', '收件时间*', '问题属地*', '问题类别*', '信访类型*', '内容摘要*', '人数', '责任单位', '信访人姓名', '联系电话', '身份证号']);
		sheet.addRow(['LX-DET-1', '来信', '2026-11-15 10:00', '历下区', '劳动社保', '申诉求决类', SUMMARY, 1, '', '王五', '', ID]);
		sheet.addRow(['LX-DET-2', '来信', '2026-11-15 11:00', '历下区', '劳动社保', '申诉求决类', SUMMARY, 8, '', '钱八', '13700000008', '']);
		const now = new Date('2026-11-16T10:00:00+08:00');
		const preview = await previewLedger(db.sql, jinan, { name: '台账.xlsx', bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) }, now);
		if (!preview.ok) throw new Error(preview.message);
		expect(await commitLedger(db.sql, jinan, preview.jobId, now)).toMatchObject({ ok: true, items: 2 });
		const rows = await db.sql<{ sourceId: string; id: string }[]>`select source_id as "sourceId", id::text from petition_item where source = 'import' order by source_id`;
		const [same, other] = await Promise.all(rows.map((r) => row(r.id)));
		expect(same.repeatOf).not.toBeNull();
		expect(same.skip).toBe(false);
		expect(other).toMatchObject({ repeatOf: null, skip: false, detection: { group: { isGroupVisit: true } } });
		expect(first).toBeDefined();
	});
});
