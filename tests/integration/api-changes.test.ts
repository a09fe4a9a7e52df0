import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkChangesQuery, listChanges } from '../../src/lib/server/api/changes.ts';
import { postItemEvent } from '../../src/lib/server/api/events.ts';
import { ensureRules } from '../../src/lib/server/clocks/config.ts';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { authenticateApiClient, createApiClient, type ApiClient } from '../../src/lib/server/intake/api-clients.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { insertItem, sleep } from '../support/fixtures.ts';
import { seedIntake } from '../support/intake.ts';

/**
 * GET /api/v1/items?changedSince=… on real Postgres: what changed in the client's scope, a page
 * at a time, with the state a reconciliation needs and nothing personal.
 */
let db: TestDatabase;
let sql: Sql;
let units: Record<string, number>;
let jinan: ApiClient;
let county: ApiClient;

type Page = { items: Record<string, unknown>[]; nextCursor: string | null; nextChangedSince: string; serverTime: string };
async function list(client: ApiClient, params: Record<string, string>): Promise<Page> {
	const checked = checkChangesQuery(new URLSearchParams(params));
	if (!checked.ok) throw new Error(JSON.stringify(checked.reply));
	const reply = await listChanges(sql, client, checked.query);
	return reply.body as Page;
}
const serialOf = async (id: bigint) => (await sql<{ serial: string }[]>`select serial from petition_item where id = ${id}`)[0].serial;

beforeAll(async () => {
	db = await createTestDatabase();
	sql = db.sql;
	({ units } = await seedIntake(sql));
	await ensureRules(sql);
	const [{ id: admin }] = await sql`select id from app_user limit 1`;
	const a = await createApiClient(sql, { name: '济南市信访信息系统', source: 'provincial', scope: '370100' }, admin);
	const b = await createApiClient(sql, { name: '历下区台账', source: '12345', scope: '370102' }, admin);
	jinan = (await authenticateApiClient(sql, `Bearer ${a.token}`))!;
	county = (await authenticateApiClient(sql, `Bearer ${b.token}`))!;
});
afterAll(() => db?.drop());

