import type { Sql } from '../../src/lib/server/db/connection.ts';

/** A new rules version with the 办结 limit `by` days shorter than the version in force (what an administrator's edit writes). */
export const shortenConclusion = (sql: Sql, by: number) =>
	sql.begin(async (tx) => {
		const [{ version, rules }] = await tx<{ version: number; rules: { limits: Record<string, { days: number }> } }[]>`select version, rules from rule_set order by version desc limit 1`;
		const changed = { ...rules, limits: { ...rules.limits, conclude: { ...rules.limits.conclude, days: rules.limits.conclude.days - by } } };
		await tx`insert into rule_set (version, rules, note) values (${version + 1}, ${tx.json(changed as never)}, '办结期限')`;
	});
