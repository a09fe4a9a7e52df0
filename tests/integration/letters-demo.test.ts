import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LETTER_RULES } from '../../src/lib/domain/letter-rules.ts';
import { parseLetterNumber } from '../../src/lib/domain/letters.ts';
import { generateDemoData } from '../../src/lib/server/sim/generate.ts';
import { ensureDemoLetters } from '../../src/lib/server/sim/letters.ts';
import { issueLetter } from '../../src/lib/server/letters/issue.ts';
import { withDemoUsers } from '../support/auth.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';

describe('the demo letters register', () => {
	let db: TestDatabase;
	beforeAll(async () => {
		db = await createTestDatabase();
		await generateDemoData(db.sql, { items: 3000, seed: 'letters-demo' });
		await withDemoUsers(db.sql);
	});
	afterAll(async () => {
		await db?.drop();
	});

	it('has closed, ignored and open letters, numbered gap-free, once', async () => {
		const made = await ensureDemoLetters(db.sql);
		expect(made).toBeGreaterThan(20);
		expect(await ensureDemoLetters(db.sql)).toBe(0);
		const byStatus = Object.fromEntries((await db.sql<{ status: string; n: number }[]>`select status, count(*)::int as n from supervision_letter group by status`).map((r) => [r.status, r.n]));
		for (const status of ['closed', 'overdue']) expect(byStatus[status], status).toBeGreaterThan(0);
		const rows = await db.sql<{ kind: string; year: number; number: number; text: string }[]>`select kind, year, number, number_text as text from supervision_letter order by kind, year, number`;
		for (const r of rows) expect(parseLetterNumber(r.text, DEFAULT_LETTER_RULES.abbreviations)).toMatchObject({ officeCode: '鲁信', number: r.number, year: r.year });
		const groups = Object.groupBy(rows, (r) => `${r.kind}:${r.year}`);
		for (const list of Object.values(groups)) expect(list!.map((r) => r.number)).toEqual(list!.map((_, i) => i + 1));
		// the next letter issued continues the series
		const [user] = await db.sql<{ id: number }[]>`select id from app_user where username = 'ducha'`;
		const [item] = await db.sql<{ id: string; unitId: number }[]>`select id::text, unit_id as "unitId" from petition_item where unit_id is not null order by id limit 1`;
		const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
		const before = rows.filter((r) => r.kind === 'supervise' && r.year === year).length;
		const issued = await issueLetter(db.sql, {
			kind: 'supervise', recipientUnitId: item.unitId, itemIds: [item.id], reason: '经督查，该事项逾期未办结，请依法按期办理。',
			feedbackDue: new Date(Date.now() + 8 * 3600_000 + 30 * 86400_000).toISOString().slice(0, 10), cc: '', evidence: [], follows: [], idempotencyKey: 'demo-test-0000000001'
		}, { user: { userId: user.id, username: 'ducha', role: 'supervisor', scope: '370000', unitId: null, displayName: '省督查督办处' }, rules: DEFAULT_LETTER_RULES, now: new Date() });
		expect(issued.number).toBe(`鲁信督函〔${year}〕${before + 1}号`);
	});
});
