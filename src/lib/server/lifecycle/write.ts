import type { Changes, ItemChanges } from '../../domain/lifecycle.ts';
import type { Sql } from '../db/connection.ts';

/** camelCase change → the petition_item column it sets (a fixed list: nothing else is writable here). */
const columns: Record<keyof ItemChanges, string> = {
	status: 'status',
	unitId: 'unit_id',
	routedAt: 'routed_at',
	acceptedAt: 'accepted_at',
	rejectedAt: 'rejected_at',
	concludedAt: 'concluded_at',
	reopenedAt: 'reopened_at',
	repliedAt: 'replied_at',
	closedAt: 'closed_at',
	outcome: 'outcome',
	decisionText: 'decision_text',
	noticeOn: 'notice_on',
	satisfaction: 'satisfaction',
	evaluatedAt: 'evaluated_at',
	evaluatedVia: 'evaluated_via',
	extendedDays: 'extended_days',
	acceptDue: 'accept_due',
	concludeDue: 'conclude_due',
	repeatOf: 'repeat_of',
	track: 'track',
	divertedAt: 'diverted_at'
};

/**
 * Writes a decided transition inside the caller's transaction: the item's columns (the capture
 * trigger puts the row on the outbox; the clock trigger asks the sweeper to relight it), the
 * extension, pause and appeal rows, and the petition_event. Returns the event's id.
 */
export async function writeChanges(tx: Sql, itemId: string, changes: Changes, actorName: string, at: Date): Promise<string> {
	const row: Record<string, unknown> = { updated_at: new Date() };
	for (const [key, value] of Object.entries(changes.item)) row[columns[key as keyof ItemChanges]] = value;
	await tx`update petition_item set ${tx(row)} where id = ${itemId}`;

	if (changes.extensionRequest)
		await tx`insert into extension_request (item_id, days, reason, requested_by, requested_at)
		         values (${itemId}, ${changes.extensionRequest.days}, ${changes.extensionRequest.reason}, ${actorName}, ${at})`;
	if (changes.extensionDecision)
		await tx`update extension_request set decided_at = ${at}, decided_by = ${actorName}, approved = ${changes.extensionDecision.approved}
		          where item_id = ${itemId} and decided_at is null`;
	if (changes.extension)
		await tx`insert into clock_extension (item_id, days, approved_by, at, reason)
		         values (${itemId}, ${changes.extension.days}, ${changes.extension.approvedBy}, ${at}, ${changes.extension.reason})`;
	if (changes.pauseStart)
		await tx`insert into clock_pause (item_id, from_at, reason, by_name) values (${itemId}, ${at}, ${changes.pauseStart.reason}, ${actorName})`;
	if (changes.pauseEnd) await tx`update clock_pause set to_at = ${at} where item_id = ${itemId} and to_at is null`;
	if (changes.appeal?.op === 'request')
		await tx`insert into appeal (item_id, kind, requested_at) values (${itemId}, ${changes.appeal.kind}, ${at})`;
	if (changes.appeal?.op === 'decide')
		await tx`update appeal set decided_at = ${at}, replied_at = ${at}, decision_text = ${changes.appeal.text ?? null}
		          where item_id = ${itemId} and kind = ${changes.appeal.kind}`;

	const [event] = await tx<{ id: string }[]>`
		insert into petition_event (item_id, at, from_status, to_status, actor, note)
		values (${itemId}, ${at}, ${changes.event.from}, ${changes.event.to}, ${actorName.slice(0, 60)}, ${changes.event.note.slice(0, 500)})
		returning id::text`;
	return event.id;
}
