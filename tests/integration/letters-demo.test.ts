import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LETTER_RULES } from '../../src/lib/domain/letter-rules.ts';
import { parseLetterNumber } from '../../src/lib/domain/letters.ts';
import { generateDemoData } from '../../src/lib/server/sim/generate.ts';
import { ensureDemoLetters } from '../../src/lib/server/sim/letters.ts';
import { issueLetter } from '../../src/lib/server/letters/issue.ts';
import { ensureDemoUnitDesk } from '../../src/lib/server/sim/unit-desk.ts';
import { stampBatch } from '../../src/lib/server/feed/stamp.ts';
import { rateRollupDifferences } from '../../src/lib/server/feed/rate-inputs.ts';
import { letterRegister } from '../../src/lib/server/letters/queries.ts';
import type { SessionUser } from '../../src/lib/server/auth/session.ts';
import { queues } from '../../src/routes/(office)/my/queue.server.ts';
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
		// a 问责建议函 goes to the unit's authority, never to the unit alone
		const [{ bare }] = await db.sql<{ bare: number }[]>`select count(*)::int as bare from supervision_letter where kind = 'accountability' and addressee_unit_id is null`;
		expect(bare).toBe(0);
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

	it("gives the 历下区信访局 account (lixia.xinfang) work at every stage, 三函 to sign and answer, and 包案 in 历下区, once", async () => {
		const now = new Date();
		const made = await ensureDemoUnitDesk(db.sql, now);
		// the unit's own case always; up to two more on the county's open items of other units, as many
		// as this small demo has at the hour it is generated (items are placed relative to now)
		expect(made).toMatchObject({ items: 14, letters: 2 });
		expect(made!.cases).toBeGreaterThanOrEqual(1);
		expect(made!.cases).toBeLessThanOrEqual(3);
		expect(await ensureDemoUnitDesk(db.sql, now)).toBeNull();
		const [row] = await db.sql<{ userId: number; unitId: number; displayName: string }[]>`
			select id as "userId", unit_id as "unitId", display_name as "displayName" from app_user where username = 'lixia.xinfang'`;
		const user: SessionUser = { userId: row.userId, username: 'lixia.xinfang', role: 'unit', scope: '370102', unitId: row.unitId, displayName: row.displayName, screenName: null };
		// 我的事项: 待受理, 办理中, 临期与逾期 (both), 待评价
		const q = await queues(db.sql, user, false);
		expect(q.toAccept.length).toBeGreaterThanOrEqual(3);
		expect(q.inHand.length).toBeGreaterThanOrEqual(7);
		expect(q.dueSoon.filter((r) => r.light === 'yellow' || r.light === 'due_today').length, '临期').toBeGreaterThanOrEqual(1);
		expect(q.dueSoon.filter((r) => r.light === 'red').length, '逾期').toBeGreaterThanOrEqual(3);
		expect(q.toAccept.some((r) => r.light === 'red'), '受理逾期').toBe(true);
		expect(q.toEvaluate.length).toBeGreaterThanOrEqual(3);
		// every item went through intake and the lifecycle: its steps are on its timeline
		const steps = await db.sql<{ serial: string; steps: string }[]>`
			select i.serial, string_agg(e.to_status, ',' order by e.at, e.id) as steps from petition_item i join petition_event e on e.item_id = i.id
			 where i.source_id like 'desk-%' group by i.serial order by i.serial`;
		expect(steps).toHaveLength(14);
		// registered at the county's own window: not 越级 (registered at the province's, every one was)
		const [{ skipped }] = await db.sql<{ skipped: number }[]>`select count(*) filter (where skip_level)::int as skipped from petition_item where source_id like 'desk-%'`;
		expect(skipped).toBe(0);
		expect(new Set(steps.map((s) => s.steps))).toEqual(new Set(['registered,routed', 'registered,routed,accepted,handling', 'registered,routed,accepted,handling,concluded']));
		// 收件箱: one letter awaiting signature, one signed and awaiting feedback
		const inbox = await letterRegister(db.sql, user, { kind: null, unitId: null, status: null, from: null, to: null, q: null }, { limit: 200, offset: 0 });
		expect(inbox.map((l) => l.status).sort()).toEqual(['issued', 'signed']);
		expect(inbox.filter((l) => !l.signedAt)).toHaveLength(1);
		// 领导包案 in 历下区, one led by this unit
		const cases = await db.sql<{ leadUnitId: number }[]>`select lead_unit_id as "leadUnitId" from lead_case where region = '370102' and status = 'resolving' and created_by is not null`;
		expect(cases).toHaveLength(made!.cases);
		expect(cases.some((c) => c.leadUnitId === row.unitId)).toBe(true);
		// written through the services: the relay folds it all into the rollups, which agree with their truth
		while ((await stampBatch(db.sql, 1000)).length > 0);
		expect(await rateRollupDifferences(db.sql, 5)).toEqual([]);
		const [{ n }] = await db.sql<{ n: number }[]>`select count(*)::int as n from rollup_state_truth t full join rollup_state s using (region, unit_id, status, light) where t.items is distinct from s.items`;
		expect(n).toBe(0);
	}, 120_000);
});
