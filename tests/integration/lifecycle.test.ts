import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { t } from '../../src/lib/domain/spec-support.ts';
import { ensureRules } from '../../src/lib/server/clocks/config.ts';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { applyTransition, checkLink, createEvaluationLink, evaluateByLink, itemIdOfSerial, type ServiceActor, type TransitionResult } from '../../src/lib/server/lifecycle/index.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { insertItem, seedRegions } from '../support/fixtures.ts';

let db: TestDatabase;
let sql: Sql;
let unitA: number;
let unitB: number;
const office: ServiceActor = { role: 'supervisor', scope: '370100', unitId: null, name: '市信访局 王督查', userId: null, username: 'wang' };
const clerk = (unitId: number): ServiceActor => ({ role: 'unit', scope: '370102', unitId, name: `单位${unitId} 经办` });
const head = (unitId: number): ServiceActor => ({ ...clerk(unitId), unitHead: true, name: `单位${unitId} 局长` });

/** Everything a transition could touch, for "a refusal changes nothing". */
async function snapshot(id: string) {
	const [item] = await sql`select to_jsonb(i) - 'light_at' as row from petition_item i where id = ${id}`;
	const [counts] = await sql`
		select (select count(*) from petition_event)::int as events, (select count(*) from outbox)::int as outbox,
		       (select count(*) from audit_log)::int as audit, (select count(*) from clock_extension)::int as extensions,
		       (select count(*) from clock_pause)::int as pauses, (select count(*) from appeal)::int as appeals,
		       (select count(*) from extension_request)::int as requests, (select count(*) from evaluation_link where used_at is not null)::int as used`;
	return { item: item.row, counts };
}

async function ok(result: Promise<TransitionResult>) {
	const r = await result;
	if (!r.ok) throw new Error(`refused ${r.rule}: ${r.message}`);
	return r;
}

/** Applies and expects a refusal by `rule`, with the database exactly as before. */
async function refusedUnchanged(id: string, run: () => Promise<TransitionResult>, rule: string, status: number) {
	const before = await snapshot(id);
	const r = await run();
	expect(r.ok ? 'applied' : `${r.status} ${r.rule}`).toBe(`${status} ${rule}`);
	if (!r.ok) expect(r.message).toMatch(/^【[^】]+】/);
	expect(await snapshot(id)).toEqual(before);
}

const newItem = async (received = '2026-03-02 09:00') => String(await insertItem(sql, { receivedAt: t(received) }));
const itemRow = (id: string) =>
	sql`select status, unit_id as "unitId", to_char(routed_at at time zone 'Asia/Shanghai', 'MM-DD HH24:MI') as routed, accept_due::text as "acceptDue",
	           conclude_due::text as "concludeDue", extended_days as "extendedDays", outcome, decision_text as "decisionText",
	           satisfaction, evaluated_via as via, light_at = '-infinity' as relight
	      from petition_item where id = ${id}`.then((r) => r[0]);

beforeAll(async () => {
	db = await createTestDatabase();
	sql = db.sql;
	await seedRegions(sql);
	await ensureRules(sql);
	[{ id: unitA }, { id: unitB }] = await sql<{ id: number }[]>`
		insert into unit (name, region, kind, sector) values ('历下区人社局', '370102', 'government', '人社'), ('历下区住建局', '370102', 'government', '住建')
		returning id`;
});
afterAll(() => db?.drop());

