import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertSchemaNotNewer } from '../../src/lib/server/ops/schema-guard.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

describe('refusing to start on a database newer than the code', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await createTestDatabase({ migrate: false });
	});
	afterAll(async () => {
		await db?.drop();
	});

	it('lets a fresh database and one at this version start', async () => {
		await expect(assertSchemaNotNewer(db.sql)).resolves.toBeUndefined();
		const { migrate } = await import('../../src/lib/server/db/migrate.ts');
		await migrate(db.sql);
		await expect(assertSchemaNotNewer(db.sql)).resolves.toBeUndefined();
	});

	it('refuses one a newer release has migrated, naming the migration', async () => {
		await db.sql`insert into schema_migration (version, name, checksum) values ('9990', 'from_the_future', 'x')`;
		await expect(assertSchemaNotNewer(db.sql)).rejects.toThrow(/数据库比本程序新：已执行本版本没有的迁移 9990_from_the_future，拒绝启动/);
	});
});
