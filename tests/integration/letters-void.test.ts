import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LETTER_RULES } from '../../src/lib/domain/letter-rules.ts';
import { issueLetter } from '../../src/lib/server/letters/issue.ts';
import { letterRegister } from '../../src/lib/server/letters/queries.ts';
import { signFor, voidLetter } from '../../src/lib/server/letters/respond.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { issueRequest, seedLetterWorld, type LetterWorld } from '../support/letters.ts';

describe('作废 against the real Postgres', () => {
	let db: TestDatabase;
	let world: LetterWorld;
	const context = () => ({ user: world.supervisor, rules: DEFAULT_LETTER_RULES, now: new Date() });
	const none = { kind: null, unitId: null, status: null, from: null, to: null, q: null };

	beforeAll(async () => {
		db = await createTestDatabase();
		world = await seedLetterWorld(db.sql, 12);
	});
	afterAll(async () => {
		await db?.drop();
	});

	it('withdraws a letter with a reason, audited; the 文号 stays taken and the register stays gap-free', async () => {
		const [a, b] = [await issueLetter(db.sql, issueRequest(world, 'supervise'), context()), await issueLetter(db.sql, issueRequest(world, 'supervise'), context())];
		expect(await voidLetter(db.sql, world.supervisor as never, a.id, '主送单位有误，重新发函', null)).toEqual({ ok: true, status: 'void' });
		const c = await issueLetter(db.sql, issueRequest(world, 'supervise'), context());
		const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
		expect([a.number, b.number, c.number]).toEqual([1, 2, 3].map((n) => `鲁信督函〔${year}〕${n}号`)); // 1号 is never reused
		const register = await letterRegister(db.sql, world.supervisor as never, none, { limit: 50, offset: 0 });
		expect(register.map((r) => [r.number, r.status]).reverse()).toEqual([[a.number, 'void'], [b.number, 'issued'], [c.number, 'issued']]);
		const [row] = await db.sql`select void_reason, voided_by, voided_at is not null as stamped from supervision_letter where id = ${a.id}`;
		expect(row).toEqual({ void_reason: '主送单位有误，重新发函', voided_by: world.supervisor.userId, stamped: true });
		const [entry] = await db.sql`select action, target, detail from audit_log where action = 'letter.void'`;
		expect(entry).toMatchObject({ action: 'letter.void', target: a.number, detail: { letterId: a.id, reason: '主送单位有误，重新发函' } });
		const [event] = await db.sql`select payload from outbox where topic = 'letter' and op = 'update' and entity_id = ${String(a.id)} order by id desc limit 1`;
		expect(event.payload).toMatchObject({ status: 'void', prev: { status: 'issued' } });
	});

	it('refuses to void twice, a unit account, and a unit signing a void letter; the items may then have a new letter of that kind', async () => {
		const request = issueRequest(world, 'risk');
		const issued = await issueLetter(db.sql, request, context());
		expect(await voidLetter(db.sql, world.unitUser as never, issued.id, '单位账号不能作废', null)).toMatchObject({ ok: false, status: 404 });
		expect(await voidLetter(db.sql, world.supervisor as never, issued.id, '重复事项，撤回', null)).toMatchObject({ ok: true });
		expect(await voidLetter(db.sql, world.supervisor as never, issued.id, '再次作废', null)).toMatchObject({ ok: false, status: 409, message: '函件已作废，不能再更改' });
		expect(await signFor(db.sql, world.unitUser as never, issued.id, null)).toMatchObject({ ok: false, status: 409 });
		const again = await issueLetter(db.sql, { ...request, idempotencyKey: crypto.randomUUID() }, context());
		expect(again.created).toBe(true);
	});
});