describe('applyTransition: an item’s whole life on real Postgres', () => {
	it('registration → routed → accepted → handling → extended → concluded → evaluated → 复查 → 复核 → 终结', async () => {
		const id = await newItem();
		const outboxBefore = (await sql`select count(*)::int as n from outbox where entity_id = ${id}`)[0].n;

		await ok(applyTransition(sql, office, id, 'route', { unitId: unitA }, { at: t('2026-03-03 09:00') }));
		expect(await itemRow(id)).toMatchObject({ status: 'routed', unitId: unitA, routed: '03-03 09:00', acceptDue: '2026-03-18', relight: true });

		await ok(applyTransition(sql, clerk(unitA), id, 'accept', {}, { at: t('2026-03-05 09:00') }));
		expect(await itemRow(id)).toMatchObject({ status: 'accepted', concludeDue: '2026-05-06' });
		await ok(applyTransition(sql, clerk(unitA), id, 'start', {}, { at: t('2026-03-06 09:00') }));

		await ok(applyTransition(sql, clerk(unitA), id, 'extend-request', { days: 10, reason: '涉及多个部门' }, { at: t('2026-04-20 09:00') }));
		expect((await itemRow(id)).extendedDays).toBe(0);
		await ok(applyTransition(sql, head(unitA), id, 'extend-approve', {}, { at: t('2026-04-21 09:00') }));
		expect(await itemRow(id)).toMatchObject({ extendedDays: 10, concludeDue: '2026-05-14' });
		const [ext] = await sql`select days, approved_by as "approvedBy", reason from clock_extension where item_id = ${id}`;
		expect(ext).toEqual({ days: 10, approvedBy: `单位${unitA} 局长`, reason: '涉及多个部门' });

		await ok(applyTransition(sql, clerk(unitA), id, 'conclude', { outcome: 'partial', text: '部分诉求予以支持。' }, { at: t('2026-05-10 09:00') }));
		expect(await itemRow(id)).toMatchObject({ status: 'concluded', outcome: 'partial', decisionText: '部分诉求予以支持。' });

		await ok(applyTransition(sql, office, id, 'evaluate', { satisfaction: 'basic' }, { at: t('2026-05-11 09:00') }));
		expect(await itemRow(id)).toMatchObject({ satisfaction: 'basic', via: 'staff' });

		await ok(applyTransition(sql, office, id, 'review-request', {}, { at: t('2026-05-20 09:00') }));
		await ok(applyTransition(sql, office, id, 'review-decide', { text: '维持原意见' }, { at: t('2026-06-01 09:00') }));
		await ok(applyTransition(sql, office, id, 'recheck-request', {}, { at: t('2026-06-10 09:00') }));
		await ok(applyTransition(sql, office, id, 'pause-start', { reason: '举行听证' }, { at: t('2026-06-12 09:00') }));
		await ok(applyTransition(sql, office, id, 'pause-end', {}, { at: t('2026-06-15 09:00') }));
		await ok(applyTransition(sql, office, id, 'recheck-decide', { text: '维持复查意见' }, { at: t('2026-06-30 09:00') }));
		await ok(applyTransition(sql, office, id, 'close', {}, { at: t('2026-07-01 09:00') }));
		expect((await itemRow(id)).status).toBe('closed');

		const events = await sql`select from_status as "from", to_status as "to", actor from petition_event where item_id = ${id} order by at, id`;
		expect(events.map((e) => `${e.from}→${e.to}`)).toEqual([
			'registered→routed', 'routed→accepted', 'accepted→handling', 'handling→handling', 'handling→handling', 'handling→concluded',
			'concluded→concluded', 'concluded→review', 'review→review', 'review→recheck', 'recheck→recheck', 'recheck→recheck', 'recheck→recheck', 'recheck→closed'
		]);
		const appeals = await sql`select kind, decision_text as text from appeal where item_id = ${id} order by kind desc`;
		expect(appeals).toEqual([{ kind: 'review', text: '维持原意见' }, { kind: 'recheck', text: '维持复查意见' }]);
		const [pause] = await sql`select to_at is not null as ended from clock_pause where item_id = ${id}`;
		expect(pause.ended).toBe(true);
		// every change went to the wall through the outbox, and each was audited
		const outbox = (await sql`select count(*)::int as n from outbox where entity_id = ${id}`)[0].n;
		expect(outbox - outboxBefore).toBeGreaterThanOrEqual(10);
		const audits = await sql`select detail->>'action' as action from audit_log where action = 'item.transition' and target = ${id} order by id`;
		expect(audits).toHaveLength(14);
	});

	it('不予受理, 不再受理, 改派, 退回重办', async () => {
		const a = await newItem();
		await ok(applyTransition(sql, office, a, 'route', { unitId: unitA }, { at: t('2026-03-03 09:00') }));
		await ok(applyTransition(sql, office, a, 'reassign', { unitId: unitB, reason: '属住建职责' }, { at: t('2026-03-04 09:00') }));
		expect(await itemRow(a)).toMatchObject({ status: 'routed', unitId: unitB, acceptDue: '2026-03-19' });
		await ok(applyTransition(sql, clerk(unitB), a, 'reject', { reason: '应通过行政复议解决', noticeOn: '2026-03-05' }, { at: t('2026-03-05 10:00') }));
		expect(await itemRow(a)).toMatchObject({ status: 'rejected', decisionText: '应通过行政复议解决' });

		const done = await newItem();
		await ok(applyTransition(sql, office, done, 'route', { unitId: unitA }, { at: t('2026-03-03 09:00') }));
		await ok(applyTransition(sql, clerk(unitA), done, 'accept', {}, { at: t('2026-03-04 09:00') }));
		await ok(applyTransition(sql, clerk(unitA), done, 'conclude', { outcome: 'reject', text: '不予支持' }, { at: t('2026-03-20 09:00') }));
		await ok(applyTransition(sql, office, done, 'send-back', { reason: '未回应主要诉求' }, { at: t('2026-03-22 09:00') }));
		expect(await itemRow(done)).toMatchObject({ status: 'handling', outcome: null, decisionText: null, concludeDue: '2026-05-21' });
		await ok(applyTransition(sql, clerk(unitA), done, 'conclude', { outcome: 'explain', text: '解释说明' }, { at: t('2026-04-01 09:00') }));
		await ok(applyTransition(sql, office, done, 'review-request', {}, { at: t('2026-04-02 09:00') }));
		await ok(applyTransition(sql, office, done, 'review-decide', { text: '维持' }, { at: t('2026-04-10 09:00') }));

		const again = await newItem('2026-04-15 09:00');
		const serial = (await sql`select serial from petition_item where id = ${done}`)[0].serial;
		await ok(applyTransition(sql, office, again, 'refuse-again', { priorSerial: serial, reason: '同一事实和理由', noticeOn: '2026-04-15' }, { at: t('2026-04-15 10:00') }));
		const [row] = await sql`select status, repeat_of::text as "repeatOf" from petition_item where id = ${again}`;
		expect(row).toEqual({ status: 'rejected', repeatOf: done });
	});
});

