import { DEFAULT_CALENDAR } from '../../domain/calendar.ts';
import { checkStoredYears, type RefusedYear } from '../../domain/calendar-status.ts';
import type { Config } from '../../domain/clocks.ts';
import { DEFAULT_RULES, validateRules, type Rules } from '../../domain/rules.ts';
import type { Db, Sql } from '../db/connection.ts';

export type ClockConfig = Config & {
	version: number;
	calendarUpdatedAt: string;
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
 * `check` of the last input seen, again while the input is the same (compared as JSON text): the
 * rules and the calendar are read on every write that runs a clock, and change rarely; validating
 * them each time was a steady share of a busy node's garbage. The result is shared: read-only.
 */
function lastChecked<I, O>(check: (input: I) => O): (input: I) => O {
	let last: { text: string; result: O } | null = null;
	return (input) => {
		const text = JSON.stringify(input);
		if (last?.text !== text) last = { text, result: check(input) };
		return last.result;
	};
}

/** Stored rules as validated, or the statutory defaults when they no longer validate (edited by hand). */
const rulesInForce = lastChecked((stored: unknown): Rules => {
	const checked = validateRules(stored);
	return checked.ok ? (checked.data as Rules) : DEFAULT_RULES;
});
const storedYears = lastChecked(checkStoredYears);

/** The newest version of the rules and the rules in force (`rulesInForce`); version 0 and the defaults before any is stored. */
export async function loadRules(sql: Db | Sql): Promise<{ version: number; rules: Rules }> {
	const [row] = await sql<{ version: number; rules: unknown }[]>`select version, rules from rule_set order by version desc limit 1`;
	return row ? { version: row.version, rules: rulesInForce(row.rules) } : { version: 0, rules: DEFAULT_RULES };
}

/** What the sweeper compares to see the stored calendar changed: the newest edit, and the count (a year deleted edits nothing). */
export const calendarMark = (newest: string | null, years: number) => `${newest ?? '-'}#${years}`;

/**
 * The rules in force (the newest version) and the holiday calendar. Stored rules that no longer
 * validate (edited by hand) fall back to the statutory defaults rather than stopping clocks; a
 * stored holiday year that no longer validates is left out by itself and reported, so that year
 * runs on the statutory days of the law and every other year keeps its notice.
 */
export async function loadClockConfig(sql: Db): Promise<ClockConfig> {
	const { version, rules } = await loadRules(sql);
	const years = await sql<{ year: number; holidays: string[]; workdays: string[]; verified: boolean; source: string; noticeDate: string | null; updatedAt: string }[]>`
		select year, holidays::text[] as holidays, workdays::text[] as workdays, verified, source,
		       notice_date::text as "noticeDate", updated_at::text as "updatedAt"
		  from holiday_year order by year`;
	const { calendar, refused } = storedYears(years.map(({ updatedAt: _, ...y }) => y));
	return {
		version,
		rules,
		calendar,
		calendarRefused: refused,
		calendarUpdatedAt: calendarMark(years.map((y) => y.updatedAt).sort().at(-1) ?? null, years.length)
	};
}

/** A new version of the rules, numbered next, inside the caller's transaction: a version in force is never edited. */
export async function saveRuleVersion(tx: Sql, rules: Rules, note: string, userId: number): Promise<number> {
	await tx`lock table rule_set in exclusive mode`;
	const [{ next }] = await tx<{ next: number }[]>`select coalesce(max(version), 0) + 1 as next from rule_set`;
	await tx`insert into rule_set (version, rules, note, created_by) values (${next}, ${tx.json(rules as never)}, ${note}, ${userId})`;
	return next;
}

export type HolidayYearInput = { year: number; holidays: string[]; workdays: string[]; verified: boolean; source: string; noticeDate: string | null };

/** One year of the holiday arrangement, entered or replaced (the table keys on the year); true when the year is new. */
export async function saveHolidayYear(tx: Sql, entry: HolidayYearInput, userId: number): Promise<boolean> {
	const [row] = await tx<{ created: boolean }[]>`
		insert into holiday_year (year, holidays, workdays, verified, source, notice_date, updated_by, updated_at)
		values (${entry.year}, ${entry.holidays}::date[], ${entry.workdays}::date[], ${entry.verified}, ${entry.source}, ${entry.noticeDate}, ${userId}, now())
		on conflict (year) do update set holidays = excluded.holidays, workdays = excluded.workdays, verified = excluded.verified,
		                                 source = excluded.source, notice_date = excluded.notice_date, updated_by = excluded.updated_by, updated_at = now()
		returning (xmax = 0) as created`;
	return row.created;
}
