import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LETTER_RULES } from '../../src/lib/domain/letter-rules.ts';
import { issueLetter } from '../../src/lib/server/letters/issue.ts';
import { smtpSender, webhookSender } from '../../src/lib/server/letters/notify/senders.ts';
import { backoffMs, sendDue } from '../../src/lib/server/letters/notify/worker.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { issueRequest, seedLetterWorld, type LetterWorld } from '../support/letters.ts';

describe('notices off-screen: e-mail over SMTP and a webhook, retried until delivered, every attempt logged', () => {
	let db: TestDatabase;
	let world: LetterWorld;
	let smtp: SMTPServer;
	let smtpUrl: string;
	let hook: Server;
	let hookUrl: string;
	const mails: { to: string; raw: string }[] = [];
	const posts: Record<string, unknown>[] = [];
	let hookFailures = 1;

	beforeAll(async () => {
		db = await createTestDatabase();
		world = await seedLetterWorld(db.sql);
		smtp = new SMTPServer({
			disabledCommands: ['STARTTLS', 'AUTH'],
			logger: false,
			onData(stream, session, callback) {
				let raw = '';
				stream.on('data', (c) => (raw += c));
				stream.on('end', () => {
					mails.push({ to: session.envelope.rcptTo.map((r) => r.address).join(','), raw });
					callback();
				});
			}
		});
		await new Promise<void>((r) => smtp.listen(0, '127.0.0.1', r));
		smtpUrl = `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`;
		hook = createServer((req, res) => {
			let body = '';
			req.on('data', (c) => (body += c));
			req.on('end', () => {
				posts.push(JSON.parse(body));
				if (hookFailures-- > 0) {
					res.statusCode = 502;
					res.end('gateway down');
				} else res.end('queued');
			});
		});
		await new Promise<void>((r) => hook.listen(0, '127.0.0.1', r));
		hookUrl = `http://127.0.0.1:${(hook.address() as AddressInfo).port}/sms`;
	});
	afterAll(async () => {
		await new Promise<void>((r) => smtp?.close(() => r()));
		hook?.close();
		await db?.drop();
	});

	it('backs off 5 s, 10 s, 20 s … up to an hour', () => {
		expect([1, 2, 3, 4].map((n) => backoffMs(n))).toEqual([5000, 10000, 20000, 40000]);
		expect(backoffMs(30)).toBe(3_600_000);
	});

	it('delivers the e-mail at once, retries the webhook after a 502, and logs each attempt', async () => {
		const issued = await issueLetter(db.sql, issueRequest(world, 'supervise'), { user: world.supervisor, rules: DEFAULT_LETTER_RULES, now: new Date(), notices: { email: true, webhookUrl: hookUrl } });
		const now = new Date(); // notices are due from their commit
		const senders = { email: smtpSender(smtpUrl, '瞭望督办 <liaowang@example.gov.cn>'), webhook: webhookSender(5000) };
		expect(await sendDue(db.sql, senders, { now: () => now })).toBe(2);
		expect(mails).toHaveLength(1);
		expect(mails[0].to).toBe('renshe@lixia.example.gov.cn');
		expect(mails[0].raw).toContain('Subject: =?UTF-8?');
		expect(posts).toHaveLength(1);
		expect(posts[0]).toMatchObject({ event: 'letter.issued', number: issued.number, phone: '13800000001', unit: '济南市历下区人力资源和社会保障局' });
		const state = await db.sql<{ channel: string; attempts: number; delivered: boolean; wait: number | null }[]>`
			select channel, attempts, delivered_at is not null as delivered, round(extract(epoch from next_at - ${now}::timestamptz))::int as wait from notification order by channel`;
		expect(state).toEqual([{ channel: 'email', attempts: 1, delivered: true, wait: null }, { channel: 'webhook', attempts: 1, delivered: false, wait: 5 }]);
		// not due yet: nothing is sent
		expect(await sendDue(db.sql, senders, { now: () => new Date(now.getTime() + 4000) })).toBe(0);
		expect(await sendDue(db.sql, senders, { now: () => new Date(now.getTime() + 5000) })).toBe(1);
		expect(posts).toHaveLength(2);
		const attempts = await db.sql<{ channel: string; ok: boolean; detail: string }[]>`
			select n.channel, a.ok, a.detail from notification_attempt a join notification n on n.id = a.notification_id order by a.id`;
		expect(attempts.map((a) => [a.channel, a.ok])).toEqual([['email', true], ['webhook', false], ['webhook', true]]);
		expect(attempts[1].detail).toContain('HTTP 502');
		expect(await sendDue(db.sql, senders, { now: () => new Date(now.getTime() + 3_600_000) })).toBe(0);
	});

	it('keeps retrying while the mail server is down, and shares the work between workers (each notice sent once)', async () => {
		await db.sql`delete from notification_attempt`;
		await db.sql`delete from notification`;
		mails.length = 0;
		for (let i = 0; i < 6; i++)
			await issueLetter(db.sql, issueRequest(world, 'risk'), { user: world.supervisor, rules: DEFAULT_LETTER_RULES, now: new Date(), notices: { email: true } });
		const now = new Date();
		const down = { email: smtpSender('smtp://127.0.0.1:9', 'x@example.gov.cn'), webhook: undefined };
		expect(await sendDue(db.sql, down, { now: () => now })).toBe(6);
		const [{ failed }] = await db.sql`select count(*)::int as failed from notification_attempt where not ok`;
		expect(failed).toBe(6);
		const up = { email: smtpSender(smtpUrl, 'x@example.gov.cn'), webhook: undefined };
		const later = () => new Date(now.getTime() + 6000);
		const [a, b] = await Promise.all([sendDue(db.sql, up, { now: later, limit: 4 }), sendDue(db.sql, up, { now: later, limit: 4 })]);
		expect(a + b).toBe(6);
		expect(mails).toHaveLength(6);
		const [{ open }] = await db.sql`select count(*)::int as open from notification where delivered_at is null`;
		expect(open).toBe(0);
	});
});
