import { createHash } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { checkIntake, type IntakeDraft, type IntakeRecord } from '../../src/lib/domain/intake.ts';
import { transaction } from '../../src/lib/server/db/connection.ts';
import { createApiClient, authenticateApiClient } from '../../src/lib/server/intake/api-clients.ts';
import { registerFromApi } from '../../src/lib/server/intake/api.ts';
import { IntakeRefusal, registerItem, type Registrar } from '../../src/lib/server/intake/register.ts';
import { openPetitioner } from '../../src/lib/server/intake/petitioners.ts';
import { blindIndex } from '../../src/lib/server/personal-data/codec.ts';
import { keyring } from '../../src/lib/server/personal-data/keyring.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { idNumberOf, seedIntake } from '../support/intake.ts';

const NOW = new Date('2026-11-20T10:00:00+08:00');
const ID = idNumberOf('37010219700101123');

const draftOf = (record: IntakeRecord): IntakeDraft => {
	const checked = checkIntake(record, NOW);
	if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
	return checked.draft;
};
const base = (): IntakeRecord => ({
	channel: '来访', receivedAt: '2026-11-18 09:30', region: '370102', category: '劳动社保', type: '申诉求决类',
	summary: '反映某建筑工地拖欠农民工工资三个月未支付', petitionerName: '张三', phone: '13800000000', idNumber: ID
});