describe('refusals leave the database unchanged', () => {
	let handling: string;
	let concluded: string;
	beforeAll(async () => {
		handling = await newItem();
		await ok(applyTransition(sql, office, handling, 'route', { unitId: unitA }, { at: t('2026-03-03 09:00') }));
		await ok(applyTransition(sql, clerk(unitA), handling, 'accept', {}, { at: t('2026-03-05 09:00') }));
		concluded = await newItem();
		await ok(applyTransition(sql, office, concluded, 'route', { unitId: unitA }, { at: t('2026-03-03 09:00') }));
		await ok(applyTransition(sql, clerk(unitA), concluded, 'accept', {}, { at: t('2026-03-04 09:00') }));
		await ok(applyTransition(sql, clerk(unitA), concluded, 'conclude', { outcome: 'support', text: '支持' }, { at: t('2026-03-20 09:00') }));
	});

	it('closing without a 意见', () =>
		refusedUnchanged(handling, () => applyTransition(sql, clerk(unitA), handling, 'conclude', { outcome: 'support', text: '' } as never, { at: t('2026-03-10 09:00') }), 'conclude.opinion', 400));
	it('an extension asked after expiry', () =>
		refusedUnchanged(handling, () => applyTransition(sql, clerk(unitA), handling, 'extend-request', { days: 5, reason: '迟了' }, { at: t('2026-05-08 09:00') }), 'extension.expired', 409));
	it('an extension beyond 30 days in total', () =>
		refusedUnchanged(handling, () => applyTransition(sql, clerk(unitA), handling, 'extend-request', { days: 31, reason: '太多' }, { at: t('2026-03-10 09:00') }), 'input', 400));
	it('an extension approved by a unit for itself without being its head', async () => {
		await ok(applyTransition(sql, clerk(unitA), handling, 'extend-request', { days: 20, reason: '复杂' }, { at: t('2026-03-10 09:00') }));
		await refusedUnchanged(handling, () => applyTransition(sql, clerk(unitA), handling, 'extend-approve', {}, { at: t('2026-03-11 09:00') }), 'who.head', 403);
		await ok(applyTransition(sql, office, handling, 'extend-approve', {}, { at: t('2026-03-11 09:00') }));
		// 20 approved: 11 more would pass the statute's 30 days in total
		await refusedUnchanged(handling, () => applyTransition(sql, clerk(unitA), handling, 'extend-request', { days: 11, reason: '再延' }, { at: t('2026-03-12 09:00') }), 'extension.cap', 409);
	});
	it('a pause on a clock the rules do not pause, or an expired one', () =>
		refusedUnchanged(handling, () => applyTransition(sql, clerk(unitA), handling, 'pause-start', { reason: '听证' }, { at: t('2026-03-13 09:00') }), 'pause.not-pausable', 409));
	it('evaluating before 办结, and twice', async () => {
		await refusedUnchanged(handling, () => applyTransition(sql, office, handling, 'evaluate', { satisfaction: 'satisfied' }, { at: t('2026-03-13 09:00') }), 'state', 409);
		await ok(applyTransition(sql, office, concluded, 'evaluate', { satisfaction: 'satisfied' }, { at: t('2026-03-21 09:00') }));
		await refusedUnchanged(concluded, () => applyTransition(sql, office, concluded, 'evaluate', { satisfaction: 'unsatisfied' }, { at: t('2026-03-22 09:00') }), 'evaluate.twice', 409);
	});
	it('复查 after 30 days', () =>
		refusedUnchanged(concluded, () => applyTransition(sql, office, concluded, 'review-request', {}, { at: t('2026-04-25 09:00') }), 'review.window', 409));
	it('a unit acting on another unit’s item', () =>
		refusedUnchanged(handling, () => applyTransition(sql, clerk(unitB), handling, 'conclude', { outcome: 'support', text: '支持' }, { at: t('2026-03-14 09:00') }), 'own-unit', 403));
	it('an office outside its scope sees no item', () =>
		refusedUnchanged(handling, () => applyTransition(sql, { ...office, scope: '370200' }, handling, 'send-back', { reason: 'x' }, {}), 'not-found', 404));
	it('an event that no longer fits in time', () =>
		refusedUnchanged(handling, () => applyTransition(sql, clerk(unitA), handling, 'start', {}, { at: t('2026-03-06 09:00') }), 'order', 409));
	it('an event in the future', () =>
		refusedUnchanged(handling, () => applyTransition(sql, clerk(unitA), handling, 'start', {}, { at: new Date(Date.now() + 3600_000) }), 'input', 400));
	it('an unknown item', async () => {
		const r = await applyTransition(sql, office, '999999999', 'route', { unitId: unitA });
		expect(r).toMatchObject({ ok: false, status: 404, rule: 'not-found' });
	});
	it('routing to a unit outside the office’s scope', async () => {
		const [{ id: far }] = await sql<{ id: number }[]>`insert into unit (name, region, kind, sector) values ('市南区人社局', '370202', 'government', '人社') returning id`;
		const fresh = await newItem();
		await refusedUnchanged(fresh, () => applyTransition(sql, office, fresh, 'route', { unitId: far }, {}), 'input', 400);
	});
});