describe('GET /api/v1/items?changedSince=: reconciliation', () => {
	it('lists what changed since an instant in the client’s scope, oldest first, with status, clock and last event — nothing personal', async () => {
		const before = new Date(Date.now() - 1000);
		const lixia = await insertItem(sql, { region: '370102', receivedAt: new Date(Date.now() - 5 * 86400_000) });
		const shizhong = await insertItem(sql, { region: '370103' });
		const qingdao = await insertItem(sql, { region: '370202' });
		const serial = await serialOf(lixia);
		const routed = await postItemEvent(sql, jinan, serial, { eventId: 'JN-1', type: 'route', at: new Date(Date.now() - 86400_000).toISOString(), input: { unitId: units.lixiaLabour } }, { ip: null });
		expect(routed.status).toBe(201);

		const page = await list(jinan, { changedSince: before.toISOString() });
		expect(page.items.map((i) => i.serial)).toEqual([await serialOf(shizhong), serial]); // the route moved 历下's item last; 青岛 is not 济南's
		const item = page.items[1];
		expect(item).toMatchObject({
			serial, source: null, sourceId: null, region: '370102', unit: { id: units.lixiaLabour, name: '济南市历下区人力资源和社会保障局' },
			status: 'routed', routedAt: expect.any(String), reopenedAt: null, clock: { kind: expect.any(String), light: expect.any(String), extendedDays: 0, acceptDue: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
			lastEvent: { from: 'registered', to: 'routed', eventId: 'JN-1' }
		});
		// nothing of the petitioner, and no free text
		const keys = JSON.stringify(page.items);
		for (const word of ['summary', 'petitioner', 'phone', 'idNumber', 'reason', 'decisionText', '反映拖欠工资问题']) expect(keys).not.toContain(word);
		// another client sees the event, but not as its own
		const other = await list(county, { changedSince: before.toISOString() });
		expect(other.items.map((i) => i.serial)).toEqual([serial]);
		expect((other.items[0].lastEvent as { eventId: string | null }).eventId).toBeNull();
		expect(qingdao).toBeDefined();
	});

	it('pages with a cursor, each change once, and moves an item to the end when it changes again (the sweeper’s bookkeeping does not)', async () => {
		const since = new Date();
		await sleep(5);
		const ids = [];
		for (let i = 0; i < 7; i++) ids.push(await insertItem(sql, { region: '370103' }));
		const seen: string[] = [];
		let cursor: string | null = null;
		let pages = 0;
		do {
			const page: Page = await list(jinan, { changedSince: since.toISOString(), limit: '3', ...(cursor ? { cursor } : {}) });
			seen.push(...page.items.map((i) => i.serial as string));
			cursor = page.nextCursor;
			pages++;
		} while (cursor);
		expect(pages).toBe(3);
		expect(seen).toEqual(await Promise.all(ids.map(serialOf)));

		const mark = new Date();
		await sleep(5);
		await sql`update petition_item set light_at = now() + interval '1 day' where id = ${ids[2]}`; // rescheduling only
		expect((await list(jinan, { changedSince: mark.toISOString() })).items).toEqual([]);
		await sql`update petition_item set light = 'yellow', clock = 'route' where id = ${ids[2]}`; // the sweeper relights it
		const after = await list(jinan, { changedSince: mark.toISOString() });
		expect(after.items.map((i) => [i.serial, (i.clock as { light: string }).light])).toEqual([[await serialOf(ids[2]), 'yellow']]);
		// the next poll starts a margin before now, so a change committing late is not missed
		expect(Date.parse(after.serverTime) - Date.parse(after.nextChangedSince)).toBeLessThanOrEqual(60_000);
		expect(Date.parse(after.nextChangedSince)).toBeGreaterThanOrEqual(mark.getTime());
	});

	it('refuses a bad query with 400 naming the parameter', () => {
		const cases: [Record<string, string>, string, RegExp][] = [
			[{}, 'changedSince', /缺少查询参数 changedSince/],
			[{ changedSince: '2026-11-20' }, 'changedSince', /带时区的 ISO 8601/],
			[{ changedSince: '2026-11-20T00:00:00+08:00', limit: '0' }, 'limit', /1–500/],
			[{ changedSince: '2026-11-20T00:00:00+08:00', limit: '501' }, 'limit', /1–500/],
			[{ changedSince: '2026-11-20T00:00:00+08:00', limit: '1e2' }, 'limit', /整数/],
			[{ changedSince: '2026-11-20T00:00:00+08:00', cursor: 'bm90LWEtY3Vyc29y' }, 'cursor', /nextCursor/],
			[{ changedSince: '2026-11-20T00:00:00+08:00', since: 'x' }, 'since', /不支持的查询参数 since/]
		];
		for (const [params, field, message] of cases) {
			const checked = checkChangesQuery(new URLSearchParams(params));
			expect(checked.ok, JSON.stringify(params)).toBe(false);
			if (!checked.ok) {
				expect(checked.reply).toMatchObject({ status: 400, body: { field } });
				expect(checked.reply.body.error).toMatch(message);
			}
		}
	});

	it('gives the time of the last 退回重办 (reopenedAt)', async () => {
		const mark = new Date(Date.now() - 1000);
		const id = await insertItem(sql, { region: '370102' });
		const reopened = new Date(Date.now() - 3600_000);
		await sql`update petition_item set reopened_at = ${reopened}, changed_at = now() where id = ${id}`;
		const page = await list(jinan, { changedSince: mark.toISOString() });
		const serial = await serialOf(id);
		expect(page.items.find((i) => i.serial === serial)?.reopenedAt).toBe(reopened.toISOString());
	});
});
