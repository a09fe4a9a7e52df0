import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LETTER_RULES, LETTER_KINDS } from '../../src/lib/domain/letter-rules.ts';
import { parseLetterNumber } from '../../src/lib/domain/letters.ts';
import { transaction } from '../../src/lib/server/db/connection.ts';
import { loadLetterDocument } from '../../src/lib/server/letters/documents.ts';
import { issueLetter, IssueRefused } from '../../src/lib/server/letters/issue.ts';
import { nextSerial } from '../../src/lib/server/letters/serials.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { issueRequest, seedLetterWorld, type LetterWorld } from '../support/letters.ts';

describe('issuing 三函 against the real Postgres', () => {
	let db: TestDatabase;
	let world: LetterWorld;
	const rules = DEFAULT_LETTER_RULES;
	const context = () => ({ user: world.supervisor, rules, now: new Date(), notices: { email: true, webhookUrl: 'http://127.0.0.1:9/sms' } });

	beforeAll(async () => {
		db = await createTestDatabase();
		world = await seedLetterWorld(db.sql);
	});
	afterAll(async () => {
		await db?.drop();
	});

	it('issues one letter in one transaction: 文号, items, event, audit, outbox event, notices', async () => {
		const issued = await issueLetter(db.sql, issueRequest(world, 'supervise'), context());
		const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
		expect(issued).toEqual({ id: issued.id, number: `鲁信督函〔${year}〕1号`, created: true });
		const [letter] = await db.sql`select status, office_name, recipient_unit_id, light from supervision_letter where id = ${issued.id}`;
		expect(letter).toEqual({ status: 'issued', office_name: '山东省信访局', recipient_unit_id: world.unitId, light: 'none' });
		expect(await db.sql`select item_id::text from supervision_letter_item where letter_id = ${issued.id} order by item_id`).toEqual(world.items.slice(0, 2).map((item_id) => ({ item_id })));
		expect(await db.sql`select to_status, note from letter_event where letter_id = ${issued.id}`).toEqual([{ to_status: 'issued', note: issued.number }]);
		expect(await db.sql`select username, target from audit_log where action = 'letter.issue'`).toEqual([{ username: 't.ducha', target: issued.number }]);
		const [event] = await db.sql<{ topic: string; region_path: string[]; payload: { number: string; recipientUnitId: number } }[]>`
			select topic, region_path, payload from outbox where entity = 'supervision_letter' and entity_id = ${String(issued.id)}`;
		expect(event.topic).toBe('letter');
		expect(event.region_path).toEqual(['370000', '370100', '370102']);
		expect(event.payload).toMatchObject({ number: issued.number, recipientUnitId: world.unitId, status: 'issued' });
		const notices = await db.sql`select channel, target from notification where letter_id = ${issued.id} order by channel`;
		expect(notices).toEqual([{ channel: 'email', target: 'renshe@lixia.example.gov.cn' }, { channel: 'webhook', target: 'http://127.0.0.1:9/sms' }]);
	});

	it('answers a retried request with the same letter, and refuses another account reusing the key', async () => {
		const request = issueRequest(world, 'risk');
		const first = await issueLetter(db.sql, request, context());
		const again = await issueLetter(db.sql, request, context());
		expect(again).toEqual({ ...first, created: false });
		const stranger = { ...world.supervisor, userId: world.unitUser.userId };
		await expect(issueLetter(db.sql, request, { ...context(), user: stranger })).rejects.toMatchObject({ field: 'idempotencyKey', status: 409 });
	});

	it.each([
		['an item of another unit', (r: ReturnType<typeof issueRequest>) => ({ ...r, recipientUnitId: world.otherUnitId }), 'items'],
		['a missing item', (r: ReturnType<typeof issueRequest>) => ({ ...r, itemIds: ['999999999'] }), 'items'],
		['a unit that does not exist', (r: ReturnType<typeof issueRequest>) => ({ ...r, recipientUnitId: 999999 }), 'recipientUnitId'],
		['a deadline in the past', (r: ReturnType<typeof issueRequest>) => ({ ...r, feedbackDue: '2020-01-01' }), 'feedbackDue'],
		['a letter to follow that does not exist', (r: ReturnType<typeof issueRequest>) => ({ ...r, follows: [999999] }), 'follows']
	])('refuses %s, naming the field, and writes nothing (no serial spent)', async (_what, edit, field) => {
		const before = await db.sql`select (select count(*) from supervision_letter) as letters, (select coalesce(sum(last), 0) from letter_serial) as serials, (select count(*) from outbox) as outbox`;
		const refusal = await issueLetter(db.sql, edit(issueRequest(world, 'supervise')), context()).catch((e) => e);
		expect(refusal).toBeInstanceOf(IssueRefused);
		expect(refusal.field).toBe(field);
		expect(refusal.message).toMatch(/[\u4e00-\u9fff]/);
		const after = await db.sql`select (select count(*) from supervision_letter) as letters, (select coalesce(sum(last), 0) from letter_serial) as serials, (select count(*) from outbox) as outbox`;
		expect(after).toEqual(before);
	});

	it('refuses an office without a 机关代字 in the rules', async () => {
		const user = { ...world.supervisor, scope: '370202' };
		await expect(issueLetter(db.sql, issueRequest(world, 'supervise'), { ...context(), user })).rejects.toMatchObject({ field: 'kind', status: 409 });
	});

	it('leaves no gap when an issuing transaction rolls back after taking a serial', async () => {
		const year = new Date(Date.now() + 8 * 3600_000).getUTCFullYear();
		await expect(
			transaction(db.sql, async (tx) => {
				await nextSerial(tx, '鲁信', 'accountability', year);
				throw new Error('rolled back');
			})
		).rejects.toThrow('rolled back');
		const issued = await issueLetter(db.sql, issueRequest(world, 'accountability'), context());
		expect(issued.number).toBe(`鲁信问责函〔${year}〕1号`);
	});

	it('50 simultaneous issues across kinds and bursts of double clicks: one letter per intent, serials gap-free and unique', async () => {
		const intents = Array.from({ length: 50 }, (_, i) => issueRequest(world, LETTER_KINDS[i % 3], { itemIds: [world.items.at(-50 + i)!] }));
		// every intent sent three times at once (a double click and a retry), all 150 together
		const results = await Promise.all(intents.flatMap((r) => [r, r, r]).map((r) => issueLetter(db.sql, r, context())));
		const byKey = new Map<string, Set<number>>();
		results.forEach((r, i) => (byKey.get(intents[Math.floor(i / 3)].idempotencyKey) ?? byKey.set(intents[Math.floor(i / 3)].idempotencyKey, new Set()).get(intents[Math.floor(i / 3)].idempotencyKey)!).add(r.id));
		for (const ids of byKey.values()) expect(ids.size).toBe(1);
		expect(results.filter((r) => r.created)).toHaveLength(50);
		const rows = await db.sql<{ kind: string; number: number; numberText: string }[]>`
			select kind, number, number_text as "numberText" from supervision_letter order by kind, number`;
		for (const kind of LETTER_KINDS) {
			const numbers = rows.filter((r) => r.kind === kind).map((r) => r.number);
			expect(numbers, kind).toEqual(numbers.map((_, i) => i + 1));
		}
		for (const row of rows) expect(parseLetterNumber(row.numberText, rules.abbreviations)?.number).toBe(row.number);
		const [{ keys }] = await db.sql`select count(distinct idempotency_key)::int as keys from supervision_letter`;
		expect(keys).toBe(rows.length);
		const [{ events }] = await db.sql`select count(*)::int as events from outbox where topic = 'letter' and op = 'insert'`;
		expect(events).toBe(rows.length);
	});

	it('refuses a second open letter of the same kind on an item (Back after 签发 gives a new key; a second account), naming the first', async () => {
		const request = issueRequest(world, 'supervise');
		const first = await issueLetter(db.sql, request, context());
		const back = { ...request, idempotencyKey: crypto.randomUUID() };
		const refusal = await issueLetter(db.sql, back, context()).catch((e) => e);
		expect(refusal).toBeInstanceOf(IssueRefused);
		expect(refusal).toMatchObject({ field: 'items', status: 409, existing: { id: first.id, number: first.number } });
		expect(refusal.message).toContain(first.number);
		const [sup2] = await db.sql<{ id: number }[]>`insert into app_user (username, display_name, password_hash, role, scope_region) values ('t.ducha2', '省督查员乙', 'x', 'supervisor', '370000') returning id`;
		const second = { ...world.supervisor, userId: sup2.id, username: 't.ducha2', displayName: '省督查员乙' };
		await expect(issueLetter(db.sql, { ...request, itemIds: [request.itemIds[1]], idempotencyKey: crypto.randomUUID() }, { ...context(), user: second })).rejects.toMatchObject({ status: 409, existing: { id: first.id } });
		// another kind on the same items is another intent
		expect((await issueLetter(db.sql, { ...request, kind: 'risk', idempotencyKey: crypto.randomUUID() }, context())).created).toBe(true);
		const [{ count }] = await db.sql`select count(*)::int from supervision_letter l join supervision_letter_item li on li.letter_id = l.id where li.item_id = ${request.itemIds[0]} and l.kind = 'supervise'`;
		expect(count).toBe(1);
	});

	it('addresses a 问责建议函 to the 纪委监委 of the unit (from the directory) with the unit copied; refuses 抄送 to the issuer', async () => {
		const issued = await issueLetter(db.sql, issueRequest(world, 'accountability', { cc: '' }), context());
		const doc = await loadLetterDocument(db.sql, issued.id);
		expect(doc?.recipient).toBe('济南市历下区纪委监委');
		expect(doc?.title).toBe('关于对济南市历下区人力资源和社会保障局有关责任人员予以问责的问责建议函');
		const [letter] = await db.sql`select recipient_unit_id, addressee_unit_id, a.name as addressee from supervision_letter l join unit a on a.id = l.addressee_unit_id where l.id = ${issued.id}`;
		// recipient_unit_id stays the unit concerned (the ladder, proposals, rates); the addressee receives it in the system (letters-accountability.test.ts)
		expect(letter).toMatchObject({ recipient_unit_id: world.unitId, addressee: '济南市历下区纪委监委' });
		await expect(issueLetter(db.sql, issueRequest(world, 'supervise', { cc: '济南市信访局，山东省信访局' }), context())).rejects.toMatchObject({ field: 'cc' });
	});

	it('holds a 问责建议函 to the ladder: refused without a stated reason on items that never had a 督办函 (nothing written), kept with the letter when given, not asked after a 督办函', async () => {
		const counts = () => db.sql`select (select count(*) from supervision_letter) as letters, (select coalesce(sum(last), 0) from letter_serial) as serials, (select count(*) from audit_log) as audit`;
		const before = await counts();
		const bare = issueRequest(world, 'accountability', { ladderReason: '' });
		const refusal = await issueLetter(db.sql, bare, context()).catch((e) => e);
		expect(refusal).toBeInstanceOf(IssueRefused);
		expect(refusal.field).toBe('ladderReason');
		expect(refusal.message).toMatch(/^越级理由：.*未曾发过督办函/);
		const [serial] = await db.sql`select serial from petition_item where id = ${bare.itemIds[0]}`;
		expect(refusal.message).toContain(serial.serial);
		await expect(issueLetter(db.sql, { ...bare, ladderReason: '太短' }, context())).rejects.toMatchObject({ field: 'ladderReason' });
		expect(await counts()).toEqual(before);

		const reason = '推诿敷衍、拖延办理，已造成群众多次越级上访的严重后果';
		const skipped = await issueLetter(db.sql, { ...bare, ladderReason: `  ${reason}  `, idempotencyKey: crypto.randomUUID() }, context());
		const [stored] = await db.sql`select ladder_reason from supervision_letter where id = ${skipped.id}`;
		expect(stored.ladder_reason).toBe(reason);
		const [entry] = await db.sql`select detail from audit_log where action = 'letter.issue' and target = ${skipped.number}`;
		expect(entry.detail.ladderReason).toBe(reason);
		expect(entry.detail.ladderSkipped).toHaveLength(bare.itemIds.length);
		expect(entry.detail.ladderSkipped).toContain(serial.serial);

		// after a 督办函 on the items the ladder holds: no reason asked, none stored
		const items = issueRequest(world, 'supervise').itemIds;
		await issueLetter(db.sql, issueRequest(world, 'supervise', { itemIds: items }), context());
		const held = await issueLetter(db.sql, issueRequest(world, 'accountability', { itemIds: items, ladderReason: undefined }), context());
		const [row] = await db.sql`select ladder_reason from supervision_letter where id = ${held.id}`;
		expect(row.ladder_reason).toBeNull();
	});
});