describe('an upstream sender’s event ids', () => {
	const api: ServiceActor = { role: 'api', scope: '370000', unitId: null, name: 'api:12345' };
	it('the same event id twice gets the first answer, and the item moves once', async () => {
		const id = await newItem();
		const first = await ok(applyTransition(sql, api, id, 'route', { unitId: unitA }, { at: t('2026-03-03 09:00'), sourceEventId: 'e-1' }));
		const again = await applyTransition(sql, api, id, 'route', { unitId: unitA }, { at: t('2026-03-03 09:00'), sourceEventId: 'e-1' });
		expect(again).toEqual({ ...first, replayed: true });
		expect((await sql`select count(*)::int as n from petition_event where item_id = ${id}`)[0].n).toBe(1);
		const refused = await applyTransition(sql, api, id, 'conclude', { outcome: 'support', text: '' } as never, { at: t('2026-03-04 09:00'), sourceEventId: 'e-2' });
		expect(await applyTransition(sql, api, id, 'conclude', { outcome: 'support', text: '' } as never, { sourceEventId: 'e-2' })).toEqual({ ...refused, replayed: true });
		const misused = await applyTransition(sql, api, id, 'accept', {}, { sourceEventId: 'e-1' });
		expect(misused).toMatchObject({ ok: false, status: 409, rule: 'event-id' });
		// senders name items by serial
		const [{ serial }] = await sql`select serial from petition_item where id = ${id}`;
		expect(await itemIdOfSerial(sql, serial)).toBe(id);
		expect(await itemIdOfSerial(sql, '370102-20990101-999999')).toBeNull();
		expect(await itemIdOfSerial(sql, "' or 1=1 --")).toBeNull();
	});
});

