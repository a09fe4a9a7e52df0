import type { Detection } from '$lib/domain/detection.ts';
import type { Sql } from '$lib/server/db/connection.ts';

export type ItemSignals = {
	detection: Detection | null;
	/** the earlier item it repeats, by serial (only once the page has allowed this item) */
	earlier: { id: string; serial: string } | null;
	cases: { id: number; title: string; status: string }[];
};

/** What detection found at registration, and the 领导包案 covering the item (call after itemFor allowed it). */
export async function signalsOf(sql: Sql, id: number): Promise<ItemSignals> {
	const [[row], cases] = await Promise.all([
		sql<{ detection: Detection | null; earlierId: string | null; earlierSerial: string | null }[]>`
			select i.detection, e.id::text as "earlierId", e.serial as "earlierSerial"
			  from petition_item i left join petition_item e on e.id = i.repeat_of where i.id = ${id}`,
		sql<{ id: number; title: string; status: string }[]>`
			select c.id, c.title, c.status from lead_case_item ci join lead_case c on c.id = ci.case_id where ci.item_id = ${id} order by c.id`
	]);
	return { detection: row?.detection ?? null, earlier: row?.earlierId ? { id: row.earlierId, serial: row.earlierSerial! } : null, cases };
}