describe('registerItem: one function behind the form, the API and the import', () => {
	let db: TestDatabase;
	let units: Record<string, number>;
	let registrar: Registrar & { userId: number };
	const register = (record: IntakeRecord, who: Registrar = registrar) =>
		transaction(db.sql, (tx) => registerItem(tx, draftOf(record), who, { source: 'form', now: NOW, note: '窗口登记' }));
	const counts = async () => {
		const [row] = await db.sql<{ items: number; petitioners: number; events: number; outbox: number; warnings: number; audit: number }[]>`
			select (select count(*)::int from petition_item) as items, (select count(*)::int from petitioner) as petitioners,
			       (select count(*)::int from petition_event) as events, (select count(*)::int from outbox) as outbox,
			       (select count(*)::int from item_quality_warning) as warnings, (select count(*)::int from audit_log) as audit`;
		return row;
	};

	beforeAll(async () => {
		db = await createTestDatabase();
		({ units, registrar } = await seedIntake(db.sql));
	});
	afterAll(async () => {
		await db?.drop();
	});

	it('writes the item with its clocks, the petitioner (identity hashed), the 登记 event, the warnings, the outbox row and an audit entry', async () => {
		const before = await counts();
		const item = await register({ ...base(), unit: String(units.lixiaLabour) });
		expect(item.serial).toMatch(/^370102-20261118-\d{6}$/);
		expect(item.status).toBe('registered');
		const [row] = await db.sql`
			select i.*, i.route_due::text as due, p.name, p.id_number_enc, p.phone_enc, p.legacy_id_number, p.legacy_phone, encode(p.identity_hash, 'hex') as hash
			  from petition_item i join petitioner p on p.id = i.petitioner_id where i.id = ${item.id}`;
		expect(row).toMatchObject({
			channel: 'visit', region: '370102', category: 'labour', type: 'appeal', status: 'registered', headcount: 1,
			unit_id: units.lixiaLabour, due: '2026-12-03', source: 'form', source_id: null, registered_by: registrar.userId,
			name: '张三', legacy_id_number: null, legacy_phone: null, hash: blindIndex(keyring(), 'id', ID).toString('hex')
		});
		// sealed with SM4, not stored in the clear: the ciphertext opens to what was registered
		expect(openPetitioner({ idNumberEnc: row.id_number_enc, phoneEnc: row.phone_enc })).toEqual({ idNumber: ID, phone: '13800000000' });
		expect(row.id_number_enc.includes(Buffer.from(ID))).toBe(false);
		expect(row.received_at).toEqual(new Date('2026-11-18T01:30:00Z'));
		const events = await db.sql`select to_status, actor, note, at from petition_event where item_id = ${item.id}`;
		expect(events).toEqual([{ to_status: 'registered', actor: '济南市督查督办科', note: '窗口登记', at: new Date('2026-11-18T01:30:00Z') }]);
		const [outbox] = await db.sql`select op, region_path, payload from outbox where entity_id = ${String(item.id)}`;
		expect(outbox).toMatchObject({ op: 'insert', region_path: ['370000', '370100', '370102'], payload: { serial: item.serial, status: 'registered' } });
		const [entry] = await db.sql`select action, target, username, detail from audit_log order by id desc limit 1`;
		expect(entry).toMatchObject({ action: 'item.register', target: item.serial, username: 'jinan.ducha', detail: { source: 'form', region: '370102' } });
		expect(item.warnings).toEqual([]);
		const after = await counts();
		expect(after).toEqual({ ...before, items: before.items + 1, petitioners: before.petitioners + 1, events: before.events + 1, outbox: before.outbox + 1, audit: before.audit + 1 });
	});

	it('registers and routes in one step when a routing time is given', async () => {
		const item = await register({ ...base(), petitionerName: '李四', idNumber: '', phone: '13900000001', unit: '历下区人力资源和社会保障局', routedAt: '2026-11-19 15:00' });
		expect(item.status).toBe('routed');
		const [row] = await db.sql`select status, routed_at, accept_due::text as accept_due, route_due::text as route_due from petition_item where id = ${item.id}`;
		expect(row).toEqual({ status: 'routed', routed_at: new Date('2026-11-19T07:00:00Z'), accept_due: '2026-12-04', route_due: '2026-12-03' });
		const events = await db.sql`select from_status, to_status, note from petition_event where item_id = ${item.id} order by at`;
		expect(events).toEqual([
			{ from_status: null, to_status: 'registered', note: '窗口登记' },
			{ from_status: 'registered', to_status: 'routed', note: '转送交办济南市历下区人力资源和社会保障局' }
		]);
		expect(item.warnings.map((w) => w.code)).toEqual(['id_number_missing']);
	});

	it('stores the 智能校对 warnings with the item, so they can be counted per unit', async () => {
		const item = await register({ ...base(), receivedAt: '2026-11-14 22:10', unit: String(units.lixiaEducation), petitionerName: '王五', idNumber: '', phone: '' });
		const stored = await db.sql<{ code: string }[]>`select code from item_quality_warning where item_id = ${item.id} order by code`;
		expect(stored.map((w) => w.code)).toEqual(['id_number_missing', 'phone_missing', 'unit_sector_mismatch', 'visit_at_night', 'visit_on_weekend']);
		const perUnit = await db.sql`
			select i.unit_id, count(*)::int as n from item_quality_warning w join petition_item i on i.id = w.item_id
			 where i.unit_id = ${units.lixiaEducation} group by 1`;
		expect(perUnit).toEqual([{ unit_id: units.lixiaEducation, n: 5 }]);
	});

	it('registers an item received before 2000 with its warning stored, not refused (the code holds digits)', async () => {
		const item = await register({ ...base(), receivedAt: '1999-12-30 10:00', petitionerName: '周八', idNumber: '', phone: '13700000008', unit: String(units.lixiaLabour) });
		expect(item.serial).toMatch(/^370102-19991230-\d{6}$/);
		expect(item.warnings.map((w) => w.code)).toContain('received_before_2000');
		const stored = await db.sql<{ code: string; field: string }[]>`select code, field from item_quality_warning where item_id = ${item.id} and code = 'received_before_2000'`;
		expect(stored).toEqual([{ code: 'received_before_2000', field: 'receivedAt' }]);
	});

	it('finds a known petitioner by ID number: one record, the phone filled in, a different name warned about', async () => {
		const first = await register({ ...base(), idNumber: idNumberOf('37010219800202123'), petitionerName: '赵六', phone: '' });
		const second = await register({ ...base(), idNumber: idNumberOf('37010219800202123'), petitionerName: '赵陆', phone: '13700000002' });
		const rows = await db.sql`select petitioner_id from petition_item where id in (${first.id}, ${second.id})`;
		expect(new Set(rows.map((r) => String(r.petitioner_id))).size).toBe(1);
		const [person] = await db.sql`select name, id_number_enc, phone_enc from petitioner where id = ${rows[0].petitioner_id}`;
		expect(person.name).toBe('赵六');
		expect(openPetitioner({ idNumberEnc: person.id_number_enc, phoneEnc: person.phone_enc }).phone).toBe('13700000002');
		expect(second.warnings.find((w) => w.code === 'petitioner_name_differs')?.message).toContain('赵*');
	});

	it.each([
		['a place outside the scope', { region: '370202' }, 403, 'region', '管辖范围'],
		['an unknown adcode', { region: '379999' }, 422, 'region', '不存在'],
		['a name two regions share', { region: '市中区' }, 422, 'region', '多个地区'],
		['a unit of another county', { unit: '济南市市中区人力资源和社会保障局' }, 422, 'unit', '历下区或其上级'],
		['a unit id of another city', { unit: 'UNIT:shinanLabour' }, 422, 'unit', '不存在，或不属于'],
		['an unknown unit', { unit: '历下区不存在局' }, 422, 'unit', '找不到']
	] as const)('refuses %s, naming the field, and writes nothing', async (_, change, status, field, says) => {
		const before = await counts();
		const record = { ...base(), ...change } as IntakeRecord;
		if (record.unit?.startsWith('UNIT:')) record.unit = String(units[record.unit.slice(5)]);
		const refusal = await register(record).catch((e: unknown) => e);
		expect(refusal).toBeInstanceOf(IntakeRefusal);
		expect(refusal).toMatchObject({ status, field });
		expect((refusal as Error).message).toContain(says);
		expect(await counts()).toEqual(before);
	});

	it('resolves 市中区 when written in full, and a unit of the city above', async () => {
		const item = await register({ ...base(), region: '济南市市中区', unit: '济南市人力资源和社会保障局' });
		const [row] = await db.sql`select region, unit_id from petition_item where id = ${item.id}`;
		expect(row).toEqual({ region: '370103', unit_id: units.jinanLabour });
		// a city department for a county matter is the competent body one level up: nothing to warn about
		expect(item.warnings.map((w) => w.code)).toEqual([]);
	});

	it('gives concurrent registrations of one county and day consecutive, distinct serials', async () => {
		const record = { ...base(), receivedAt: '2026-11-19 08:00', region: '370103', petitionerName: '', phone: '', idNumber: '' };
		const items = await Promise.all(Array.from({ length: 12 }, () => register(record)));
		const numbers = items.map((i) => Number(i.serial.slice(-6))).sort((a, b) => a - b);
		expect(numbers).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
		expect(new Set(items.map((i) => i.serial)).size).toBe(12);
	});
});

