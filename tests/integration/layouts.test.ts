import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { layouts } from '../../src/lib/screen/panels/layouts.ts';
import { resetLayout, saveLayout, wallLayouts } from '../../src/lib/server/screen/layouts.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

/** The deployment's wall layouts in Postgres: built-in ones replaced or added to, each change audited. */
describe('wall layouts', () => {
	let db: TestDatabase;
	let actor: { userId: number; username: string; ip: string };

	beforeAll(async () => {
		db = await createTestDatabase();
		await db.sql`insert into region (adcode, name, level, parent, path) values ('370000', '山东省', 'province', null, '{370000}')`;
		const [user] = await db.sql<{ id: number }[]>`
			insert into app_user (username, display_name, password_hash, role, scope_region) values ('layout.admin', '布局管理员', 'x', 'admin', '370000') returning id`;
		actor = { userId: user.id, username: 'layout.admin', ip: '127.0.0.1' };
	});
	afterAll(async () => {
		await db?.drop();
	});

	it('are the built-in ones until a locality saves its own', async () => {
		const all = await wallLayouts(db.sql);
		expect(Object.keys(all)).toEqual(Object.keys(layouts));
		expect(Object.values(all).every((l) => l.source === 'builtin')).toBe(true);
	});

	it('replace a built-in layout of the same name, add new ones, and come back on reset; every change audited', async () => {
		const mine = { ...structuredClone(layouts.supervision), title: '本地督办' };
		await saveLayout(db.sql, mine, actor);
		await saveLayout(db.sql, { ...structuredClone(layouts.overview), name: 'lobby', title: '大厅' }, actor);
		let all = await wallLayouts(db.sql);
		expect(Object.keys(all).sort()).toEqual([...Object.keys(layouts), 'lobby'].sort());
		expect(all.supervision).toMatchObject({ source: 'local', updatedBy: '布局管理员', layout: { title: '本地督办' } });
		expect(all.lobby.layout.panels).toEqual(layouts.overview.panels);
		// saving again replaces the row, it does not add one
		await saveLayout(db.sql, { ...mine, title: '本地督办二' }, actor);
		expect((await db.sql`select count(*)::int as n from wall_layout`)[0].n).toBe(2);

		expect(await resetLayout(db.sql, 'supervision', actor)).toBe(true);
		expect(await resetLayout(db.sql, 'supervision', actor)).toBe(false);
		all = await wallLayouts(db.sql);
		expect(all.supervision).toMatchObject({ source: 'builtin', layout: layouts.supervision });
		const log = await db.sql<{ action: string; target: string; detail: { replaced?: string | null } }[]>`
			select action, target, detail from audit_log where action like 'layout.%' order by id`;
		expect(log.map((e) => `${e.action} ${e.target} ${e.detail.replaced ?? ''}`.trim())).toEqual([
			'layout.save supervision builtin',
			'layout.save lobby',
			'layout.save supervision local',
			'layout.reset supervision'
		]);
	});

	it('leave out a row written by hand that does not pass the check, and the table refuses a name that is not its spec', async () => {
		await db.sql`insert into wall_layout (name, spec) values ('broken', ${db.sql.json({ name: 'broken', title: '坏', panels: [] } as never)})`;
		const all = await wallLayouts(db.sql);
		expect(all.broken).toBeUndefined();
		await expect(db.sql`insert into wall_layout (name, spec) values ('x', ${db.sql.json({ name: 'y' } as never)})`).rejects.toThrow(/check constraint/);
		await expect(db.sql`insert into wall_layout (name, spec) values ('Bad Name', ${db.sql.json({ name: 'Bad Name' } as never)})`).rejects.toThrow(/check constraint/);
	});
});
