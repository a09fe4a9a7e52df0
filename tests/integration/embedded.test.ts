import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/lib/server/db/connection.ts';
import { startEmbeddedPostgres } from '../../src/lib/server/db/embedded.ts';
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
		} finally {
			await sql2.end();
			await second.stop();
		}
		console.log(`embedded Postgres: first start ${firstStart} ms (initdb included), restart ${secondStart} ms`);
	});

	it('refuses a data folder it cannot create, with a clear message', async () => {
		await expect(startEmbeddedPostgres('/proc/liaowang-cannot-write')).rejects.toThrow(/数据目录.*无法创建或写入/);
	});
});
