import { DEFAULT_LETTER_RULES } from '../../src/lib/domain/letter-rules.ts';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { issueLetter } from '../../src/lib/server/letters/issue.ts';

/**
 * Rows of a rollup its GROUP BY view does not have, and the other way round (0 and 0: equal). A
 * group whose last item moved on stays in the rollup with 0 items (every rollup has `items`); a
 * GROUP BY has no such row, so those are left out.
 */
export async function rollupDrift(sql: Sql, rollup: string): Promise<number> {
	const truth = `${rollup}_truth`;
	const [row] = await sql<{ n: number }[]>`
		select ((select count(*) from (select * from ${sql(rollup)} where items <> 0 except select * from ${sql(truth)}) a)
		      + (select count(*) from (select * from ${sql(truth)} except select * from ${sql(rollup)} where items <> 0) b))::int as n`;
	return row.n;
}

/** The local (Beijing) year of an instant: the year a 文号 is numbered in. */
export const localYear = (at: Date) => new Date(at.getTime() + 8 * 3600_000).getUTCFullYear();

/** The next 督办函 issued in `sql` by the province's 督查督办 account: its 文号 must continue the series a backup held. */
export async function issueNextLetter(sql: Sql, now: Date, idempotencyKey: string): Promise<string> {
	const [user] = await sql<{ id: number }[]>`select id from app_user where username = 'ducha'`;
	const [item] = await sql<{ id: string; unitId: number }[]>`select id::text, unit_id as "unitId" from petition_item where unit_id is not null order by id limit 1`;
	const issued = await issueLetter(sql, {
		kind: 'supervise', recipientUnitId: item.unitId, itemIds: [item.id], reason: '经督查，该事项逾期未办结，请依法按期办理。',
		feedbackDue: new Date(now.getTime() + 8 * 3600_000 + 30 * 86400_000).toISOString().slice(0, 10), cc: '', evidence: [], follows: [], idempotencyKey
	}, { user: { userId: user.id, username: 'ducha', role: 'supervisor', scope: '370000', unitId: null, displayName: '省督查督办处' }, rules: DEFAULT_LETTER_RULES, now });
	return issued.number;
}
