import type { Principal } from '../../domain/access.ts';
import { daysBetween, localDate } from '../../domain/deadlines.ts';
import { matterClimb, type MatterItem } from '../../domain/escalation.ts';
import type { EarlierLetter, FlaggedItem } from '../../domain/letter-proposals.ts';
import type { Sql } from '../db/connection.ts';

/** The facts the proposal rules need of items in the account's scope (ids outside it are left out). */
export async function flaggedItems(sql: Sql, user: Principal, ids: string[] | null, now: Date, limit = 500): Promise<FlaggedItem[]> {
	const chosen = ids === null ? sql`(i.light in ('red', 'due_today', 'yellow') or i.repeat_of is not null or i.skip_level or i.headcount >= (select group_threshold())) and i.concluded_at is null`
		: sql`i.id = any(${ids}::bigint[])`;
	const rows = await sql<{ id: string; serial: string; unitId: number | null; unitName: string | null; light: string; clockDue: string | null; lastAt: Date; petitionerId: string | null; repeats: number; skipLevel: boolean; headcount: number; open: boolean; receivedAt: Date; receivedBy: string | null; earlier: MatterItem | null }[]>`
		select i.id::text, i.serial, i.unit_id as "unitId", u.name as "unitName", i.light, i.clock_due::text as "clockDue",
		       coalesce((select max(e.at) from petition_event e where e.item_id = i.id), i.received_at) as "lastAt",
		       (select count(*)::int from petition_item p where p.petitioner_id = i.petitioner_id and p.id < i.id) as repeats,
		       i.skip_level as "skipLevel", i.headcount, i.concluded_at is null as open, i.petitioner_id::text as "petitionerId",
		       i.received_at as "receivedAt", i.detection->'skipLevel'->>'receivedBy' as "receivedBy",
		       case when e.id is null then null
		            else json_build_object('id', e.id::text, 'serial', e.serial, 'receivedAt', e.received_at, 'receivedBy', e.detection->'skipLevel'->>'receivedBy') end as earlier
		  from petition_item i join region r on r.adcode = i.region left join unit u on u.id = i.unit_id
		  left join petition_item e on e.id = i.repeat_of
		 where ${chosen} and ${user.scope} = any(r.path)
		 order by i.clock_due nulls last, i.id limit ${limit}`;
	const today = localDate(now);
	return rows.map((r) => ({
		id: r.id,
		serial: r.serial,
		unitId: r.unitId,
		unitName: r.unitName,
		daysOverdue: r.light === 'red' && r.clockDue ? Math.max(0, daysBetween(r.clockDue, today)) : 0,
		stalledDays: Math.max(0, daysBetween(localDate(r.lastAt), today)),
		repeatCount: r.petitionerId ? r.repeats : 0,
		skipLevel: r.skipLevel,
		upward: r.earlier ? climbFrom({ ...r.earlier, receivedAt: new Date(r.earlier.receivedAt) }, { id: r.id, serial: r.serial, receivedAt: r.receivedAt, receivedBy: r.receivedBy }) : null,
		headcount: r.headcount,
		open: r.open
	}));
}

/** 信访上行 from the item a repeat repeats to the repeat: the climb in words with the earlier item, or null. */
function climbFrom(earlier: MatterItem, item: MatterItem): string | null {
	const climb = matterClimb([earlier, item]);
	return climb.climbing ? `${climb.explanation}（前次 ${earlier.serial}）` : null;
}

/** Letters already sent to these units (all of them when null), for dedupe and escalation. */
export async function earlierLetters(sql: Sql, unitIds: number[] | null): Promise<EarlierLetter[]> {
	const rows = await sql<(Omit<EarlierLetter, 'itemIds'> & { itemIds: string[] })[]>`
		select l.id, l.number_text as number, l.kind, l.recipient_unit_id as "recipientUnitId", l.status, l.feedback_due::text as "feedbackDue",
		       l.escalated_to as "escalatedTo", (select f.kind from supervision_letter f where f.id = l.follows and f.status <> 'void') as "followsKind",
		       coalesce(array_agg(li.item_id::text) filter (where li.item_id is not null), '{}') as "itemIds"
		  from supervision_letter l left join supervision_letter_item li on li.letter_id = l.id
		 where ${unitIds === null ? sql`true` : sql`l.recipient_unit_id = any(${unitIds}::int[])`} and l.status <> 'closed'
		 group by l.id`;
	return rows;
}
