import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, startOfLocalDay } from '../../src/lib/domain/deadlines.ts';
import { DEFAULT_LETTER_RULES } from '../../src/lib/domain/letter-rules.ts';
import { proposeLetters, type ProposalRules } from '../../src/lib/domain/letter-proposals.ts';
import { issueLetter } from '../../src/lib/server/letters/issue.ts';
import { earlierLetters } from '../../src/lib/server/letters/proposals.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { issueRequest, seedLetterWorld, type LetterWorld } from '../support/letters.ts';

/**
 * The ladder for ignored letters, 督办函 → 风险提醒函 → 问责建议函, through the stored letters: each
 * letter issued from the proposal for the one before it, read back by `earlierLetters`, and the
 * proposals looked at a few days after each feedback deadline.
 */
describe('ignored letters climb the ladder (real Postgres)', () => {
	let db: TestDatabase;
	let world: LetterWorld;
	const rules: ProposalRules = { letters: DEFAULT_LETTER_RULES, groupThreshold: 5, groupWarning: { nearThreshold: 3 } };
	const context = () => ({ user: world.supervisor, rules: DEFAULT_LETTER_RULES, now: new Date() });
	/** the proposals as they stand three days after a feedback deadline */
	const after = async (feedbackDue: string) => proposeLetters([], await earlierLetters(db.sql, [world.unitId]), new Date(startOfLocalDay(addDays(feedbackDue, 3)).getTime() + 10 * 3600_000), rules);

	beforeAll(async () => {
		db = await createTestDatabase();
		world = await seedLetterWorld(db.sql, 4);
	});
	afterAll(async () => {
		await db?.drop();
	});

	it('an ignored 督办函 proposes a 风险提醒函; that ignored too, a 问责建议函; that ignored, nothing', async () => {
		const items = world.items.slice(0, 2);
		const supervise = issueRequest(world, 'supervise', { itemIds: items });
		const s = await issueLetter(db.sql, supervise, context());
		const [first] = await earlierLetters(db.sql, [world.unitId]);
		expect(first).toMatchObject({ id: s.id, kind: 'supervise', followsKind: null, escalatedTo: null });

		const toRisk = await after(supervise.feedbackDue);
		expect(toRisk.map((p) => [p.kind, p.follows, p.itemIds])).toEqual([['risk', [s.id], items]]);
		expect(toRisk[0].evidence.map((e) => e.text)).toEqual([`${s.number}逾期 3 天未反馈`]);

		const risk = issueRequest(world, 'risk', { itemIds: toRisk[0].itemIds, follows: toRisk[0].follows, evidence: toRisk[0].evidence });
		const r = await issueLetter(db.sql, risk, context());
		const stored = await earlierLetters(db.sql, [world.unitId]);
		expect(stored.find((l) => l.id === s.id)).toMatchObject({ escalatedTo: r.id });
		expect(stored.find((l) => l.id === r.id)).toMatchObject({ kind: 'risk', followsKind: 'supervise', escalatedTo: null });

		const toAccountability = await after(risk.feedbackDue);
		expect(toAccountability.map((p) => [p.kind, p.follows, p.itemIds])).toEqual([['accountability', [r.id], items]]);
		expect(toAccountability[0].evidence.map((e) => e.text)).toEqual([`${s.number}逾期未反馈`, `${r.number}逾期 3 天未反馈`]);

		// the items had their 督办函: the ladder holds, no 越级理由 asked
		const accountability = issueRequest(world, 'accountability', { itemIds: items, follows: toAccountability[0].follows, evidence: toAccountability[0].evidence, ladderReason: undefined });
		const a = await issueLetter(db.sql, accountability, context());
		const [row] = await db.sql`select ladder_reason, follows from supervision_letter where id = ${a.id}`;
		expect(row).toEqual({ ladder_reason: null, follows: r.id });
		expect(await after(accountability.feedbackDue)).toEqual([]);
	});

	it('a 风险提醒函 sent on its own and ignored proposes a 督办函, not a 问责建议函', async () => {
		const items = world.items.slice(2, 4);
		const risk = issueRequest(world, 'risk', { itemIds: items });
		const r = await issueLetter(db.sql, risk, context());
		const proposals = await after(risk.feedbackDue);
		expect(proposals.filter((p) => p.follows.includes(r.id)).map((p) => [p.kind, p.itemIds])).toEqual([['supervise', items]]);
		expect(proposals.some((p) => p.kind === 'accountability' && p.itemIds.some((id) => items.includes(id)))).toBe(false);
	});
});
