// Run INSIDE a network namespace with only a loopback (see tests/e2e/bundle.e2e.ts): starts an
// unpacked bundle with its own run script, signs in as the province's 大屏 account and waits for the
// live wall. Prints one JSON line with what it saw.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { launchBrowser } from './browser.ts';
import { signIn } from './auth.ts';

const [dir, shot] = process.argv.slice(2);
// the namespace's own interfaces (/proc/net/dev follows the network namespace; /sys would show the host's)
const interfaces = readFileSync('/proc/net/dev', 'utf8').split('\n').slice(2).map((l) => l.split(':')[0].trim()).filter(Boolean).sort();
const result: Record<string, unknown> = { interfaces };
const server = spawn(`${dir}/liaowang`, ['start'], { cwd: '/', env: { PATH: '/usr/bin:/bin' }, stdio: ['ignore', 'pipe', 'pipe'] });
let output = '';
const url = await new Promise<string>((resolve, reject) => {
	const timer = setTimeout(() => reject(new Error(`未就绪：\n${output}`)), 120_000);
	const onData = (chunk: Buffer) => {
		output += chunk;
		const match = /已就绪：(http:\/\/\S+?)\/screen/.exec(output);
		if (match) {
			clearTimeout(timer);
			resolve(match[1].replace('localhost', '127.0.0.1'));
		}
	};
	server.stdout!.on('data', onData);
	server.stderr!.on('data', onData);
	server.on('exit', (code) => reject(new Error(`服务器退出（${code}）：\n${output}`)));
});
result.startedIn = output.match(/演示数据已生成：[^\n]*/)?.[0] ?? null;
const browser = await launchBrowser();
try {
	const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
	const errors: string[] = [];
	page.on('pageerror', (e) => errors.push(e.message));
	await signIn(page, url, 'dapin');
	await page.waitForSelector('[data-status=live]', { timeout: 30_000 });
	await page.waitForFunction(() => document.querySelectorAll('canvas').length >= 2, null, { timeout: 30_000 });
	await page.waitForTimeout(1500);
	if (shot) await page.screenshot({ path: shot });
	result.path = new URL(page.url()).pathname;
	result.todayTotal = await page.getAttribute('[data-testid=today-total]', 'data-value');
	result.canvases = await page.evaluate(() => document.querySelectorAll('canvas').length);
	result.errors = errors;
} finally {
	await browser.close();
	server.kill('SIGTERM');
	result.exit = await new Promise((resolve) => server.on('exit', (code) => resolve(code)));
}
console.log(`RESULT ${JSON.stringify(result)}`);
