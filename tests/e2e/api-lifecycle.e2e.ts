import { beforeAll, describe, expect, it } from 'vitest';
import { eventTypes } from '../../src/lib/server/api/event-types.ts';
import { createApiClient } from '../../src/lib/server/intake/api-clients.ts';
import { waitFor } from '../support/fixtures.ts';
import { signInByFetch } from '../support/http.ts';
import { useStack } from '../support/stack.ts';

/**
 * An upstream system carries one item through its life over HTTP against the built server:
 * registered by POST /api/v1/items, then route → accept → conclude → evaluate by events, and
 * the wall (its snapshot, as a leader's session reads it) follows each step.
 */
type Snapshot = { seq: number; lights: { red: number }; overdueItems: { serial: string; clockDue: string | null }[] };

describe('API: an item through its life by upstream events, and the wall follows (built server)', () => {
	const { db, server, start } = useStack({ items: 500, seed: 'api-events', start: false });
	let token: string;
	let cookie: string;
	let unitId: number;

	beforeAll(async () => {
		const [admin] = await db.sql<{ id: number }[]>`select id from app_user where username = 'admin'`;
		({ token } = await createApiClient(db.sql, { name: '济南市信访信息系统', source: 'provincial', scope: '370100' }, admin.id));
		[{ id: unitId }] = await db.sql<{ id: number }[]>`select id from unit where region = '370102' order by id limit 1`;
		await start();
		cookie = (await signInByFetch(server.url, 'jinan.lingdao')).cookie!;
	});

	const api = (path: string, init: { method?: string; body?: unknown } = {}) =>
		fetch(`${server.url}${path}`, {
			method: init.method ?? 'GET',
			headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
			body: init.body === undefined ? undefined : JSON.stringify(init.body)
		});
	/** 历下区 on the wall, as 济南's leader sees it when drilling in. */
	const wall = async (): Promise<Snapshot> => (await (await fetch(`${server.url}/screen/snapshot.json?region=370102`, { headers: { cookie } })).json()) as Snapshot;
	const DAY = 86400_000;
	const BASE = Date.now() - 60_000;
	const ago = (days: number) => new Date(BASE - days * DAY).toISOString();

	it('registers, routes, accepts, concludes and evaluates by API; each step reaches the wall at once', async () => {
		const start = await wall();
		// received 80 days ago and never routed: it arrives overdue (red)
		const posted = await api('/api/v1/items', {
			method: 'POST',
			body: { sourceId: 'JN-E2E-1', channel: 'online', receivedAt: ago(80), region: '370102', category: 'labour', type: 'appeal', summary: '反映某公司拖欠工资三个月' }
		});
		expect(posted.status).toBe(201);
		const { serial } = (await posted.json()) as { serial: string };

		const timings: Record<string, number> = {};
		/** Sends an event, then waits for the wall to show what it must. */
		const step = async (name: string, body: Record<string, unknown>, shows: (s: Snapshot) => boolean) => {
			const before = await wall();
			const sent = Date.now();
			const reply = await api(`/api/v1/items/${serial}/events`, { method: 'POST', body });
			expect(reply.status, `${name}: ${JSON.stringify(await reply.clone().json())}`).toBe(201);
			await waitFor(async () => {
				const now = await wall();
				return now.seq > before.seq && shows(now);
			}, `大屏反映 ${name}`, 5_000);
			timings[name] = Date.now() - sent;
		};
		const row = (s: Snapshot) => s.overdueItems.find((i) => i.serial === serial);

		await waitFor(async () => (await wall()).lights.red === start.lights.red + 1, '登记后大屏多一件逾期', 5_000);
		await step('转送交办', { eventId: 'JN-E2E-1/route', type: 'route', at: ago(79), input: { unitId } }, (s) => s.lights.red === start.lights.red + 1);
		// the 15-day 受理告知 clock from the route ran out long ago: still red, now on that clock
		await step('受理', { eventId: 'JN-E2E-1/accept', type: 'accept', at: ago(75) }, (s) => s.lights.red === start.lights.red + 1);
		// (the 60-day 办结 clock from that accept ran out 15 days ago: red until it is concluded)
		await step('办结', { eventId: 'JN-E2E-1/conclude', type: 'conclude', at: ago(1), input: { outcome: 'support', text: '已督促企业足额支付拖欠工资。' } }, (s) => s.lights.red === start.lights.red && !row(s));
		await step('评价', { eventId: 'JN-E2E-1/evaluate', type: 'evaluate', at: new Date(Date.now() - 1000).toISOString(), input: { satisfaction: 'satisfied' } }, () => true);
		// typically 100–500 ms here (the sweeper relights at once after a write); bounded loosely for a loaded machine
		for (const [name, ms] of Object.entries(timings)) expect(ms, `${name} 到达大屏 ${ms} ms`).toBeLessThan(2_000);
		console.log('event → wall (ms):', timings);

		const [item] = await db.sql`select status, satisfaction, evaluated_via as via, outcome from petition_item where serial = ${serial}`;
		expect(item).toEqual({ status: 'concluded', satisfaction: 'satisfied', via: 'staff', outcome: 'support' });

		// a retry of any of them is the first answer again, and changes nothing
		const replay = await api(`/api/v1/items/${serial}/events`, { method: 'POST', body: { eventId: 'JN-E2E-1/accept', type: 'accept', at: ago(75) } });
		expect(replay.status).toBe(201);
		expect(replay.headers.get('idempotent-replayed')).toBe('true');
		expect(await replay.json()).toMatchObject({ replayed: true, from: 'routed', to: 'accepted' });

		// reconciliation sees the item as it now stands, with the last event as this client's
		const since = encodeURIComponent(new Date(BASE - 5 * 60_000).toISOString());
		const changes = (await (await api(`/api/v1/items?changedSince=${since}&limit=500`)).json()) as { items: { serial: string; status: string; satisfaction: string; lastEvent: { eventId: string } }[] };
		expect(changes.items.find((i) => i.serial === serial)).toMatchObject({ status: 'concluded', satisfaction: 'satisfied', lastEvent: { eventId: 'JN-E2E-1/evaluate' } });
	});

	it('answers over HTTP: 401 without a token, 415, 404, 400 naming the field, 409 out of order; the OpenAPI names every event type', async () => {
		const noToken = await fetch(`${server.url}/api/v1/items/370102-20261101-000001/events`, { method: 'POST', headers: { 'content-type': 'application/json', cookie }, body: '{}' });
		expect(noToken.status).toBe(401);
		expect((await fetch(`${server.url}/api/v1/items?changedSince=2026-01-01T00:00:00Z`, { headers: { cookie } })).status).toBe(401);
		const xml = await fetch(`${server.url}/api/v1/items/370102-20261101-000001/events`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/xml' }, body: '<a/>' });
		expect(xml.status).toBe(415);
		const missing = await api('/api/v1/items/370102-20000101-999999/events', { method: 'POST', body: { eventId: 'X-1', type: 'accept', at: ago(1) } });
		expect(missing.status).toBe(404);
		const posted = await api('/api/v1/items', {
			method: 'POST',
			body: { sourceId: 'JN-E2E-2', channel: 'letter', receivedAt: ago(3), region: '370102', category: 'housing', type: 'complaint', summary: '反映小区物业乱收费' }
		});
		const open = (await posted.json()) as { serial: string };
		expect((await api(`/api/v1/items/${open.serial}/events`, { method: 'POST', body: { eventId: 'X-0', type: 'route', at: ago(2), input: { unitId } } })).status).toBe(201);
		const bad = await api(`/api/v1/items/${open.serial}/events`, { method: 'POST', body: { eventId: 'X-2', type: 'reject', at: ago(0), input: { noticeOn: '2026-11-20' } } });
		expect(bad.status).toBe(400);
		expect(await bad.json()).toMatchObject({ field: 'input.reason', error: expect.stringContaining('不予受理理由') });
		const late = await api(`/api/v1/items/${open.serial}/events`, { method: 'POST', body: { eventId: 'X-3', type: 'accept', at: '2000-01-01T00:00:00+08:00' } });
		expect(late.status).toBe(409);
		expect(await late.json()).toMatchObject({ field: 'at', rule: 'order', error: expect.stringMatching(/^【时序】/) });
		expect((await fetch(`${server.url}/api/v1/items/${open.serial}/events`)).status).toBe(405);

		const doc = await fetch(`${server.url}/api/v1/openapi.json`);
		expect(doc.status).toBe(200);
		const text = await doc.text();
		expect(JSON.parse(text).openapi).toBe('3.1.0');
		for (const type of eventTypes) expect(text).toContain(`Event_${type}`);
	});
});
