import { mkdir } from 'node:fs/promises';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { signIn, withDemoUsers } from '../support/auth.ts';
import { launchBrowser } from '../support/browser.ts';
import { request, signInByFetch } from '../support/http.ts';
import { primaryWithDemo, serverRoot, startReplica, type Cluster } from '../support/pg-cluster.ts';
import { startServer, type RunningServer } from '../support/server.ts';

const SHOTS = new URL('../../test-results/', import.meta.url).pathname;

/**
 * The app with DATABASE_REPLICA_URL naming a real streaming replica: the wall's snapshot is read
 * there and /admin/status says so; with the replica stopped the wall still loads (from the
 * primary) and the status page says why the replica is unused.
 */
describe('a node with a read replica', () => {
	let root: { root: string; cleanup: () => void };
	let primary: Cluster;
	let replica: Cluster;
	let sql: Sql;
	let server: RunningServer;
	let browser: Browser;

	beforeAll(async () => {
		root = serverRoot();
		({ primary, sql } = await primaryWithDemo(root.root, { items: 2000, seed: 'replica-e2e' }));
		await withDemoUsers(sql);
		replica = await startReplica(root.root, primary);
		server = await startServer({ DATABASE_URL: primary.url('liaowang'), DATABASE_REPLICA_URL: replica.url('liaowang'), DATABASE_REPLICA_MAX_LAG: '5' });
		browser = await launchBrowser();
		await mkdir(SHOTS, { recursive: true });
	}, 240_000);

	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		await sql?.end({ timeout: 2 });
		for (const c of [replica, primary]) {
			try {
				c?.stop('immediate');
			} catch {
				// already stopped
			}
		}
		root?.cleanup();
	});

	it('reads the wall on the replica, and on the primary when the replica is down, saying so on /admin/status', async () => {
		expect(server.output()).toContain('只读副本：postgres://postgres@127.0.0.1:');
		const status = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(status, server.url, 'admin', '/admin/status');
		await expect.poll(async () => (await status.reload(), status.textContent('[data-field=replica]')), { timeout: 30_000, interval: 1000 }).toMatch(/^使用中：落后 \d+\.\d 秒（feed seq \d+，主库 \d+；上限 5 秒）$/);
		await status.screenshot({ path: `${SHOTS}replica-status-in-use.png` });

		const wall = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(wall, server.url, 'jinan.dapin');
		await wall.waitForSelector('[data-status=live]', { timeout: 20_000 });
		const { cookie } = await signInByFetch(server.url, 'jinan.dapin');
		const [{ seq }] = await sql<{ seq: number }[]>`select last_seq::int as seq from feed_state`;
		const onReplica = await request(server.url, '/screen/snapshot.json', { cookie });
		expect(onReplica.status).toBe(200);
		expect((JSON.parse(onReplica.body) as { seq: number }).seq).toBe(seq);

		replica.stop('immediate');
		await expect.poll(async () => (await status.reload(), status.textContent('[data-field=replica]')), { timeout: 30_000, interval: 1000 }).toMatch(/^未使用，已改用主库：只读副本不可用（/);
		expect(await status.getAttribute('[data-field=replica]', 'class')).toContain('warn');
		await status.screenshot({ path: `${SHOTS}replica-status-down.png` });
		const onPrimary = await request(server.url, '/screen/snapshot.json', { cookie });
		expect(onPrimary.status).toBe(200);
		expect((JSON.parse(onPrimary.body) as { seq: number }).seq).toBe(seq);
		await wall.reload();
		await wall.waitForSelector('[data-status=live]', { timeout: 20_000 });
		await wall.screenshot({ path: `${SHOTS}replica-wall-on-primary.png` });
		expect(server.output()).toContain('快照与报表改从主库读取：只读副本不可用');
	}, 180_000);
});
