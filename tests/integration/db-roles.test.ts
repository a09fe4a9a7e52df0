import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveAuditLog } from '../../src/lib/server/auth/audit-archive.ts';
import { audit } from '../../src/lib/server/auth/audit.ts';
import { createSession, generateSessionToken, validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { readConfig } from '../../src/lib/server/config.ts';
import { connect, type Sql } from '../../src/lib/server/db/connection.ts';
import { grantRuntime, roleOf, roleWarning } from '../../src/lib/server/db/roles.ts';
import { startRuntime } from '../../src/lib/server/start.ts';
import { ADMIN_URL, createTestDatabase, type TestDatabase } from '../support/db.ts';
import { migrate } from '../../src/lib/server/db/migrate.ts';
import { insertItem, seedRegions } from '../support/fixtures.ts';

/**
 * Red team #15, findings 3–5: the app serves as a runtime role that owns nothing. Connected as that
 * role, the things an attacker with the app's credentials would try are refused by Postgres itself
 * (turning triggers off, truncating, rewriting or deleting the audit log, DDL, bulk-load mode,
 * COPY … TO PROGRAM), while the app's ordinary work goes on.
 */
describe('two database roles: the runtime role cannot make the database forget', () => {
	let db: TestDatabase;
	let app: Sql;
	const runtimeRole = `lw_rt_${process.pid}_${randomBytes(3).toString('hex')}`;
	const urlAs = (user: string) => {
		const url = new URL(db.url);
		url.username = user;
		url.password = '';
		return url.toString();
	};
	const count = async (table: string) => Number((await db.sql.unsafe(`select count(*)::int as n from ${table}`))[0].n);

	beforeAll(async () => {
		db = await createTestDatabase();
		await seedRegions(db.sql);
		await db.sql.unsafe(`create role ${runtimeRole} login nosuperuser`);
		await grantRuntime(db.sql, runtimeRole);
		app = connect(urlAs(runtimeRole), { max: 2, appName: 'liaowang-test-runtime' });
	});
	afterAll(async () => {
		await app?.end({ timeout: 5 });
		if (db) {
			await db.sql.unsafe(`drop owned by ${runtimeRole}`).catch(() => {});
			await db.drop();
			const admin = connect(urlAs('postgres').replace(/\/[^/]*$/, '/postgres'), { max: 1 });
			await admin.unsafe(`drop role if exists ${runtimeRole}`).catch(() => {});
			await admin.end({ timeout: 5 });
		}
	});

	it('knows who it is: the runtime role is neither superuser nor owner; the owner is warned about', async () => {
		const role = await roleOf(app);
		expect(role).toEqual({ user: runtimeRole, superuser: false, owner: false });
		expect(roleWarning(role)).toBeNull();
		const owner = await roleOf(db.sql);
		expect(owner.superuser || owner.owner).toBe(true);
		expect(roleWarning(owner)).toMatch(/DATABASE_OWNER_URL/);
	});

	it('does the app’s ordinary work: items through the outbox, sessions, the audit log and its archiving', async () => {
		const outbox = await count('outbox');
		await insertItem(app);
		expect(await count('outbox')).toBe(outbox + 1);

		const [user] = await app<{ id: number }[]>`
			insert into app_user (username, display_name, password_hash, role, scope_region)
			values ('runtime.user', '运行角色测试', 'x', 'leader', '370100') returning id`;
		const token = generateSessionToken();
		await createSession(app, token, { id: user.id, role: 'leader' });
		expect((await validateSessionToken(app, token)).user?.userId).toBe(user.id);

		await audit(app, { userId: user.id, username: 'runtime.user', action: 'auth.sign_in', ip: '10.0.0.9' });
		// a row past the retention (written by the owner: the app only appends with now())
		await db.sql`insert into audit_log (at, username, action) values (now() - interval '7 months', 'old', 'auth.sign_in')`;
		const live = await count('audit_log');
		expect(await archiveAuditLog(app, { keepMonths: 6 })).toBe(1);
		expect(await count('audit_log')).toBe(live - 1);
		expect(await count('audit_log_archive')).toBe(1);
		const [{ n }] = await app<{ n: number }[]>`select count(*)::int as n from audit_log_all`;
		expect(n).toBe(live);
	});

	it('refuses what the app never needs: triggers off, TRUNCATE, DDL, rewriting the audit log, COPY TO PROGRAM', async () => {
		const before = { log: await count('audit_log'), archive: await count('audit_log_archive'), items: await count('petition_item') };
		const refusals: [string, () => Promise<unknown>, RegExp][] = [
			['disable the audit trigger', () => app`alter table audit_log disable trigger audit_log_no_update`, /must be owner|属主/],
			['disable every trigger', () => app`alter table petition_item disable trigger all`, /must be owner/],
			['replica mode (no triggers)', () => app`set session_replication_role = replica`, /permission denied/],
			['truncate the audit log', () => app`truncate audit_log`, /permission denied/],
			['truncate the items', () => app`truncate petition_item cascade`, /permission denied/],
			['delete from the audit log', () => app`delete from audit_log`, /permission denied/],
			['update the audit log', () => app`update audit_log set detail = '{}'`, /permission denied/],
			['delete from the archive', () => app`delete from audit_log_archive`, /permission denied/],
			['write the archive', () => app`insert into audit_log_archive (id, at, action, detail) values (999999, now(), 'x', '{}')`, /permission denied/],
			['create a table', () => app`create table lw_evil (a int)`, /permission denied/],
			['drop a table', () => app`drop table region cascade`, /must be owner/],
			['add a trigger', () => app`create trigger lw_evil before insert on audit_log for each row execute function audit_log_append_only()`, /permission denied|must be owner/],
			['rewrite the migration ledger', () => app`delete from schema_migration`, /permission denied/],
			['grant itself more', () => app`select liaowang_grant_runtime(current_user)`, /permission denied/],
			['archive rows under six months old', () => app`select audit_log_archive_batch(1, 10)`, /不得少于 6 个月/],
			['COPY … TO PROGRAM', () => app.unsafe(`copy (select 1) to program 'true'`), /permission denied|must be superuser/],
			[
				'bulk-load mode',
				() =>
					app.begin(async (tx) => {
						await tx`select set_config('liaowang.bulk_load', 'on', true)`;
						await insertItem(tx as unknown as Sql);
					}),
				/批量导入模式只允许数据库属主使用/
			]
		];
		for (const [what, attempt, message] of refusals) await expect(attempt(), what).rejects.toThrow(message);
		expect({ log: await count('audit_log'), archive: await count('audit_log_archive'), items: await count('petition_item') }).toEqual(before);
		const [{ exists }] = await db.sql`select to_regclass('public.lw_evil') is not null as exists`;
		expect(exists).toBe(false);
	});

	it('a table a later migration adds gets the runtime grants when start-up runs the grant function again', async () => {
		await db.sql`create table lw_later (id int primary key)`;
		await expect(app`insert into lw_later values (1)`).rejects.toThrow(/permission denied/);
		await grantRuntime(db.sql, runtimeRole);
		await app`insert into lw_later values (1)`;
		expect((await app`select id from lw_later`).length).toBe(1);
		await expect(app`truncate lw_later`).rejects.toThrow(/permission denied/);
	});

	it('the grant function refuses a superuser or the owner itself as the runtime role', async () => {
		await expect(grantRuntime(db.sql, 'postgres')).rejects.toThrow(/运行角色/);
	});

	it('start-up with DATABASE_URL (runtime) and DATABASE_OWNER_URL (owner): migrates as owner, serves as runtime, no warning', async () => {
		const said: string[] = [];
		const config = readConfig({ DATABASE_URL: urlAs(runtimeRole), DATABASE_OWNER_URL: db.url, PORT: '0' });
		const runtime = await startRuntime(config, { log: (m) => said.push(m) });
		try {
			expect(runtime.database).toEqual({ user: runtimeRole, superuser: false, owner: false });
			expect(said.join('\n')).not.toMatch(/注意/);
			await insertItem(runtime.sql); // the pool the routes use writes as the runtime role
		} finally {
			await runtime.stop();
		}
		// one URL for both: it still starts, and says the app runs as the owner
		const single: string[] = [];
		const one = await startRuntime(readConfig({ DATABASE_URL: db.url, PORT: '0' }), { log: (m) => single.push(m) });
		try {
			expect(roleWarning(one.database)).not.toBeNull();
			expect(single.join('\n')).toMatch(/注意：应用以数据库超级用户/);
		} finally {
			await one.stop();
		}
	});

	it('an owner URL without DATABASE_URL is a clear start-up error', () => {
		expect(() => readConfig({ DATABASE_OWNER_URL: db.url })).toThrow(/DATABASE_OWNER_URL.*DATABASE_URL/);
	});
});

/** The production set-up the README describes: an owner that is no superuser, a runtime role beside it. */
describe('two roles on a server of your own: a non-superuser owner migrates, the runtime role serves', () => {
	const tag = `${process.pid}_${randomBytes(3).toString('hex')}`;
	const owner = `lw_own_${tag}`;
	const runtimeRole = `lw_app_${tag}`;
	const database = `lw_test_roles_${tag}`;
	const admin = connect(ADMIN_URL, { max: 1, appName: 'liaowang-test-admin' });
	const urlAs = (user: string) => {
		const url = new URL(ADMIN_URL);
		url.username = user;
		url.password = '';
		url.pathname = `/${database}`;
		return url.toString();
	};
	let ownerSql: Sql;
	let app: Sql;

	beforeAll(async () => {
		await admin.unsafe(`create role ${owner} login nosuperuser`);
		await admin.unsafe(`create role ${runtimeRole} login nosuperuser nocreatedb nocreaterole noinherit`);
		await admin.unsafe(`create database ${database} owner ${owner}`);
		ownerSql = connect(urlAs(owner), { max: 2 });
		app = connect(urlAs(runtimeRole), { max: 2 });
	});
	afterAll(async () => {
		await app?.end({ timeout: 5 });
		await ownerSql?.end({ timeout: 5 });
		await admin.unsafe(`drop database if exists ${database} with (force)`);
		await admin.unsafe(`drop role if exists ${runtimeRole}`);
		await admin.unsafe(`drop role if exists ${owner}`);
		await admin.end({ timeout: 5 });
	});

	it('migrates as the owner, grants, and serves as the runtime role; bulk loading stays the owner’s', async () => {
		expect((await migrate(ownerSql)).length).toBeGreaterThan(20);
		await seedRegions(ownerSql);
		await grantRuntime(ownerSql, runtimeRole);
		expect(await roleOf(app)).toEqual({ user: runtimeRole, superuser: false, owner: false });
		expect(roleWarning(await roleOf(ownerSql))).toMatch(/属主角色/);
		const outbox = async () => Number((await ownerSql`select count(*)::int as n from outbox`)[0].n);
		const before = await outbox();
		await insertItem(app);
		expect(await outbox()).toBe(before + 1);
		await expect(app`truncate audit_log`).rejects.toThrow(/permission denied/);
		await expect(app`alter table audit_log disable trigger all`).rejects.toThrow(/must be owner/);
		await expect(
			app.begin(async (tx) => {
				await tx`select set_config('liaowang.bulk_load', 'on', true)`;
				await insertItem(tx as unknown as Sql);
			})
		).rejects.toThrow(/批量导入模式/);
		// the owner, no superuser, still bulk-loads (the demo loader) without outbox rows
		await ownerSql.begin(async (tx) => {
			await tx`select set_config('liaowang.bulk_load', 'on', true)`;
			await insertItem(tx as unknown as Sql);
		});
		expect(await outbox()).toBe(before + 1);
		// and may not hand the runtime role its own rights
		await expect(grantRuntime(ownerSql, owner)).rejects.toThrow(/运行角色不能与属主角色相同/);
	});
});
