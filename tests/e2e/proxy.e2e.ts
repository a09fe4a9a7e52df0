import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signIn } from '../support/auth.ts';
import { waitFor } from '../support/fixtures.ts';
import { useStack } from '../support/stack.ts';

const NGINX = '/usr/sbin/nginx';
const CONF = new URL('../../scripts/nginx-liaowang.conf', import.meta.url).pathname;

const freePort = () =>
	new Promise<number>((resolve) => {
		const s = createServer().listen(0, '127.0.0.1', () => {
			const { port } = s.address() as { port: number };
			s.close(() => resolve(port));
		});
	});

/**
 * The sample nginx configuration the README gives (scripts/nginx-liaowang.conf, only its name,
 * certificate and addresses replaced) in front of the app on loopback, over TLS with a throwaway
 * certificate: a browser signs in through it, the wall goes live over the proxied websocket, and a
 * change committed in the database reaches the wall through it. Needs Debian's nginx (nginx-light).
 */
describe.skipIf(!existsSync(NGINX))('behind nginx with TLS', () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'liaowang-nginx-'));
	const { db, server: app, browser, start } = useStack({ items: 1500, seed: 'proxy', start: false, browser: true });
	let nginx: ChildProcess;
	let origin: string;

	beforeAll(async () => {
		chmodSync(dir, 0o755);
		execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1', '-keyout', `${dir}/key.pem`, '-out', `${dir}/cert.pem`], { stdio: 'ignore' });
		const [proxyPort, appPort] = [await freePort(), await freePort()];
		origin = `https://127.0.0.1:${proxyPort}`;
		await start({ PORT: String(appPort), ORIGIN: origin });
		const site = readFileSync(CONF, 'utf8')
			.replace('server 127.0.0.1:3000;', `server 127.0.0.1:${appPort};`)
			.replace('listen 443 ssl;', `listen 127.0.0.1:${proxyPort} ssl;`)
			.replace('server_name xinfang.example.gov.cn;', 'server_name 127.0.0.1;')
			.replace('/etc/nginx/tls/xinfang.crt', `${dir}/cert.pem`)
			.replace('/etc/nginx/tls/xinfang.key', `${dir}/key.pem`);
		writeFileSync(`${dir}/site.conf`, site);
		writeFileSync(
			`${dir}/nginx.conf`,
			`daemon off; pid ${dir}/nginx.pid; error_log ${dir}/error.log; worker_processes 1;
events { worker_connections 256; }
http { access_log ${dir}/access.log; client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy;
       fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
       include ${dir}/site.conf; }
`
		);
		nginx = spawn(NGINX, ['-c', `${dir}/nginx.conf`, '-p', dir], { stdio: 'ignore' });
		await waitFor(() => existsSync(`${dir}/nginx.pid`), 'nginx 启动', 10_000);
	}, 180_000);

	afterAll(async () => {
		if (nginx?.exitCode === null) nginx.kill('SIGQUIT');
		rmSync(dir, { recursive: true, force: true });
	});

	it('serves the live wall through the proxy: HSTS, secure cookie, websocket, a new item arriving', async () => {
		const context = await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1920, height: 1080 } });
		const page = await context.newPage();
		const hsts: string[] = [];
		page.on('response', (r) => {
			const h = r.headers()['strict-transport-security'];
			if (h) hsts.push(h);
		});
		await signIn(page, origin, 'dapin');
		try {
			await page.waitForSelector('[data-status=live]', { timeout: 30_000 });
		} catch (error) {
			throw new Error(`大屏未经代理连通：\n${readFileSync(`${dir}/access.log`, 'utf8').slice(-3000)}\n${readFileSync(`${dir}/error.log`, 'utf8').slice(-2000)}\n${app.output().slice(-2000)}`, { cause: error });
		}
		expect(hsts[0]).toBe('max-age=31536000');
		const [cookie] = (await context.cookies()).filter((c) => c.httpOnly);
		expect(cookie?.secure).toBe(true); // the app knows it is served over HTTPS (ORIGIN)

		const today = () => page.getAttribute('[data-testid=today-total]', 'data-value').then(Number);
		const before = await today();
		const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
		await db.sql`
			insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due)
			values (${`370102-${day.replaceAll('-', '')}-991234`}, 'visit', now(), '370102', 'labour', 'appeal', '反映工程款拖欠', ${day}::date + 15)`;
		await waitFor(async () => (await today()) === before + 1, '新事项经代理实时到达大屏', 15_000);
		await context.close();
		// the frames came over a websocket the proxy upgraded (nginx logs it once the socket closes)
		const upgraded = () => /GET \/socket\.io\/\?[^"]*transport=websocket[^"]*" 101 /.test(readFileSync(`${dir}/access.log`, 'utf8'));
		await waitFor(upgraded, 'nginx 记录 websocket 升级（101）', 10_000);
	}, 120_000);
});
