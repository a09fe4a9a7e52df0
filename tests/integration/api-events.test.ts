import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { postItemEvent } from '../../src/lib/server/api/events.ts';
import { ensureRules } from '../../src/lib/server/clocks/config.ts';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { authenticateApiClient, createApiClient, type ApiClient } from '../../src/lib/server/intake/api-clients.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { insertItem } from '../support/fixtures.ts';
import { seedIntake } from '../support/intake.ts';

/**
 * POST /api/v1/items/{serial}/events on real Postgres: every event through the one lifecycle
 * service; idempotent by the sender's event id; ordered by when it happened; each refusal
 * answered in Chinese naming the field, with the item and everything around it unchanged.
 */
let db: TestDatabase;
let sql: Sql;
let units: Record<string, number>;
let jinan: ApiClient;
let qingdao: ApiClient;

const DAY = 86400_000;
// one instant for the whole file, so a time written can be compared with the time sent
const NOW = Date.now() - 60_000;
const ago = (days: number) => new Date(NOW - days * DAY);
const iso = (d: Date) => d.toISOString();
let n = 0;
const eventId = () => `EV-${++n}`;

async function newItem(region = '370102', receivedDaysAgo = 20) {
	const id = String(await insertItem(sql, { region, receivedAt: ago(receivedDaysAgo) }));
	const [{ serial }] = await sql<{ serial: string }[]>`select serial from petition_item where id = ${id}`;
	return { id, serial };
}
const post = (serial: string, body: unknown, client = jinan) => postItemEvent(sql, client, serial, body, { ip: '10.0.0.9' });

/** Everything an event could touch (the receipts apart: a refusal by the rules is remembered there). */
async function snapshot() {
	const [state] = await sql`
		select (select coalesce(jsonb_agg(to_jsonb(i) - 'light_at' order by id), '[]') from petition_item i) as items,
		       (select count(*) from petition_event)::int as events, (select count(*) from outbox)::int as outbox,
		       (select count(*) from audit_log)::int as audit, (select count(*) from clock_extension)::int as extensions,
		       (select count(*) from clock_pause)::int as pauses, (select count(*) from appeal)::int as appeals,
		       (select count(*) from extension_request)::int as requests`;
	return state;
}
const receipts = async () => (await sql`select count(*)::int as n from transition_receipt`)[0].n as number;

/** Posts and expects a refusal: the status, the field, a Chinese message naming the rule, nothing changed. */
async function refused(serial: string, body: unknown, status: number, field: string, options: { client?: ApiClient; remembered?: boolean } = {}) {
	const [before, receiptsBefore] = [await snapshot(), await receipts()];
	const reply = await post(serial, body, options.client);
	expect({ status: reply.status, field: reply.body.field }).toEqual({ status, field });
	expect(reply.body.error).toMatch(/[\u4e00-\u9fff]/);
	expect(await snapshot()).toEqual(before);
	expect(await receipts()).toBe(receiptsBefore + (options.remembered ? 1 : 0));
	return reply.body;
}

async function applied(serial: string, body: Record<string, unknown>) {
	const reply = await post(serial, body);
	if (reply.status !== 201) throw new Error(`${body.type} refused: ${reply.status} ${JSON.stringify(reply.body)}`);
	return reply.body;
}

beforeAll(async () => {
	db = await createTestDatabase();
	sql = db.sql;
	({ units } = await seedIntake(sql));
	await ensureRules(sql);
	const [{ id: admin }] = await sql`select id from app_user limit 1`;
	const a = await createApiClient(sql, { name: '济南市信访信息系统', source: 'provincial', scope: '370100' }, admin);
	const b = await createApiClient(sql, { name: '青岛12345', source: '12345', scope: '370200' }, admin);
	jinan = (await authenticateApiClient(sql, `Bearer ${a.token}`))!;
	qingdao = (await authenticateApiClient(sql, `Bearer ${b.token}`))!;
});
afterAll(() => db?.drop());

