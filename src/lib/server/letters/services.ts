import type { Config } from '../config.ts';
import type { Sql } from '../db/connection.ts';
import { smtpSender, webhookSender } from './notify/senders.ts';
import { startNoticeWorker } from './notify/worker.ts';
import { closePrint } from '../print/service.ts';

/** What a node runs for 三函: the notice worker (every node; rows shared with SKIP LOCKED). Returns its stop. */
export async function startLetterServices(sql: Sql, config: Config, log: (m: string) => void): Promise<() => Promise<void>> {
	const { smtpUrl, mailFrom, webhookUrl } = config.letters;
	const worker = startNoticeWorker(sql, { email: smtpUrl ? smtpSender(smtpUrl, mailFrom) : undefined, webhook: webhookUrl ? webhookSender() : undefined }, { log });
	if (smtpUrl || webhookUrl) log(`函件通知已开启：${[smtpUrl && '邮件', webhookUrl && 'Webhook'].filter(Boolean).join('、')}`);
	return async () => {
		await worker.stop();
		await closePrint();
	};
}
