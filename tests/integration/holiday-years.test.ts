import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { statutoryDays } from '../../src/lib/domain/holidays.ts';
import { t } from '../../src/lib/domain/spec-support.ts';
import { ensureRules, loadClockConfig } from '../../src/lib/server/clocks/config.ts';
import { startSweeper } from '../../src/lib/server/clocks/sweeper.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { seedRegions, waitFor } from '../support/fixtures.ts';

describe('holiday years: the law for any year, notices stored one by one', () => {
	let db: TestDatabase;

	beforeAll(async () => {
		db = await createTestDatabase();
		await seedRegions(db.sql);
		await ensureRules(db.sql);
		// stored: 2025 and 2026 only. The tests count on 2027 having no notice (and insert one), and the
		// bundled calendar the seed copies gains a year every November
		await db.sql`delete from holiday_year where year >= 2027`;
	});
	afterAll(async () => db?.drop());

	it('a bad stored year is left out on its own and reported; the others keep their notice', async () => {
		await db.sql`update holiday_year set workdays = array['2025-03-05']::date[] where year = 2025`; // a Wednesday
		try {
			const config = await loadClockConfig(db.sql);
			expect(config.calendar.map((y) => y.year)).toEqual([2026]);
			expect(config.calendarRefused).toEqual([{ year: 2025, field: 'workdays.0', message: '调休上班日期 2025-03-05 不是周六或周日' }]);
		} finally {
			await db.sql`update holiday_year set workdays = array['2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11']::date[] where year = 2025`;
		}
		expect((await loadClockConfig(db.sql)).calendarRefused).toEqual([]);
	});

	it('an item received 2026-12-17 is due on 2 Jan 2027 (statutory 元旦); entering 2027’s notice relights it', async () => {
		const clock = t('2026-12-20 10:00');
		const [{ id }] = await db.sql<{ id: string }[]>`
			insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due, status, track)
			values ('370102-20261217-900001', 'visit', ${t('2026-12-17 10:00')}, '370102', 'labour', 'appeal', '跨年时限', '2027-01-01', 'registered', 'petition')
			returning id::text`;
		const due = async () => (await db.sql<{ due: string | null }[]>`select clock_due::text as due from petition_item where id = ${id}`)[0].due;
		const sweeper = startSweeper(db.sql, { now: () => clock, intervalMs: 20, configCheckMs: 100 });
		try {
			await waitFor(async () => (await due()) === '2027-01-02', 'statutory 元旦 2027');
			// a notice that bridges 元旦 to Sunday 3 Jan: the last day moves to Monday 4 Jan
			const holidays = [...statutoryDays(2027).map((d) => d.date), '2027-01-02', '2027-01-03'];
			await db.sql`insert into holiday_year (year, holidays, workdays, verified, source, notice_date)
			             values (2027, ${holidays}::date[], '{}'::date[], true, '测试通知', '2026-11-10')`;
			await waitFor(async () => (await due()) === '2027-01-04', 'relit under the 2027 notice');
			// a year deleted (by hand: the product has no such button) edits no row, and is still seen
			await db.sql`delete from holiday_year where year = 2027`;
			await waitFor(async () => (await due()) === '2027-01-02', 'relit without the 2027 notice');
		} finally {
			await sweeper.stop();
		}
	});
});
