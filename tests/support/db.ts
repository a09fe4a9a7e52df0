import { randomBytes } from 'node:crypto';
import { connect, type Sql } from '../../src/lib/server/db/connection.ts';
import { migrate } from '../../src/lib/server/db/migrate.ts';
import { useTestKeyring } from './personal-data.ts';

/** The real Postgres the integration tests use (on our machines: the local server, trust auth). */
export const ADMIN_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export type TestDatabase = { url: string; name: string; sql: Sql; drop: () => Promise<void> };

/** A fresh, migrated database of its own for one test file; dropped afterwards. */
export async function createTestDatabase(options: { migrate?: boolean } = {}): Promise<TestDatabase> {
	useTestKeyring(); // code under test seals petitioners' personal data with it
	const name = `lw_test_${process.pid}_${randomBytes(4).toString('hex')}`;
	const admin = connect(ADMIN_URL, { max: 1, appName: 'liaowang-test-admin' });
	await admin.unsafe(`create database ${name}`);
	const url = new URL(ADMIN_URL);
	url.pathname = `/${name}`;
	const sql = connect(url.toString(), { max: 8, appName: 'liaowang-test' });
	if (options.migrate ?? true) await migrate(sql);
	return {
		url: url.toString(),
		name,
		sql,
		async drop() {
			await sql.end({ timeout: 5 });
			await admin.unsafe(`drop database if exists ${name} with (force)`);
			await admin.end({ timeout: 5 });
		}
	};
}
