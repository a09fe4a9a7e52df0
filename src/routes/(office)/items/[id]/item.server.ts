import { regionInScope, type Principal } from '$lib/domain/access.ts';
import type { Sql } from '$lib/server/db/connection.ts';
import { openPetitioner } from '$lib/server/intake/petitioners.ts';

/** A petitioner as stored: only ever sent to the browser masked, or unmasked by the audited action. */
export type Petitioner = { name: string; idNumber: string | null; phone: string | null };

export type ItemDetail = {
	id: string;
	serial: string;
	channel: string;
	category: string;
	type: string;
	status: string;
	region: string;
	regionPath: string;
	unitId: number | null;
	unitName: string | null;
	headcount: number;
	summary: string;
	receivedAt: string;
	routeDue: string;
	acceptDue: string | null;
	concludeDue: string | null;
	extendedDays: number;
	concludedAt: string | null;
	outcome: string | null;
	satisfaction: string | null;
	skipLevel: boolean;
	repeatOf: string | null;
	repeatOfSerial: string | null;
	overdueDays: number | null;
};

/**
 * The item if this account may see it, else null — whether it does not exist or lies outside
 * the account's scope (or, for a unit, belongs to another unit), so a 404 tells nothing.
 */
export async function itemFor(sql: Sql, user: Principal, id: number): Promise<{ item: ItemDetail; petitioner: Petitioner | null } | null> {
	const [row] = await sql<(ItemDetail & { petitionerName: string | null; idNumberEnc: Buffer | null; phoneEnc: Buffer | null })[]>`
		select i.id::text as id, i.serial, i.channel, i.category, i.type, i.status, i.region,
		       (select string_agg(p.name, ' · ' order by array_position(r.path, p.adcode)) from region p where p.adcode = any(r.path)) as "regionPath",
		       i.unit_id as "unitId", u.name as "unitName", i.headcount, i.summary,
		       to_char(i.received_at, 'YYYY-MM-DD HH24:MI') as "receivedAt", i.route_due::text as "routeDue",
		       i.accept_due::text as "acceptDue", i.conclude_due::text as "concludeDue", i.extended_days as "extendedDays",
		       to_char(i.concluded_at, 'YYYY-MM-DD HH24:MI') as "concludedAt", i.outcome, i.satisfaction,
		       i.skip_level as "skipLevel", i.repeat_of::text as "repeatOf", (select p.serial from petition_item p where p.id = i.repeat_of) as "repeatOfSerial",
		       case when i.clock = 'conclude' and i.clock_due < (now() at time zone 'Asia/Shanghai')::date
		            then (now() at time zone 'Asia/Shanghai')::date - i.clock_due end as "overdueDays",
		       pe.name as "petitionerName", pe.id_number_enc as "idNumberEnc", pe.phone_enc as "phoneEnc"
		  from petition_item i
		  join region r on r.adcode = i.region
		  left join unit u on u.id = i.unit_id
		  left join petitioner pe on pe.id = i.petitioner_id
		 where i.id = ${id}`;
	if (!row || !regionInScope(user.scope, row.region)) return null;
	if (user.role === 'unit' && row.unitId !== user.unitId) return null;
	const { petitionerName, idNumberEnc, phoneEnc, ...item } = row;
	// decrypted here, after the scope check: masked by the page, shown in full only by the audited unmask
	return { item, petitioner: petitionerName === null ? null : { name: petitionerName, ...openPetitioner({ idNumberEnc, phoneEnc }) } };
}

export type TimelineEntry = { id: string; at: string; fromStatus: string | null; toStatus: string; actor: string; note: string | null };

/** The item's status changes, oldest first (call only after itemFor allowed the item). */
export function timelineOf(sql: Sql, id: number) {
	return sql<TimelineEntry[]>`
		select id::text as id, to_char(at, 'YYYY-MM-DD HH24:MI') as at, from_status as "fromStatus", to_status as "toStatus", actor, note
		  from petition_event where item_id = ${id} order by at, id`;
}