describe('POST /api/v1/items logic: idempotent by (source, sourceId)', () => {
	let db: TestDatabase;
	let units: Record<string, number>;
	let token: string;

	beforeAll(async () => {
		db = await createTestDatabase();
		({ units } = await seedIntake(db.sql));
		({ token } = await createApiClient(db.sql, { name: '国家信访信息系统', source: 'national', scope: '370000' }, (await db.sql`select id from app_user limit 1`)[0].id));
	});
	afterAll(async () => {
		await db?.drop();
	});
	let n = 0;
	let sourceId: string;
	beforeEach(() => {
		sourceId = `GJ-2026-${String(++n).padStart(6, '0')}`;
	});
	const body = () => ({
		sourceId, channel: 'online', receivedAt: '2026-11-19T09:30:00+08:00', region: '370102', category: 'labour', type: 'appeal',
		summary: '网上反映某公司拖欠工资', headcount: 2, unitId: units.lixiaLabour, petitioner: { name: '孙七', phone: '13600000003', idNumber: null }
	});
	const client = async () => (await authenticateApiClient(db.sql, `Bearer ${token}`))!;
	const post = async (payload: unknown) => registerFromApi(db.sql, await client(), payload, { ip: '10.0.0.1', now: NOW });

	it('authenticates by bearer token, refusing malformed, unknown and disabled ones', async () => {
		expect(await client()).toMatchObject({ name: '国家信访信息系统', source: 'national', scope: '370000' });
		for (const header of [null, '', token, `Basic ${token}`, `Bearer ${token}x`, `Bearer ${token.toUpperCase()}`, `Bearer lwk_${'a'.repeat(32)}`, `Bearer  ${token}`])
			expect(await authenticateApiClient(db.sql, header), String(header)).toBeNull();
		const [{ token_hash }] = await db.sql`select token_hash from api_client`;
		expect(token_hash).toBe(createHash('sha256').update(token).digest('hex'));
		expect(token_hash).not.toContain(token.slice(4));
	});

	it('registers once (201), and a retry returns the same item with 200, changing nothing', async () => {
		const first = await post(body());
		expect(first.status).toBe(201);
		expect(first.body).toMatchObject({ serial: expect.stringMatching(/^370102-20261119-/), status: 'registered', source: 'national', sourceId, duplicate: false });
		const [row] = await db.sql`select source, source_id, api_client_id, registered_by, headcount from petition_item where id = ${first.body.id as string}`;
		expect(row).toMatchObject({ source: 'national', source_id: sourceId, registered_by: null, headcount: 2 });
		const [outboxBefore, auditBefore] = [(await db.sql`select count(*)::int as n from outbox`)[0].n, (await db.sql`select count(*)::int as n from audit_log`)[0].n];
		const retry = await post(body());
		expect(retry.status).toBe(200);
		expect(retry.body).toEqual({ ...first.body, duplicate: true });
		expect((await db.sql`select count(*)::int as n from outbox`)[0].n).toBe(outboxBefore);
		expect((await db.sql`select count(*)::int as n from audit_log`)[0].n).toBe(auditBefore);
		expect((await db.sql`select count(*)::int as n from petition_item where source_id = ${sourceId}`)[0].n).toBe(1);
	});

	it('registers an item received before 2000 (201), its 智能校对 warning returned and stored', async () => {
		const reply = await post({ ...body(), receivedAt: '1999-12-30T09:30:00+08:00' });
		expect(reply.status, JSON.stringify(reply.body)).toBe(201);
		expect(reply.body.warnings).toEqual(expect.arrayContaining([expect.objectContaining({ code: 'received_before_2000', field: 'receivedAt' })]));
		const stored = await db.sql`select w.code from item_quality_warning w join petition_item i on i.id = w.item_id where i.source_id = ${sourceId}`;
		expect(stored.map((w) => w.code)).toContain('received_before_2000');
	});

	it('turns 20 concurrent duplicate posts into exactly one item', async () => {
		const replies = await Promise.all(Array.from({ length: 20 }, () => post(body())));
		expect(replies.filter((r) => r.status === 201)).toHaveLength(1);
		expect(replies.filter((r) => r.status === 200)).toHaveLength(19);
		expect(new Set(replies.map((r) => r.body.id)).size).toBe(1);
		const [{ items, events, petitioners }] = await db.sql`
			select (select count(*)::int from petition_item where source = 'national' and source_id = ${sourceId}) as items,
			       (select count(*)::int from petition_event e join petition_item i on i.id = e.item_id where i.source_id = ${sourceId}) as events,
			       (select count(*)::int from petitioner where name = '孙七') as petitioners`;
		expect({ items, events, petitioners }).toEqual({ items: 1, events: 1, petitioners: 1 });
	});

	it('refuses the same source id with different content (409), and a second source may reuse the number', async () => {
		expect((await post(body())).status).toBe(201);
		const changed = await post({ ...body(), summary: '另一件事' });
		expect(changed).toMatchObject({ status: 409, body: { field: 'sourceId' } });
		expect(changed.body.error).toContain('内容与本次提交不同');
		const [{ id: user }] = await db.sql`select id from app_user limit 1`;
		const other = await createApiClient(db.sql, { name: '12345政务服务热线', source: '12345', scope: '370100' }, user);
		const hotline = (await authenticateApiClient(db.sql, `Bearer ${other.token}`))!;
		expect((await registerFromApi(db.sql, hotline, body(), { ip: null, now: NOW })).status).toBe(201);
	});

	it.each([
		['not an object', [], 400, ''],
		['an unknown field', { ...{ sourceId: 'x' }, recievedAt: '2026-11-19' }, 400, 'recievedAt'],
		['a missing sourceId', { sourceId: undefined }, 400, 'sourceId'],
		['a number as text', { headcount: '2' }, 400, 'headcount'],
		['a nested unknown field', { petitioner: { name: '孙七', mobile: '1' } }, 400, 'petitioner.mobile'],
		['both unitId and unitName', { unitName: '济南市历下区人力资源和社会保障局' }, 400, 'unitId'],
		['a region name', { region: '历下区' }, 422, 'region'],
		['a bad channel', { channel: 'pigeon' }, 422, 'channel'],
		['a bad time', { receivedAt: '19/11/2026' }, 422, 'receivedAt'],
		['a fractional headcount', { headcount: 1.5 }, 422, 'headcount'],
		['a bad phone', { petitioner: { name: '孙七', phone: '12345' } }, 422, 'petitioner.phone'],
		['a bad ID number', { petitioner: { name: '孙七', idNumber: '370102197001011230' } }, 422, 'petitioner.idNumber'],
		['a unit of another city', { unitId: 'SHINAN' }, 422, 'unitId'],
		['an adcode that does not exist', { region: '410102' }, 422, 'region']
	] as const)('refuses %s with %i naming %s, in Chinese, writing nothing', async (_, change, status, field) => {
		const payload = Array.isArray(change) ? change : { ...body(), ...change };
		if (!Array.isArray(payload) && (payload as Record<string, unknown>).unitId === 'SHINAN') (payload as Record<string, unknown>).unitId = units.shinanLabour;
		const [{ n: before }] = await db.sql`select count(*)::int as n from petition_item`;
		const reply = await post(payload);
		expect(reply.status, JSON.stringify(reply.body)).toBe(status);
		expect(reply.body.field).toBe(field);
		expect(String(reply.body.error)).toMatch(/[\u4e00-\u9fff]/);
		expect((await db.sql`select count(*)::int as n from petition_item`)[0].n).toBe(before);
	});

	it('refuses a place outside a city client’s scope with 403', async () => {
		const [{ id: user }] = await db.sql`select id from app_user limit 1`;
		const city = await createApiClient(db.sql, { name: '济南12345', source: '12345', scope: '370100' }, user);
		const jinan = (await authenticateApiClient(db.sql, `Bearer ${city.token}`))!;
		const reply = await registerFromApi(db.sql, jinan, { ...body(), region: '370202', unitId: null }, { ip: null, now: NOW });
		expect(reply).toMatchObject({ status: 403, body: { field: 'region' } });
	});
});
