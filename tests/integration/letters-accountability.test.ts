import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LETTER_RULES } from '../../src/lib/domain/letter-rules.ts';
import type { SessionUser } from '../../src/lib/server/auth/session.ts';
import { letterUnits } from '../../src/lib/server/feed/hub.ts';
import { issueLetter } from '../../src/lib/server/letters/issue.ts';
import { letterDetail, letterRegister } from '../../src/lib/server/letters/queries.ts';
import { markDelivered, reportBack, signFor } from '../../src/lib/server/letters/respond.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { issueRequest, seedLetterWorld, type LetterWorld } from '../support/letters.ts';

/**
 * A 问责建议函 goes to the body with authority to act (here the 纪委监委 of 历下区), the unit
 * concerned copied: the authority receives it in the system (its inbox, 确认收到, 签收, 反馈, the
 * notices, the live push), the unit concerned sees it read-only. A 督办函 is unchanged.
 */
describe('问责建议函: the authority receives, signs and answers; the unit concerned is copied', () => {
	let db: TestDatabase;
	let world: LetterWorld;
	let authorityId: number;
	let authority: SessionUser;
	let concerned: SessionUser;
	let bystander: SessionUser;
	const context = () => ({ user: world.supervisor, rules: DEFAULT_LETTER_RULES, now: new Date(), notices: { email: true, webhookUrl: 'http://127.0.0.1:9/sms' } });
	const none = { kind: null, unitId: null, status: null, from: null, to: null, q: null };
	const page = { limit: 200, offset: 0 };
	const state = (id: number) =>
		db.sql`select status, delivered_at, signed_at, replied_at, (select count(*)::int from letter_feedback where letter_id = ${id}) as feedback,
		              (select count(*)::int from letter_event where letter_id = ${id}) as events, (select count(*)::int from audit_log) as audit
		         from supervision_letter where id = ${id}`;

	beforeAll(async () => {
		db = await createTestDatabase();
		world = await seedLetterWorld(db.sql, 20);
		const [unit] = await db.sql<{ id: number }[]>`
			update unit set email = 'jiwei@lixia.example.gov.cn', phone = '13800000009' where name = '济南市历下区纪委监委' returning id`;
		authorityId = unit.id;
		const make = async (username: string, displayName: string, unitId: number): Promise<SessionUser> => {
			const [u] = await db.sql<{ id: number }[]>`
				insert into app_user (username, display_name, password_hash, role, scope_region, unit_id) values (${username}, ${displayName}, 'x', 'unit', '370102', ${unitId}) returning id`;
			return { userId: u.id, username, role: 'unit', scope: '370102', unitId, displayName, screenName: null };
		};
		authority = await make('t.jiwei', '历下纪委监委', authorityId);
		bystander = await make('t.zhujian', '历下住建', world.otherUnitId);
		concerned = { ...world.unitUser, screenName: null };
	});
	afterAll(async () => {
		await db?.drop();
	});

	it("is the authority's: its inbox lists it, the live push and the notices go to it; the unit concerned holds it as a copy", async () => {
		const issued = await issueLetter(db.sql, issueRequest(world, 'accountability'), context());
		const [row] = await db.sql`select recipient_unit_id, addressee_unit_id from supervision_letter where id = ${issued.id}`;
		expect(row).toEqual({ recipient_unit_id: world.unitId, addressee_unit_id: authorityId }); // recipient_unit_id stays the unit concerned

		// the authority's inbox: received, to sign for and answer
		const theirs = await letterRegister(db.sql, authority, none, page);
		expect(theirs.map((r) => [r.number, r.receiverId, r.addresseeName, r.unitName])).toEqual([[issued.number, authorityId, '济南市历下区纪委监委', '济南市历下区人力资源和社会保障局']]);
		// the unit concerned: visible, but received by another (the inbox lists it under 抄送)
		const ours = await letterRegister(db.sql, concerned, none, page);
		expect(ours.map((r) => [r.number, r.receiverId])).toEqual([[issued.number, authorityId]]);
		expect(await letterDetail(db.sql, concerned, issued.id)).toMatchObject({ id: issued.id, unitId: world.unitId, receiverId: authorityId, addresseeName: '济南市历下区纪委监委' });
		// a unit neither addressed nor concerned sees nothing
		expect(await letterRegister(db.sql, bystander, none, page)).toEqual([]);
		expect(await letterDetail(db.sql, bystander, issued.id)).toBeNull();
		// the register filtered by a unit lists it under the authority it is addressed to and under the unit concerned
		for (const unitId of [authorityId, world.unitId])
			expect((await letterRegister(db.sql, world.supervisor as never, { ...none, unitId }, page)).map((r) => r.number), `unit ${unitId}`).toEqual([issued.number]);

		// the live push: the outbox event names both; the hub sends it to the authority's room and, as the copy, the unit's
		const [event] = await db.sql<{ region_path: string[]; payload: { recipientUnitId: number; addresseeUnitId: number | null } }[]>`
			select region_path, payload from outbox where topic = 'letter' and entity_id = ${String(issued.id)} and op = 'insert'`;
		expect(event.payload).toMatchObject({ recipientUnitId: world.unitId, addresseeUnitId: authorityId });
		expect(event.region_path).toEqual(['370000', '370100', '370102']); // the wall counts it where the unit concerned is
		expect(letterUnits(event.payload)).toEqual([authorityId, world.unitId]);

		// the notices ask the authority to sign and report back, and tell the unit concerned of its copy
		const notices = await db.sql<{ channel: string; target: string; subject: string; body: { text: string; event?: string; unit?: string; phone?: string } }[]>`
			select channel, target, subject, body from notification where letter_id = ${issued.id} order by id`;
		expect(notices.map((n) => [n.channel, n.target])).toEqual([
			['email', 'jiwei@lixia.example.gov.cn'],
			['webhook', 'http://127.0.0.1:9/sms'],
			['email', 'renshe@lixia.example.gov.cn'],
			['webhook', 'http://127.0.0.1:9/sms']
		]);
		expect(notices[0].body.text).toMatch(/^济南市历下区纪委监委：\n.*已送达贵单位，请登录瞭望系统签收/);
		expect(notices[1].body).toMatchObject({ event: 'letter.issued', unit: '济南市历下区纪委监委', phone: '13800000009' });
		expect(notices[2].subject).toBe(`【问责建议函】${issued.number} 抄送贵单位`);
		expect(notices[2].body.text).toMatch(/^济南市历下区人力资源和社会保障局：\n.*抄送贵单位，供知悉，可登录瞭望系统查阅；签收和反馈由主送单位济南市历下区纪委监委办理。$/);
		expect(notices[3].body).toMatchObject({ event: 'letter.copied', unit: '济南市历下区人力资源和社会保障局' });
	});

	it('refuses the unit concerned 确认收到, 签收 and 反馈 (403, in Chinese), changing nothing; the authority signs and reports back', async () => {
		const issued = await issueLetter(db.sql, issueRequest(world, 'accountability'), context());
		const before = await state(issued.id);
		const refusal = { ok: false, status: 403, message: '本单位是该函的抄送单位，只能查阅；确认收到、签收和反馈由主送单位济南市历下区纪委监委办理' };
		expect(await markDelivered(db.sql, concerned, issued.id)).toMatchObject(refusal);
		expect(await signFor(db.sql, concerned, issued.id, null)).toMatchObject(refusal);
		expect(await reportBack(db.sql, concerned, issued.id, '本单位已自查，无需问责', [], null)).toMatchObject(refusal);
		expect(await state(issued.id)).toEqual(before);
		// another unit: not found, as before
		expect(await signFor(db.sql, bystander, issued.id, null)).toMatchObject({ ok: false, status: 404 });

		// the authority: 确认收到, 签收, 反馈 (what it did about the recommendation)
		expect(await markDelivered(db.sql, authority, issued.id)).toEqual({ ok: true, status: 'delivered' });
		expect(await markDelivered(db.sql, authority, issued.id)).toBeNull(); // once
		expect(await signFor(db.sql, authority, issued.id, null)).toEqual({ ok: true, status: 'signed' });
		const file = { filename: '问责决定.pdf', contentType: 'application/pdf', bytes: new TextEncoder().encode('%PDF-1.4 问责决定') };
		expect(await reportBack(db.sql, authority, issued.id, '经研究，已对相关责任人员予以诫勉谈话。', [file], null)).toEqual({ ok: true, status: 'replied' });
		const [feedback] = await db.sql`select author, author_id, text from letter_feedback where letter_id = ${issued.id}`;
		expect(feedback).toEqual({ author: '历下纪委监委', author_id: authority.userId, text: '经研究，已对相关责任人员予以诫勉谈话。' });
		const audit = await db.sql`select username, action from audit_log where target = ${issued.number} and action <> 'letter.issue' order by id`;
		expect(audit).toEqual([{ username: 't.jiwei', action: 'letter.sign' }, { username: 't.jiwei', action: 'letter.reply' }]);
		// the copy still cannot answer once the letter is returned to the authority's desk
		expect(await reportBack(db.sql, concerned, issued.id, '补充反馈', [], null)).toMatchObject({ ok: false, status: 403 });
	});

	it('leaves a 督办函 as it was: the unit concerned receives, signs for and answers it; the authority sees nothing', async () => {
		const issued = await issueLetter(db.sql, issueRequest(world, 'supervise'), context());
		const [row] = await db.sql`select recipient_unit_id, addressee_unit_id from supervision_letter where id = ${issued.id}`;
		expect(row).toEqual({ recipient_unit_id: world.unitId, addressee_unit_id: null });
		const [event] = await db.sql<{ payload: { recipientUnitId: number; addresseeUnitId: number | null } }[]>`
			select payload from outbox where topic = 'letter' and entity_id = ${String(issued.id)} and op = 'insert'`;
		expect(event.payload).toMatchObject({ recipientUnitId: world.unitId, addresseeUnitId: null });
		expect(letterUnits(event.payload)).toEqual([world.unitId]);
		expect(letterUnits({ recipientUnitId: world.unitId })).toEqual([world.unitId]); // an event written before 0167
		const [notice] = await db.sql`select target from notification where letter_id = ${issued.id} and channel = 'email'`;
		expect(notice.target).toBe('renshe@lixia.example.gov.cn');

		const inbox = await letterRegister(db.sql, concerned, none, page);
		expect(inbox.find((r) => r.id === issued.id)).toMatchObject({ receiverId: world.unitId, addresseeId: null, addresseeName: null });
		expect(await letterDetail(db.sql, authority, issued.id)).toBeNull();
		expect((await letterRegister(db.sql, authority, none, page)).some((r) => r.id === issued.id)).toBe(false);
		expect(await signFor(db.sql, authority, issued.id, null)).toMatchObject({ ok: false, status: 404 });

		expect(await markDelivered(db.sql, concerned, issued.id)).toEqual({ ok: true, status: 'delivered' });
		expect(await signFor(db.sql, concerned, issued.id, null)).toEqual({ ok: true, status: 'signed' });
		expect(await reportBack(db.sql, concerned, issued.id, '已按期办结并答复信访人。', [], null)).toEqual({ ok: true, status: 'replied' });
	});
});
