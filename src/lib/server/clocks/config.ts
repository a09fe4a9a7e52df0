import { DEFAULT_CALENDAR } from '../../domain/calendar.ts';
import { checkStoredYears, type RefusedYear } from '../../domain/calendar-status.ts';
import type { Config } from '../../domain/clocks.ts';
import { DEFAULT_RULES, validateRules, type Rules } from '../../domain/rules.ts';
import type { Db } from '../db/connection.ts';

export type ClockConfig = Config & {
	version: number;
	calendarUpdatedAt: string | null;
	/** Stored years that no longer validate: left out one by one (their dates use the statutory days). */
	calendarRefused?: RefusedYear[];
};

/** First start: the statutory defaults become version 1 and the bundled holiday years are stored. */
export async function ensureRules(sql: Db): Promise<void> {
	await sql`insert into rule_set (version, rules, note) values (1, ${sql.json(DEFAULT_RULES as never)}, '法定默认值')
	          on conflict do nothing`;
	for (const year of DEFAULT_CALENDAR)
		await sql`insert into holiday_year (year, holidays, workdays, verified, source, notice_date)
		          values (${year.year}, ${year.holidays}::date[], ${year.workdays}::date[], ${year.verified}, ${year.source}, ${year.noticeDate ?? null})
		          on conflict do nothing`;
}

/**
 * The rules in force (the newest version) and the holiday calendar. Stored rules that no longer
 * validate (edited by hand) fall back to the statutory defaults rather than stopping clocks; a
 * stored holiday year that no longer validates is left out by itself and reported, so that year
 * runs on the statutory days of the law and every other year keeps its notice.
 */
export async function loadClockConfig(sql: Db): Promise<ClockConfig> {
	const [row] = await sql<{ version: number; rules: unknown }[]>`select version, rules from rule_set order by version desc limit 1`;
	const years = await sql<{ year: number; holidays: string[]; workdays: string[]; verified: boolean; source: string; noticeDate: string | null; updatedAt: string }[]>`
		select year, holidays::text[] as holidays, workdays::text[] as workdays, verified, source,
		       notice_date::text as "noticeDate", updated_at::text as "updatedAt"
		  from holiday_year order by year`;
	const rules = row ? validateRules(row.rules) : null;
	const { calendar, refused } = checkStoredYears(years.map(({ updatedAt: _, ...y }) => y));
	return {
		version: row?.version ?? 0,
		rules: rules?.ok ? (rules.data as Rules) : DEFAULT_RULES,
		calendar,
		calendarRefused: refused,
		calendarUpdatedAt: years.map((y) => y.updatedAt).sort().at(-1) ?? null
	};
}
