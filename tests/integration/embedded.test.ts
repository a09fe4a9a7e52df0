import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { userInfo } from 'node:os';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/lib/server/db/connection.ts';
import { APP_USER, startEmbeddedPostgres } from '../../src/lib/server/db/embedded.ts';
import { grantRuntime, roleOf } from '../../src/lib/server/db/roles.ts';
import { migrate } from '../../src/lib/server/db/migrate.ts';

describe('embedded Postgres (no DATABASE_URL)', () => {
	const dirs: string[] = [];
	afterAll(async () => {
		for (const dir of dirs) await rm(dir, { recursive: true, force: true });
	});

	it('initialises a data folder, runs migrations, keeps data across restarts', async () => {
		const dir = await mkdtemp('/tmp/lw-embedded-');
		await chmod(dir, 0o755); // as root, the server runs as `postgres`, which must reach the folder
		dirs.push(dir);
		const started = Date.now();
		const first = await startEmbeddedPostgres(dir);
		const firstStart = Date.now() - started;
		const sql = connect(first.url, { max: 2 });
		try {
			expect(await migrate(sql)).toContain('0001_domain');
			await sql`insert into region (adcode, name, level, parent, path) values ('370000', '山东省', 'province', null, '{370000}')`;
			const [{ version }] = await sql`select current_setting('server_version') as version`;
			expect(Number(version.split('.')[0])).toBeGreaterThanOrEqual(15);
			// two roles: the app serves as a runtime role that is no superuser and owns nothing
			await grantRuntime(sql, APP_USER);
			const app = connect(first.appUrl, { max: 1 });
			try {
				expect(await roleOf(app)).toEqual({ user: APP_USER, superuser: false, owner: false });
				expect((await app`select name from region`).map((r) => r.name)).toEqual(['山东省']);
				await expect(app`truncate audit_log`).rejects.toThrow(/permission denied/);
			} finally {
				await app.end();
			}
		} finally {
			await sql.end();
			await first.stop();
		}
		const again = Date.now();
		const second = await startEmbeddedPostgres(dir);
		const secondStart = Date.now() - again;
		const sql2 = connect(second.url, { max: 2 });
		try {
			expect(await migrate(sql2)).toEqual([]);
			const rows = await sql2`select name from region`;
			expect(rows.map((r) => r.name)).toEqual(['山东省']);
			// the runtime role's password survives a restart (kept beside the owner's)
			const app = connect(second.appUrl, { max: 1 });
			expect((await roleOf(app)).user).toBe(APP_USER);
			await app.end();
		} finally {
			await sql2.end();
			await second.stop();
		}
		console.log(`embedded Postgres: first start ${firstStart} ms (initdb included), restart ${secondStart} ms`);
	});

	it('as root, moves a default data folder the postgres user cannot enter to the fallback', async () => {
		const home = await mkdtemp('/tmp/lw-private-'); // 0700, like /root
		const fallback = await mkdtemp('/tmp/lw-fallback-');
		await chmod(fallback, 0o755);
		dirs.push(home, fallback);
		const said: string[] = [];
		const pg = await startEmbeddedPostgres(`${home}/data`, { fallbackDir: `${fallback}/liaowang`, log: (m) => said.push(m) });
		const root = userInfo().uid === 0; // only root hands the server to another user
		try {
			expect(pg.dir).toBe(root ? `${fallback}/liaowang/pg` : `${home}/data/pg`);
			if (root) expect(said.join()).toMatch(/不可访问，改用/);
		} finally {
			await pg.stop();
		}
		// without a fallback (LIAOWANG_DATA_DIR given) the folder is used as given, or start-up fails clearly
		if (root) await expect(startEmbeddedPostgres(`${home}/data`)).rejects.toThrow(/postgres 用户不可访问/);
	});

	it('refuses a data folder it cannot create, with a clear message', async () => {
		await expect(startEmbeddedPostgres('/proc/liaowang-cannot-write')).rejects.toThrow(/数据目录.*无法创建或写入/);
	});
});
