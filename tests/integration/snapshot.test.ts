import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Sql } from '../../src/lib/server/db/connection.ts';
import { rebuildRollups } from '../../src/lib/server/feed/rollups.ts';
import { wallSnapshot } from '../../src/lib/server/screen/wall.ts';
import type { WallSnapshot } from '../../src/lib/screen/wall.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { seedRegions } from '../support/fixtures.ts';

describe('wall snapshot from rollups', () => {
	let db: TestDatabase;
	let one: Sql; // one connection, so its prepared statements can be inspected

	beforeAll(async () => {
		db = await createTestDatabase();
		await seedRegions(db.sql);
		// a year of items in three counties, loaded in bulk, rollups built from the truth view
		await db.sql.begin(async (tx) => {
			await tx`select set_config('liaowang.bulk_load', 'on', true)`;
			await tx`
				insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due)
				select (array['370102', '370103', '370202'])[1 + g % 3] || '-20260101-' || lpad(g::text, 6, '0'),
				       (array['online', 'visit', 'letter', 'phone'])[1 + g % 4], now() - (g % 365) * interval '1 day',
				       (array['370102', '370103', '370202'])[1 + g % 3], (array['land', 'labour', 'housing', 'legal', 'rural'])[1 + g % 5],
				       'appeal', '测试', current_date
				  from generate_series(1, 60000) g`;
			await rebuildRollups(tx);
		});
		await db.sql.unsafe('vacuum analyze petition_item, rollup_daily, rollup_area, rollup_state, region');
		one = connect(db.url, { max: 1 });
	});
	afterAll(async () => {
		await one?.end({ timeout: 5 });
		await db?.drop();
	});

	it('keeps reading rollups with a plan for the actual region and days, however often it runs', async () => {
		const first = (await wallSnapshot(one, '370000', '370000')) as WallSnapshot;
		for (let i = 0; i < 9; i++) expect(await wallSnapshot(one, '370000', '370000')).toEqual(first);
		const [{ total }] = await db.sql<{ total: number }[]>`
			select count(*)::int as total from petition_item where received_at >= ${first.trend[0].day}::date`;
		expect(first.trend.reduce((a, d) => a + d.items, 0)).toBe(total);
		// a generic plan (chosen after five runs when it looks cheaper) reads every area's days
		const statements = await one<{ generic: number; custom: number }[]>`
			select generic_plans::int as generic, custom_plans::int as custom from pg_prepared_statements
			 where statement like '%rollup_area%' and statement not like '%pg_prepared_statements%'`;
		expect(statements.length).toBeGreaterThanOrEqual(2);
		for (const statement of statements) expect(statement).toEqual({ generic: 0, custom: 10 });
	});
});
