import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LAYOUT_VERSION } from '../../src/lib/screen/panels/layout.ts';
import { layouts } from '../../src/lib/screen/panels/layouts.ts';
import { readLayouts, resetLayout, saveLayout, wallLayouts } from '../../src/lib/server/screen/layouts.ts';
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

	it('migrate a layout stored before versions (the 0140 migration marks it version 1) and read it as the current version', async () => {
		const { version: _, ...old } = { ...structuredClone(layouts.overview), name: 'old-lobby', title: '旧大厅' };
		await db.sql`insert into wall_layout (name, spec) values ('old-lobby', ${db.sql.json({ ...old, version: 1 } as never)})`;
		const { layouts: all, unusable } = await readLayouts(db.sql);
		expect(unusable).toEqual([]);
		expect(all['old-lobby']).toMatchObject({ source: 'local', layout: { ...layouts.overview, name: 'old-lobby', title: '旧大厅', version: LAYOUT_VERSION } });
		// saving it again stores the current version
		await saveLayout(db.sql, all['old-lobby'].layout, actor);
		const [row] = await db.sql<{ version: number }[]>`select (spec->>'version')::int as version from wall_layout where name = 'old-lobby'`;
		expect(row.version).toBe(LAYOUT_VERSION);
	});

	it('list a stored layout that cannot be migrated or no longer passes the check as unusable, with the reason; the row stays', async () => {
		const newer = { ...structuredClone(layouts.supervision), version: LAYOUT_VERSION + 1, title: '新版督办' };
		await db.sql`insert into wall_layout (name, spec) values ('supervision', ${db.sql.json(newer as never)})`;
		await db.sql`insert into wall_layout (name, spec) values ('broken', ${db.sql.json({ version: 1, name: 'broken', title: '坏', panels: [] } as never)})`;
		const { layouts: all, unusable } = await readLayouts(db.sql);
		expect(all.broken).toBeUndefined();
		expect(all.supervision).toMatchObject({ source: 'builtin', layout: layouts.supervision }); // the wall keeps the built-in one
		expect(unusable.map((u) => ({ name: u.name, version: u.version, field: u.field }))).toEqual([
			{ name: 'broken', version: 1, field: 'width' },
			{ name: 'supervision', version: LAYOUT_VERSION + 1, field: 'version' }
		]);
		expect(unusable[1].message).toContain('无法迁移');
		expect(unusable[1].spec).toEqual(newer);
		expect((await db.sql`select count(*)::int as n from wall_layout where name in ('broken', 'supervision')`)[0].n).toBe(2);
		// the admin may delete one (audited like any reset)
		expect(await resetLayout(db.sql, 'supervision', actor)).toBe(true);
		expect((await readLayouts(db.sql)).unusable.map((u) => u.name)).toEqual(['broken']);
	});

	it('the table refuses a name that is not its spec, and a spec without a version', async () => {
		await expect(db.sql`insert into wall_layout (name, spec) values ('x', ${db.sql.json({ name: 'y', version: 2 } as never)})`).rejects.toThrow(/check constraint/);
		await expect(db.sql`insert into wall_layout (name, spec) values ('Bad Name', ${db.sql.json({ name: 'Bad Name', version: 2 } as never)})`).rejects.toThrow(/check constraint/);
		await expect(db.sql`insert into wall_layout (name, spec) values ('nover', ${db.sql.json({ name: 'nover' } as never)})`).rejects.toThrow(/wall_layout_version/);
	});
});
