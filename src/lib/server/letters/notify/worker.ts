import { transaction, type Sql } from '../../db/connection.ts';

export type Notice = { id: string; channel: 'email' | 'webhook'; target: string; subject: string; body: Record<string, unknown>; attempts: number };
/** Sends one notice; throws (with a readable message) when it was not delivered. */
export type Sender = (notice: Notice) => Promise<string>;

/** Wait before the next try: 5 s, 10 s, 20 s … up to an hour; it never gives up. */
export const backoffMs = (attempts: number, baseMs = 5000) => Math.min(3_600_000, baseMs * 2 ** Math.max(0, attempts - 1));

/**
 * One pass: the notices due, locked so workers on several nodes share them (SKIP LOCKED), each
 * sent and its attempt logged; an undelivered one is tried again after its backoff.
 */
export async function sendDue(sql: Sql, senders: Record<Notice['channel'], Sender | undefined>, options: { now?: () => Date; baseMs?: number; limit?: number } = {}): Promise<number> {
	const { now = () => new Date(), baseMs = 5000, limit = 20 } = options;
	return transaction(sql, async (tx) => {
		const due = await tx<Notice[]>`
			select id::text, channel, target, subject, body, attempts from notification
			 where delivered_at is null and next_at <= ${now()} order by next_at limit ${limit} for update skip locked`;
		for (const notice of due) {
			const started = performance.now();
			const sender = senders[notice.channel];
			let ok = false;
			let detail: string;
			try {
				if (!sender) throw new Error(notice.channel === 'email' ? '未配置 SMTP（LETTER_SMTP_URL）' : '未配置 Webhook');
				detail = (await sender(notice)).slice(0, 1000) || '已送达';
				ok = true;
			} catch (error) {
				detail = `发送失败：${(error as Error).message}`.slice(0, 1000);
			}
			const ms = Math.round(performance.now() - started);
			await tx`insert into notification_attempt (notification_id, ok, detail, duration_ms) values (${notice.id}, ${ok}, ${detail}, ${ms})`;
			const attempts = notice.attempts + 1;
			if (ok) await tx`update notification set attempts = ${attempts}, delivered_at = now(), next_at = null where id = ${notice.id}`;
			else await tx`update notification set attempts = ${attempts}, next_at = ${new Date(now().getTime() + backoffMs(attempts, baseMs))} where id = ${notice.id}`;
		}
		return due.length;
	});
}

export type NoticeWorker = { stop: () => Promise<void>; kick: () => void };

/** Runs sendDue every `intervalMs` (and at once when kicked) until stopped. */
export function startNoticeWorker(sql: Sql, senders: Record<Notice['channel'], Sender | undefined>, options: { intervalMs?: number; baseMs?: number; log?: (m: string) => void } = {}): NoticeWorker {
	const { intervalMs = 2000, log = () => {} } = options;
	let stopped = false;
	let wake: () => void = () => {};
	const loop = (async () => {
		while (!stopped) {
			try {
				while (!stopped && (await sendDue(sql, senders, { baseMs: options.baseMs })) > 0);
			} catch (error) {
				if (!stopped) log(`通知发送出错，稍后重试：${(error as Error).message}`);
			}
			await new Promise<void>((resolve) => {
				const timer = setTimeout(resolve, intervalMs);
				timer.unref?.();
				wake = () => (clearTimeout(timer), resolve());
			});
		}
	})();
	return {
		kick: () => wake(),
		async stop() {
			stopped = true;
			wake();
			await loop;
		}
	};
}
