import { letterKinds, type LetterKind } from '../../../domain/letter-rules.ts';
import type { Sql } from '../../db/connection.ts';

/** Where notices go besides the screen: the unit's e-mail (when SMTP is set) and a webhook (an SMS gateway). */
export type NoticeTargets = { email?: boolean; webhookUrl?: string | null };

export type NoticeLetter = { id: number; number: string; title: string; unitId: number; unitName: string; feedbackDue: string; kind: LetterKind };

/**
 * Queues the notices of a newly issued letter in the issuing transaction, so a letter is never
 * without its notices nor a notice without its letter. The worker sends them (worker.ts). `copy`:
 * the unit concerned of a letter addressed to another body (a 问责建议函's authority), told it has
 * the copy and that the addressee signs for it and reports back.
 */
export async function queueNotices(tx: Sql, letter: NoticeLetter, targets: NoticeTargets, copy?: { unitId: number; unitName: string }): Promise<number> {
	let queued = await queueFor(tx, letter, targets, letter.unitId, 'letter.issued', {
		subject: `【${letterKinds[letter.kind]}】${letter.number} 请于 ${letter.feedbackDue} 前书面反馈`,
		text: `${letter.unitName}：\n${letter.title}（${letter.number}）已送达贵单位，请登录瞭望系统签收，并于 ${letter.feedbackDue} 前书面反馈。`
	});
	if (copy)
		queued += await queueFor(tx, { ...letter, unitName: copy.unitName }, targets, copy.unitId, 'letter.copied', {
			subject: `【${letterKinds[letter.kind]}】${letter.number} 抄送贵单位`,
			text: `${copy.unitName}：\n${letter.title}（${letter.number}）抄送贵单位，供知悉，可登录瞭望系统查阅；签收和反馈由主送单位${letter.unitName}办理。`
		});
	return queued;
}

async function queueFor(tx: Sql, letter: NoticeLetter, targets: NoticeTargets, unitId: number, event: string, words: { subject: string; text: string }): Promise<number> {
	const [unit] = await tx<{ email: string | null; phone: string | null }[]>`select email, phone from unit where id = ${unitId}`;
	const { subject, text } = words;
	let queued = 0;
	if (targets.email && unit?.email) {
		await tx`insert into notification (letter_id, channel, target, subject, body) values (${letter.id}, 'email', ${unit.email}, ${subject}, ${tx.json({ text } as never)})`;
		queued++;
	}
	if (targets.webhookUrl) {
		const body = { event, letterId: letter.id, number: letter.number, kind: letter.kind, unit: letter.unitName, phone: unit?.phone ?? null, feedbackDue: letter.feedbackDue, text };
		await tx`insert into notification (letter_id, channel, target, subject, body) values (${letter.id}, 'webhook', ${targets.webhookUrl}, ${subject}, ${tx.json(body as never)})`;
		queued++;
	}
	return queued;
}
