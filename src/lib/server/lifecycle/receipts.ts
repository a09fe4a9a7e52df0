import type { Action } from '../../domain/lifecycle.ts';
import type { Sql } from '../db/connection.ts';
import type { TransitionResult } from './apply.ts';

type Key = { sender: string; eventId: string };

/**
 * The answer already given to a sender's event id, marked as a replay; a different item or
 * action under the same id is refused (409), never applied.
 */
export async function readReceipt(tx: Sql, key: Key, itemId: string, action: Action): Promise<TransitionResult | null> {
	const [row] = await tx<{ itemId: string; action: string; answer: TransitionResult }[]>`
		select item_id::text as "itemId", action, answer from transition_receipt where sender = ${key.sender} and event_id = ${key.eventId}`;
	if (!row) return null;
	if (row.itemId !== itemId || row.action !== action)
		return { ok: false, status: 409, rule: 'event-id', field: 'eventId', message: `【事件编号】事件编号 ${key.eventId} 已用于另一事项或另一操作`, replayed: true };
	return { ...row.answer, replayed: true };
}

export async function storeReceipt(tx: Sql, key: Key, itemId: string, action: Action, answer: TransitionResult): Promise<void> {
	await tx`insert into transition_receipt (sender, event_id, item_id, action, answer)
	         values (${key.sender}, ${key.eventId}, ${itemId}, ${action}, ${tx.json(answer as never)})`;
}
