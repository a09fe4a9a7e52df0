import type { LifeFacts } from '../../domain/lifecycle.ts';
import type { ItemType, Satisfaction } from '../../domain/vocabulary.ts';
import { loadFacts } from '../clocks/facts.ts';
import type { Db } from '../db/connection.ts';

type Extra = {
	serial: string;
	region: string;
	regionPath: string[] | null;
	regionName: string | null;
	type: ItemType;
	unitId: number | null;
	satisfaction: Satisfaction | null;
	pendingDays: number | null;
	pendingReason: string | null;
	pendingAt: Date | null;
	lastAt: Date;
};

/**
 * An item as the lifecycle reads it: the clocks' facts, its place, unit and evaluation, the open
 * 申请延期, and the latest instant anything happened to it (a later event may not precede it).
 * Null when there is no such item.
 */
export async function loadLifeFacts(sql: Db, id: string): Promise<(LifeFacts & { serial: string }) | null> {
	const [row] = await sql<Extra[]>`
		select i.serial, i.region, g.path as "regionPath", g.name as "regionName", i.type, i.unit_id as "unitId", i.satisfaction,
		       r.days as "pendingDays", r.reason as "pendingReason", r.requested_at as "pendingAt",
		       greatest(i.received_at, i.routed_at, i.accepted_at, i.rejected_at, i.concluded_at, i.reopened_at, i.replied_at,
		                i.closed_at, i.diverted_at, i.evaluated_at,
		                (select max(at) from petition_event where item_id = i.id),
		                (select max(at) from clock_extension where item_id = i.id),
		                (select max(greatest(from_at, to_at)) from clock_pause where item_id = i.id),
		                (select max(greatest(requested_at, decided_at)) from extension_request where item_id = i.id),
		                (select max(greatest(requested_at, decided_at, replied_at)) from appeal where item_id = i.id)) as "lastAt"
		  from petition_item i
		  left join extension_request r on r.item_id = i.id and r.decided_at is null
		  left join region g on g.adcode = i.region
		 where i.id = ${id}`;
	if (!row) return null;
	const facts = (await loadFacts(sql, [id])).get(id)!;
	return {
		...facts,
		id,
		serial: row.serial,
		region: row.region,
		// the units that may handle it: of its place or one above it (属地管理)
		place: { path: row.regionPath ?? [row.region], name: row.regionName ?? undefined },
		type: row.type,
		unitId: row.unitId,
		satisfaction: row.satisfaction,
		pendingExtension: row.pendingDays === null ? null : { days: row.pendingDays, reason: row.pendingReason!, requestedAt: row.pendingAt! },
		lastAt: row.lastAt
	};
}

/** The item a serial names (an upstream sender names items by serial), or null. */
export async function itemIdOfSerial(sql: Db, serial: string): Promise<string | null> {
	if (!/^[0-9]{6}-[0-9]{8}-[0-9]{6}$/.test(serial)) return null;
	const [row] = await sql<{ id: string }[]>`select id::text from petition_item where serial = ${serial}`;
	return row?.id ?? null;
}