describe('POST /api/v1/items/{serial}/events: an upstream system moves an item', () => {
	it('carries an item route → accept → start → extend → conclude → evaluate → 复查 at the times they happened', async () => {
		const { id, serial } = await newItem();
		const outboxBefore = (await sql`select count(*)::int as n from outbox where entity_id = ${id}`)[0].n;
		const route = await applied(serial, { eventId: eventId(), type: 'route', at: iso(ago(19)), input: { unitId: units.lixiaLabour } });
		expect(route).toMatchObject({ serial, type: 'route', label: '转送交办', from: 'registered', to: 'routed', at: iso(ago(19)), replayed: false });
		await applied(serial, { eventId: eventId(), type: 'accept', at: iso(ago(17)) });
		await applied(serial, { eventId: eventId(), type: 'start', at: iso(ago(16)) });
		await applied(serial, { eventId: eventId(), type: 'extend-request', at: iso(ago(10)), input: { days: 10, reason: '涉及多个部门，需会商' } });
		await applied(serial, { eventId: eventId(), type: 'extend-approve', at: iso(ago(9)) });
		await applied(serial, { eventId: eventId(), type: 'conclude', at: iso(ago(5)), input: { outcome: 'partial', text: '部分诉求予以支持。' } });
		await applied(serial, { eventId: eventId(), type: 'evaluate', at: iso(ago(4)), input: { satisfaction: 'basic' } });
		const review = await applied(serial, { eventId: eventId(), type: 'review-request', at: iso(ago(3)) });
		expect(review).toMatchObject({ from: 'concluded', to: 'review' });

		const [item] = await sql`
			select status, unit_id as "unitId", routed_at as "routedAt", accepted_at as "acceptedAt", extended_days as "extendedDays",
			       outcome, decision_text as "decisionText", satisfaction from petition_item where id = ${id}`;
		expect(item).toEqual({
			status: 'review', unitId: units.lixiaLabour, routedAt: ago(19), acceptedAt: ago(17), extendedDays: 10,
			outcome: 'partial', decisionText: '部分诉求予以支持。', satisfaction: 'basic'
		});
		const events = await sql`select to_status as "to", actor from petition_event where item_id = ${id} and actor like '接口:%' order by at`;
		expect(events.map((e) => e.to)).toEqual(['routed', 'accepted', 'handling', 'handling', 'handling', 'concluded', 'concluded', 'review']);
		expect(new Set(events.map((e) => e.actor))).toEqual(new Set(['接口:济南市信访信息系统']));
		const audits = await sql`select username, detail->>'sourceEventId' as "eventId" from audit_log where action = 'item.transition' and target = ${id}`;
		expect(audits).toHaveLength(8);
		expect(audits.every((a) => a.username === '接口:济南市信访信息系统' && /^EV-\d+$/.test(a.eventId))).toBe(true);
		// each step reached the outbox, so the wall sees it
		expect((await sql`select count(*)::int as n from outbox where entity_id = ${id}`)[0].n).toBeGreaterThanOrEqual(outboxBefore + 6);
	});

	it('answers a repeated event id with the first answer and the same status, writing nothing again (also when sent at once)', async () => {
		const { id, serial } = await newItem();
		const body = { eventId: eventId(), type: 'route', at: iso(ago(18)), input: { unitId: units.lixiaLabour } };
		const first = await post(serial, body);
		expect(first.status).toBe(201);
		const before = await snapshot();
		const again = await post(serial, body);
		expect(again).toEqual({ status: 201, body: { ...first.body, replayed: true } });
		// the same id with another time or input is still the event already answered
		expect(await post(serial, { ...body, at: iso(ago(1)) })).toEqual(again);
		expect(await snapshot()).toEqual(before);

		const accept = { eventId: eventId(), type: 'accept', at: iso(ago(15)) };
		const replies = await Promise.all(Array.from({ length: 8 }, () => post(serial, accept)));
		expect(replies.map((r) => r.status)).toEqual(Array(8).fill(201));
		expect(replies.filter((r) => r.body.replayed === false)).toHaveLength(1);
		expect(new Set(replies.map((r) => r.body.itemEventId)).size).toBe(1);
		expect((await sql`select count(*)::int as n from petition_event where item_id = ${id} and to_status = 'accepted'`)[0].n).toBe(1);

		// a refusal is an answer too: the same id gets it again
		const late = { eventId: eventId(), type: 'start', at: iso(ago(16)) };
		const no = await refused(serial, late, 409, 'at', { remembered: true });
		const noAgain = await post(serial, late);
		expect(noAgain).toEqual({ status: 409, body: { ...no, replayed: true } });

		// one id for two items (or two actions) is refused, never applied
		const other = await newItem();
		const body2 = await refused(other.serial, { ...body, input: { unitId: units.lixiaLabour } }, 409, 'eventId');
		expect(body2.error).toContain(body.eventId);
		await refused(serial, { eventId: body.eventId, type: 'start', at: iso(ago(1)) }, 409, 'eventId');

		// one new id sent for two items at the same moment: one is applied, the other refused, neither half-applied
		const [x, y] = [await newItem(), await newItem()];
		const shared = { eventId: eventId(), type: 'route', at: iso(ago(10)), input: { unitId: units.lixiaLabour } };
		const both = await Promise.all([post(x.serial, shared), post(y.serial, shared)]);
		expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
		const routed = await sql`select count(*)::int as n from petition_item where id in ${sql([x.id, y.id])} and status = 'routed'`;
		expect(routed[0].n).toBe(1);
	});

	it('places a late event by its time when it still fits, and refuses one that no longer does (409, the reason, nothing applied)', async () => {
		const { id, serial } = await newItem('370102', 30);
		// reported three weeks late: placed at its own time, and the clocks run from then
		await applied(serial, { eventId: eventId(), type: 'route', at: iso(ago(28)), input: { unitId: units.lixiaLabour } });
		const [row] = await sql`select routed_at as "routedAt", accept_due::text as "acceptDue" from petition_item where id = ${id}`;
		expect(row.routedAt).toEqual(ago(28));
		expect(row.acceptDue).not.toBeNull();
		await applied(serial, { eventId: eventId(), type: 'accept', at: iso(ago(20)) });
		// between the route and the accept: it no longer fits after the accept
		const body = await refused(serial, { eventId: eventId(), type: 'extend-request', at: iso(ago(25)), input: { days: 5, reason: '会商' } }, 409, 'at', { remembered: true });
		expect(body).toMatchObject({ rule: 'order', error: expect.stringMatching(/^【时序】申请延期的时间 .* 早于该事项最近一次办理 .*已不能按时间顺序补入$/) });
		// after the last step it fits, even though it arrives later still
		await applied(serial, { eventId: eventId(), type: 'start', at: iso(ago(19)) });
		await applied(serial, { eventId: eventId(), type: 'extend-request', at: iso(ago(18)), input: { days: 5, reason: '会商' } });
		expect((await sql`select requested_at as at from extension_request where item_id = ${id}`)[0].at).toEqual(ago(18));
		// an event in the future has not happened
		await refused(serial, { eventId: eventId(), type: 'start', at: iso(new Date(Date.now() + 3600_000)) }, 400, 'at', { remembered: true });
		// a step the item's state does not allow is refused by the rule that refuses it
		const state = await refused(serial, { eventId: eventId(), type: 'evaluate', at: iso(ago(1)), input: { satisfaction: 'satisfied' } }, 409, 'type', { remembered: true });
		expect(state).toMatchObject({ rule: 'state', error: expect.stringMatching(/^【状态】事项当前为“办理中”，不能评价/) });
	});

	it('answers 404 for an unknown serial and for an item outside the client’s scope, changing nothing', async () => {
		const { serial } = await newItem();
		const route = (id: string) => ({ eventId: id, type: 'route', at: iso(ago(10)), input: { unitId: units.lixiaLabour } });
		expect(await refused('370102-20200101-999999', route(eventId()), 404, 'serial')).toMatchObject({ error: '【信访事项】没有找到编号为 370102-20200101-999999 的信访事项' });
		await refused('not-a-serial', route(eventId()), 404, 'serial');
		await refused(serial.toLowerCase() + ' ', route(eventId()), 404, 'serial');
		// 历下区 is not 青岛's: the same answer as for no item at all
		const outside = await refused(serial, route(eventId()), 404, 'serial', { client: qingdao });
		expect(outside.error).toBe(`【信访事项】没有找到编号为 ${serial} 的信访事项`);
		// and a unit outside the client's scope cannot receive an item
		const { serial: mine } = await newItem('370102');
		const far = await refused(mine, { ...route(eventId()), input: { unitId: units.shinanLabour } }, 400, 'input.unitId', { remembered: true });
		expect(far.error).toContain('不在您的管辖范围内');
	});

	it('refuses a bad body with 400 naming the field, before anything is read or written', async () => {
		const { serial } = await newItem();
		const ok = { eventId: eventId(), type: 'reject', at: iso(ago(1)), input: { reason: '不属于信访事项', noticeOn: '2026-11-20' } };
		const cases: [unknown, string, RegExp][] = [
			[[], '', /JSON 对象/],
			[{ ...ok, extra: 1 }, 'extra', /不支持的字段 extra/],
			[{ ...ok, eventId: undefined }, 'eventId', /缺少字段 eventId/],
			[{ ...ok, eventId: 42 }, 'eventId', /应为文本/],
			[{ ...ok, eventId: ' EV ' }, 'eventId', /首尾空格/],
			[{ ...ok, eventId: 'x'.repeat(101) }, 'eventId', /1–100/],
			[{ ...ok, type: 'approve-everything' }, 'type', /事件类型（type）未知：approve-everything；可用的类型：route、reassign/],
			[{ ...ok, type: undefined }, 'type', /缺少字段 type/],
			[{ ...ok, at: undefined }, 'at', /缺少字段 at/],
			[{ ...ok, at: '2026-11-20 09:00' }, 'at', /带时区的 ISO 8601/],
			[{ ...ok, at: '2026-02-30T09:00:00+08:00' }, 'at', /带时区/],
			[{ ...ok, input: [] }, 'input', /JSON 对象/],
			[{ ...ok, input: { ...ok.input, note: 'x' } }, 'input.note', /事件类型 reject 不需要字段 input.note/],
			[{ ...ok, input: { noticeOn: '2026-11-20' } }, 'input.reason', /缺少字段 input.reason（不予受理理由）/],
			[{ ...ok, input: { ...ok.input, reason: '   ' } }, 'input.reason', /不能为空/],
			[{ ...ok, input: { ...ok.input, reason: '长'.repeat(501) } }, 'input.reason', /不能超过 500 字/],
			[{ ...ok, input: { ...ok.input, noticeOn: '11/20/2026' } }, 'input.noticeOn', /年-月-日/],
			[{ ...ok, type: 'extend-request', input: { days: '10', reason: '会商' } }, 'input.days', /延期天数（input.days）应为整数/],
			[{ ...ok, type: 'extend-request', input: { days: 31, reason: '会商' } }, 'input.days', /1–30/],
			[{ ...ok, type: 'conclude', input: { outcome: '支持', text: '意见' } }, 'input.outcome', /只能是：support（支持）、partial（部分支持）、explain（解释说明）、reject（不予支持）/],
			[{ ...ok, type: 'evaluate', input: {} }, 'input.satisfaction', /缺少字段 input.satisfaction（评价）/]
		];
		for (const [body, field, message] of cases) {
			const reply = await refused(serial, body, 400, field);
			expect(reply.error, JSON.stringify(body).slice(0, 80)).toMatch(message);
		}
		// the rules' own input checks answer 400 too, naming the field under input. (on a routed item, so
		// that no other rule refuses first, whatever order the rules are asked in)
		await applied(serial, { eventId: eventId(), type: 'route', at: iso(ago(2)), input: { unitId: units.lixiaLabour } });
		const routed = await refused(serial, { ...ok, input: { reason: '不属于信访事项', noticeOn: '2099-01-01' } }, 400, 'input.noticeOn', { remembered: true });
		expect(routed.error).toMatch(/告知日期不能晚于办理当日/);
	});
});