describe('the petitioner’s evaluation link', () => {
	it('works once, for its own item, and then is refused', async () => {
		const id = await newItem();
		await ok(applyTransition(sql, office, id, 'route', { unitId: unitA }, { at: t('2026-03-03 09:00') }));
		expect(await createEvaluationLink(sql, office, id)).toBeNull(); // not concluded yet
		await ok(applyTransition(sql, clerk(unitA), id, 'accept', {}, { at: t('2026-03-04 09:00') }));
		await ok(applyTransition(sql, clerk(unitA), id, 'conclude', { outcome: 'support', text: '支持' }, { at: t('2026-03-20 09:00') }));
		const token = (await createEvaluationLink(sql, office, id))!;
		expect(token).toMatch(/^[a-z2-7]{32}$/);
		expect(await checkLink(sql, token)).toEqual({ ok: true, itemId: id });
		expect(await ok(evaluateByLink(sql, token, 'satisfied', '127.0.0.1'))).toMatchObject({ from: 'concluded', to: 'concluded' });
		expect(await itemRow(id)).toMatchObject({ satisfaction: 'satisfied', via: 'link' });
		expect(await evaluateByLink(sql, token, 'unsatisfied', null)).toMatchObject({ ok: false, status: 410, rule: 'link' });
		expect(await checkLink(sql, token)).toMatchObject({ ok: false });
	});
	it('expires, and a made-up token tells nothing', async () => {
		const id = await newItem();
		await ok(applyTransition(sql, office, id, 'route', { unitId: unitA }, { at: t('2026-03-03 09:00') }));
		await ok(applyTransition(sql, clerk(unitA), id, 'accept', {}, { at: t('2026-03-04 09:00') }));
		await ok(applyTransition(sql, clerk(unitA), id, 'conclude', { outcome: 'support', text: '支持' }, { at: t('2026-03-20 09:00') }));
		const token = (await createEvaluationLink(sql, office, id, new Date(Date.now() - 16 * 86400_000)))!;
		const before = await snapshot(id);
		expect(await evaluateByLink(sql, token, 'satisfied', null)).toMatchObject({ ok: false, status: 410 });
		expect(await evaluateByLink(sql, 'a'.repeat(32), 'satisfied', null)).toMatchObject({ ok: false, status: 410 });
		expect(await evaluateByLink(sql, "' or 1=1 --", 'satisfied', null)).toMatchObject({ ok: false, status: 410 });
		expect(await snapshot(id)).toEqual(before);
	});
});

