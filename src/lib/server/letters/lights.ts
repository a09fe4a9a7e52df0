import { feedbackLight, moveLetter, nextFeedbackCheck, type LetterStatus } from '../../domain/letters.ts';
import { transaction, type Sql } from '../db/connection.ts';

/**
 * One pass over the letters whose feedback light is due for a look: yellow before the deadline,
 * red after it, and a letter still owed feedback past its deadline marked 逾期 (an event by
 * 系统). Rows shared between nodes with SKIP LOCKED, like the item sweeper.
 */
export async function sweepLetterLights(sql: Sql, now: Date, rules: { yellowDays: number }, limit = 200): Promise<number> {
	return transaction(sql, async (tx) => {
		const rows = await tx<{ id: number; status: LetterStatus; signedAt: Date | null; feedbackDue: string; light: string }[]>`
			select id, status, signed_at as "signedAt", feedback_due::text as "feedbackDue", light from supervision_letter
			 where light_at <= ${now} order by light_at limit ${limit} for update skip locked`;
		for (const letter of rows) {
			const { light } = feedbackLight(letter, now, rules);
			let next = nextFeedbackCheck(letter, now, rules);
			if (next && next.getTime() <= now.getTime()) next = new Date(now.getTime() + 60_000);
			let status = letter.status;
			if (light === 'red') {
				const move = moveLetter(letter, 'lapse');
				if (move.ok) {
					status = move.status;
					await tx`insert into letter_event (letter_id, at, from_status, to_status, actor, note) values (${letter.id}, ${now}, ${letter.status}, ${status}, '系统', '反馈期限已过')`;
				}
			}
			await tx`update supervision_letter set light = ${light === 'paused' ? 'none' : light}, light_at = ${next}, status = ${status} where id = ${letter.id}`;
		}
		return rows.length;
	});
}
