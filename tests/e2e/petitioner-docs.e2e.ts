import { beforeAll, describe, expect, it } from 'vitest';
import { applyTransition, type ServiceActor } from '../../src/lib/server/lifecycle/index.ts';
import { openReady, signIn } from '../support/auth.ts';
import { signInByFetch } from '../support/http.ts';
import { SHOTS, useStack } from '../support/stack.ts';

/**
 * The petitioner's documents on /items/[id]: listed in the 信访文书 panel, downloadable as PDF and
 * .docx by accounts that may see the item, and a 404 to any other (another region's leader,
 * another unit), as the item itself answers.
 */
describe('信访文书 on the item page', () => {
	const { db, server, browser, start } = useStack({ items: 200, seed: 'docs', start: false, browser: true });
	let itemId: string;
	let docId: string;
	let number: string;

	const get = async (path: string, username: string) => {
		const { cookie } = await signInByFetch(server.url, username);
		return fetch(new URL(path, server.url), { headers: { cookie: cookie! } });
	};

	beforeAll(async () => {
		// a leader of the neighbouring county (市中区) and a second unit in 历下区
		await db.sql`
			insert into app_user (username, display_name, password_hash, role, scope_region, unit_id)
			select 'shizhong.lingdao', '市中区领导', password_hash, 'leader', '370103', null from app_user where username = 'lixia.lingdao'`;
		const [{ unitId }] = await db.sql<{ unitId: number }[]>`select unit_id as "unitId" from app_user where username = 'lixia.xinfang'`;
		const [other] = await db.sql<{ id: number }[]>`select id from unit where region = '370102' and id <> ${unitId} order by id limit 1`;
		await db.sql`
			insert into app_user (username, display_name, password_hash, role, scope_region, unit_id)
			select 'lixia.other', '历下区另一单位', password_hash, 'unit', '370102', ${other.id} from app_user where username = 'lixia.xinfang'`;
		const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
		const [p] = await db.sql<{ id: string }[]>`insert into petitioner (name, identity_hash) values ('李文书', ${Buffer.from('petitioner-docs-e2e-0000000000000')}) returning id::text`;
		[{ id: itemId }] = await db.sql<{ id: string }[]>`
			insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due, petitioner_id)
			values (${`370102-${day.replaceAll('-', '')}-990001`}, 'letter', now() - interval '2 hours', '370102', 'labour', 'appeal', '反映工程款拖欠', ${day}::date + 15, ${p.id})
			returning id::text`;
		const office: ServiceActor = { role: 'supervisor', scope: '370100', unitId: null, name: '济南市督查督办科' };
		const unit: ServiceActor = { role: 'unit', scope: '370102', unitId, name: '历下区信访局承办人' };
		for (const [actor, action] of [[office, 'route'], [unit, 'accept']] as const) {
			const r = await applyTransition(db.sql, actor, itemId, action, action === 'route' ? { unitId } : {});
			if (!r.ok) throw new Error(r.message);
		}
		[{ id: docId, number }] = await db.sql<{ id: string; number: string }[]>`select id::text, number_text as number from petitioner_document where item_id = ${itemId}`;
		await start({ SIM_RATE: '0' });
	}, 180_000);

	it('the panel lists the 受理告知书 with its 文号 and both downloads', async () => {
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'lixia.xinfang', '/items');
		await openReady(page, `${server.url}/items/${itemId}`);
		const panel = page.locator('section', { has: page.locator('h2', { hasText: '信访文书' }) });
		await expect.poll(() => panel.textContent()).toContain(number);
		expect(await panel.textContent()).toContain('信访事项受理告知书');
		expect(number).toMatch(/^历下信受告〔\d{4}〕1号$/); // 济南市历下区信访局: the region alone
		expect(await panel.locator('a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([`/items/${itemId}/documents/${docId}/pdf`, `/items/${itemId}/documents/${docId}/docx`]);
		await page.screenshot({ path: `${SHOTS}petitioner-docs-item-1920x1080.png`, fullPage: true });
		await page.setViewportSize({ width: 390, height: 844 });
		await panel.scrollIntoViewIfNeeded();
		await page.screenshot({ path: `${SHOTS}petitioner-docs-item-390x844.png` });
		await page.close();
	});

	it('the handling unit downloads the PDF, the county leader the .docx; both stored once', async () => {
		const pdf = await get(`/items/${itemId}/documents/${docId}/pdf`, 'lixia.xinfang');
		expect(pdf.status).toBe(200);
		expect(pdf.headers.get('content-type')).toBe('application/pdf');
		expect(decodeURIComponent(pdf.headers.get('content-disposition')!)).toContain(`${number}.pdf`);
		expect(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString()).toBe('%PDF-');
		const docx = await get(`/items/${itemId}/documents/${docId}/docx`, 'lixia.lingdao');
		expect(docx.status).toBe(200);
		expect(Buffer.from(await docx.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
		const again = await get(`/items/${itemId}/documents/${docId}/pdf`, 'jinan.ducha');
		expect(again.headers.get('x-content-sha256')).toBe(pdf.headers.get('x-content-sha256'));
		const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from petitioner_document_file where document_id = ${docId}`;
		expect(n).toBe(2);
		const [{ audited }] = await db.sql<{ audited: number }[]>`select count(*)::int as audited from audit_log where action = 'item.document' and target = ${itemId}`;
		expect(audited).toBe(3);
	});

	it('another region’s account and another unit get 404, as for the item; nothing is typeset for them', async () => {
		for (const username of ['shizhong.lingdao', 'lixia.other']) {
			expect((await get(`/items/${itemId}`, username)).status, `${username} item`).toBe(404);
			for (const format of ['pdf', 'docx']) expect((await get(`/items/${itemId}/documents/${docId}/${format}`, username)).status, `${username} ${format}`).toBe(404);
		}
		expect((await get(`/items/${itemId}/documents/${docId}/txt`, 'lixia.xinfang')).status).toBe(404);
		expect((await get(`/items/${itemId}/documents/999999999/pdf`, 'lixia.xinfang')).status).toBe(404);
		expect((await get(`/items/${itemId}/documents/abc/pdf`, 'lixia.xinfang')).status).toBe(400);
		expect((await get(`/items/${itemId}/documents/${docId}/pdf`, 'dapin')).status).toBe(403);
	});
});