describe('where the rules make the 办结 clock pausable (a locality’s rules version)', () => {
	let id: string;
	beforeAll(async () => {
		await sql`insert into rule_set (version, rules, note)
		          select 2, jsonb_set(rules, '{pausableClocks}', '["conclude", "recheck-decision"]'), '办结可因听证中止' from rule_set where version = 1`;
		id = await newItem();
		await ok(applyTransition(sql, office, id, 'route', { unitId: unitA }, { at: t('2026-03-03 09:00') }));
		await ok(applyTransition(sql, clerk(unitA), id, 'accept', {}, { at: t('2026-03-05 09:00') }));
	});
	afterAll(() => sql`delete from rule_set where version = 2`);

	it('a 听证 pauses it; the paused days move the due date', async () => {
		await ok(applyTransition(sql, clerk(unitA), id, 'pause-start', { reason: '举行听证' }, { at: t('2026-04-10 09:00') }));
		await refusedUnchanged(id, () => applyTransition(sql, clerk(unitA), id, 'conclude', { outcome: 'support', text: '支持' }, { at: t('2026-04-12 09:00') }), 'conclude.paused', 409);
		await ok(applyTransition(sql, clerk(unitA), id, 'pause-end', {}, { at: t('2026-04-20 09:00') }));
		// 05-04 + 10 paused days (04-10 09:00 … 04-20 09:00: whole days, the clock's 期间 rule)
		expect((await itemRow(id)).concludeDue).toBe('2026-05-14');
	});
	it('an extension request denied leaves the clock; asked again, it may be approved', async () => {
		await ok(applyTransition(sql, clerk(unitA), id, 'extend-request', { days: 15, reason: '需补充鉴定' }, { at: t('2026-04-21 09:00') }));
		await ok(applyTransition(sql, office, id, 'extend-deny', { reason: '理由不充分' }, { at: t('2026-04-22 09:00') }));
		expect(await itemRow(id)).toMatchObject({ extendedDays: 0, concludeDue: '2026-05-14' });
		const [denied] = await sql`select approved, decided_by as "by" from extension_request where item_id = ${id}`;
		expect(denied).toEqual({ approved: false, by: office.name });
	});
	it('a pause on an expired clock is refused', () =>
		refusedUnchanged(id, () => applyTransition(sql, clerk(unitA), id, 'pause-start', { reason: '听证' }, { at: t('2026-05-16 09:00') }), 'pause.expired', 409));
	it('the 信访部门 grants an extension in one step, with its event and audit; the 30-day cap then holds for the unit', async () => {
		await ok(applyTransition(sql, office, id, 'extend-request', { days: 10, reason: '涉及多部门' }, { at: t('2026-04-23 09:00') }));
		expect(await itemRow(id)).toMatchObject({ extendedDays: 10, concludeDue: '2026-05-24' });
		const requests = await sql`select days, approved, requested_by as asked, decided_by as by from extension_request where item_id = ${id} order by id`;
		expect(requests).toEqual([
			{ days: 15, approved: false, asked: clerk(unitA).name, by: office.name },
			{ days: 10, approved: true, asked: office.name, by: office.name }
		]);
		const [ext] = await sql`select days, approved_by as by from clock_extension where item_id = ${id}`;
		expect(ext).toEqual({ days: 10, by: office.name });
		const [event] = await sql`select note from petition_event where item_id = ${id} order by id desc limit 1`;
		expect(event.note).toBe('信访部门批准延期 10 日：涉及多部门');
		const [audited] = await sql`select detail->>'action' as action from audit_log where action = 'item.transition' and target = ${id} order by id desc limit 1`;
		expect(audited.action).toBe('extend-request');
		await refusedUnchanged(id, () => applyTransition(sql, clerk(unitA), id, 'extend-request', { days: 21, reason: '再延' }, { at: t('2026-04-24 09:00') }), 'extension.cap', 409);
	});
});
