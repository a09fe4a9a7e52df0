import type { ItemFacts } from '../../domain/clocks.ts';
import type { Status, Track } from '../../domain/vocabulary.ts';
import type { PendingQuery, Row } from 'postgres';
import type { Db } from '../db/connection.ts';

/** Instants arrive as epoch milliseconds: parsing a number is several times cheaper than a timestamp string, over a year of a province's items. */
type Ms = number | null;
type ItemRow = {
	id: string;
	status: Status;
	track: Track;
	receivedAt: number;
	routedAt: Ms;
	acceptedAt: Ms;
	rejectedAt: Ms;
	concludedAt: Ms;
	reopenedAt: Ms;
	repliedAt: Ms;
	closedAt: Ms;
	divertedAt: Ms;
	extendedDays: number;
};
const instant = (ms: Ms): Date | null => (ms === null ? null : new Date(ms));

/** Items by id, or a subquery that selects their ids (a year of a province: no 200,000-id parameter). */
export type ItemSelection = string[] | PendingQuery<Row[]>;

/**
 * The dated facts of items as the clocks read them: the item's dates (退回重办's reopened_at
 * included, migration 0166), its approved extensions
 * and pauses, its 复查/复核. An item whose extension predates the extension table (only
 * `extended_days` set) counts that as one approved extension.
 */
export async function loadFacts(sql: Db, selection: ItemSelection): Promise<Map<string, ItemFacts>> {
	const facts = new Map<string, ItemFacts>();
	if (Array.isArray(selection) && selection.length === 0) return facts;
	const ids = Array.isArray(selection) ? sql`= any(${sql.array(selection)}::bigint[])` : sql`in (${selection})`;
	const ms = (column: string) => sql.unsafe(`(extract(epoch from ${column}) * 1000)::float8`);
	const [items, extensions, pauses, appeals] = await Promise.all([
		sql<ItemRow[]>`
			select i.id::text, i.status, i.track, ${ms('i.received_at')} as "receivedAt", ${ms('i.routed_at')} as "routedAt", ${ms('i.accepted_at')} as "acceptedAt",
			       ${ms('i.rejected_at')} as "rejectedAt", ${ms('i.concluded_at')} as "concludedAt", ${ms('i.reopened_at')} as "reopenedAt",
			       ${ms('i.replied_at')} as "repliedAt",
			       ${ms('i.closed_at')} as "closedAt", ${ms('i.diverted_at')} as "divertedAt", i.extended_days as "extendedDays"
			  from petition_item i where i.id ${ids}`,
		sql<{ itemId: string; days: number; approvedBy: string; at: Date; reason: string }[]>`
			select item_id::text as "itemId", days, approved_by as "approvedBy", at, reason
			  from clock_extension where item_id ${ids} order by at`,
		sql<{ itemId: string; from: Date; to: Date | null; reason: string; by: string }[]>`
			select item_id::text as "itemId", from_at as from, to_at as to, reason, by_name as by
			  from clock_pause where item_id ${ids} order by from_at`,
		sql<{ itemId: string; kind: 'review' | 'recheck'; requestedAt: Date; decidedAt: Date | null; repliedAt: Date | null }[]>`
			select item_id::text as "itemId", kind, requested_at as "requestedAt", decided_at as "decidedAt", replied_at as "repliedAt"
			  from appeal where item_id ${ids}`
	]);
	for (const row of items) {
		facts.set(row.id, {
			status: row.status,
			track: row.track,
			receivedAt: new Date(row.receivedAt),
			routedAt: instant(row.routedAt),
			acceptedAt: instant(row.acceptedAt),
			rejectedAt: instant(row.rejectedAt),
			concludedAt: instant(row.concludedAt),
			reopenedAt: instant(row.reopenedAt),
			repliedAt: instant(row.repliedAt),
			closedAt: instant(row.closedAt),
			divertedAt: instant(row.divertedAt),
			extensions: [],
			pauses: [],
			review: null,
			recheck: null
		});
	}
	const legacy = new Map(items.filter((i) => i.extendedDays > 0 && i.acceptedAt).map((i) => [i.id, i]));
	for (const e of extensions) {
		facts.get(e.itemId)?.extensions!.push({ days: e.days, approvedBy: e.approvedBy, at: e.at, reason: e.reason });
		legacy.delete(e.itemId);
	}
	for (const [id, item] of legacy)
		facts.get(id)!.extensions!.push({ days: item.extendedDays, approvedBy: '（历史数据）', at: new Date(item.acceptedAt!), reason: '批准延期' });
	for (const p of pauses) facts.get(p.itemId)?.pauses!.push({ from: p.from, to: p.to, reason: p.reason, by: p.by });
	for (const a of appeals) {
		const f = facts.get(a.itemId);
		if (f) f[a.kind] = { requestedAt: a.requestedAt, decidedAt: a.decidedAt, repliedAt: a.repliedAt };
	}
	return facts;
}
