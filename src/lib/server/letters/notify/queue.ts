import { letterKinds, type LetterKind } from '../../../domain/letter-rules.ts';
import type { Sql } from '../../db/connection.ts';

/** Where notices go besides the screen: the unit's e-mail (when SMTP is set) and a webhook (an SMS gateway). */
export type NoticeTargets = { email?: boolean; webhookUrl?: string | null };

export type NoticeLetter = { id: number; number: string; title: string; unitId: number; unitName: string; feedbackDue: string; kind: LetterKind };

/**
 * Queues the notices of a newly issued letter in the issuing transaction, so a letter is never
 * without its notices nor a notice without its letter. The worker sends them (worker.ts).
 */
export async function queueNotices(tx: Sql, letter: NoticeLetter, targets: NoticeTargets): Promise<number> {
	const [unit] = await tx<{ email: string | null; phone: string | null }[]>`select email, phone from unit where id = ${letter.unitId}`;
	const subject = `【${letterKinds[letter.kind]}】${letter.number} 请于 ${letter.feedbackDue} 前书面反馈`;
	const text = `${letter.unitName}：\n${letter.title}（${letter.number}）已送达贵单位，请登录瞭望系统签收，并于 ${letter.feedbackDue} 前书面反馈。`;
	let queued = 0;
	if (targets.email && unit?.email) {
		await tx`insert into notification (letter_id, channel, target, subject, body) values (${letter.id}, 'email', ${unit.email}, ${subject}, ${tx.json({ text } as never)})`;
		queued++;
	}
	if (targets.webhookUrl) {
		const body = { event: 'letter.issued', letterId: letter.id, number: letter.number, kind: letter.kind, unit: letter.unitName, phone: unit?.phone ?? null, feedbackDue: letter.feedbackDue, text };
		await tx`insert into notification (letter_id, channel, target, subject, body) values (${letter.id}, 'webhook', ${targets.webhookUrl}, ${subject}, ${tx.json(body as never)})`;
		queued++;
	}
	return queued;
}
