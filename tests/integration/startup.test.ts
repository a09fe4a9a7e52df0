import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { seedRegions } from '../support/fixtures.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Runs the production entry with the given environment and collects what it prints. */
function runServer(env: Record<string, string>, timeoutMs = 30_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
	return new Promise((resolve) => {
		const child = spawn(process.execPath, ['server.ts'], {
			cwd: ROOT,
			env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let stdout = '';
		let stderr = '';
		child.stdout.on('data', (c) => (stdout += c));
		child.stderr.on('data', (c) => (stderr += c));
		const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
		child.on('close', (code) => {
			clearTimeout(timer);
			resolve({ code, stdout, stderr });
		});
	});
}

function expectOneClearLine(result: { code: number | null; stderr: string }, pattern: RegExp) {
	expect(result.code).not.toBe(0);
	const lines = result.stderr.trim().split('\n');
	expect(lines).toHaveLength(1);
	expect(lines[0]).toMatch(/^启动失败：/);
	expect(lines[0]).toMatch(pattern);
}

describe('start-up with bad configuration', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await createTestDatabase();
		await seedRegions(db.sql);
	});
	afterAll(() => db?.drop());

	it('a wrong DATABASE_URL', async () => {
		const result = await runServer({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/nowhere' });
		expectOneClearLine(result, /无法连接数据库.*DATABASE_URL/);
	});

	it('a malformed DATABASE_URL', async () => {
		expectOneClearLine(await runServer({ DATABASE_URL: 'mysql://x' }), /DATABASE_URL.*协议/);
	});

	it('an unreachable Redis', async () => {
		const result = await runServer({ DATABASE_URL: db.url, REDIS_URL: 'redis://127.0.0.1:1' });
		expectOneClearLine(result, /无法连接 Redis.*REDIS_URL/);
	});

	it('a busy port', async () => {
		const blocker = createServer();
		await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', () => r()));
		const port = String((blocker.address() as { port: number }).port);
		try {
			expectOneClearLine(await runServer({ DATABASE_URL: db.url, PORT: port }), new RegExp(`端口 ${port} 已被占用.*PORT`));
		} finally {
			blocker.close();
		}
	});

	it('a data folder it cannot write', async () => {
		expectOneClearLine(await runServer({ LIAOWANG_DATA_DIR: '/proc/liaowang' }), /数据目录.*LIAOWANG_DATA_DIR/);
	});

	it('a bad PORT value', async () => {
		expectOneClearLine(await runServer({ PORT: '七十' }), /PORT/);
	});

	it('an audit retention below six months, naming the setting and the law', async () => {
		const result = await runServer({ DATABASE_URL: db.url, AUDIT_RETENTION_MONTHS: '3' });
		expectOneClearLine(result, /AUDIT_RETENTION_MONTHS=3 低于法定下限.*网络安全法第二十一条/);
	});

	it('a database without regions tells how to load demo data, and changes nothing', async () => {
		const empty = await createTestDatabase();
		try {
			const result = await runServer({ DATABASE_URL: empty.url });
			expectOneClearLine(result, /行政区划.*npm run demo/);
			const [{ count }] = await empty.sql`select count(*)::int as count from petition_item`;
			expect(count).toBe(0);
		} finally {
			await empty.drop();
		}
	});
});
