import { addDays } from '../../domain/deadlines.ts';
import { RECEIVED_DAYS, type CaseFact, type LetterFact, type SnapshotFacts, type UnitFact } from '../../domain/meetings.ts';
import type { Db } from '../db/connection.ts';

/** The window of conclusion due dates a unit's 按期办结率 is computed over, ending on the snapshot's day. */
export const RATE_DAYS = 90;

/**
 * The id sets behind a snapshot's numbers, read in the caller's repeatable-read transaction (the
 * same one the wall document is read in, so both are exact at the same seq). These are small
 * reads of the base tables by region — a freeze happens a few times a month, not per screen.
 */
export async function readFacts(tx: Db, adcode: string, today: string): Promise<SnapshotFacts> {
	const since = addDays(today, -(RECEIVED_DAYS - 1));
	const items = await tx<{ id: string; open: boolean; red: boolean; recent: boolean; risk: boolean }[]>`
		select i.id::text,
		       (i.concluded_at is null and i.status not in ('rejected', 'diverted')) as open,
		       (i.concluded_at is null and i.light = 'red') as red,
		       ((i.received_at at time zone 'Asia/Shanghai')::date between ${since}::date and ${today}::date) as recent,
		       (i.concluded_at is null and i.status not in ('rejected', 'diverted') and (i.headcount >= (select group_threshold()) or i.skip_level)) as risk
		  from petition_item i join region r on r.adcode = i.region
		 where ${adcode} = any(r.path)
		   and ((i.concluded_at is null and i.status not in ('rejected', 'diverted')) or i.received_at >= ${since}::date - interval '1 day')`;
	const ids = (pick: (row: (typeof items)[number]) => boolean) => items.filter(pick).map((r) => Number(r.id)).sort((a, b) => a - b);
	const cases = await tx<CaseFact[]>`
		select c.id, c.title, c.status, c.deadline::text as deadline,
		       (select max(n.at) from lead_case_note n where n.case_id = c.id) as "lastNoteAt"
		  from lead_case c join region r on r.adcode = c.region
		 where ${adcode} = any(r.path) order by c.id`;
	const letters = await tx<LetterFact[]>`
		select l.id, l.number_text as number, u.name as unit, l.status, l.issued_at as "issuedAt", l.feedback_due::text as "feedbackDue"
		  from supervision_letter l join unit u on u.id = l.recipient_unit_id join region r on r.adcode = u.region
		 where ${adcode} = any(r.path) and l.status <> 'draft' order by l.id`;
	const units = await tx<UnitFact[]>`
		select u.id as "unitId", u.name, count(*)::int as due,
		       count(*) filter (where i.concluded_at is not null and (i.concluded_at at time zone 'Asia/Shanghai')::date <= i.conclude_due)::int as "onTime"
		  from petition_item i join unit u on u.id = i.unit_id join region r on r.adcode = i.region
		 where ${adcode} = any(r.path) and i.conclude_due between ${addDays(today, -(RATE_DAYS - 1))}::date and ${today}::date
		 group by u.id, u.name order by u.id`;
	return {
		today,
		receivedDays: RECEIVED_DAYS,
		open: ids((r) => r.open),
		overdue: ids((r) => r.red),
		received: ids((r) => r.recent),
		risks: ids((r) => r.risk),
		cases: cases.map((c) => ({ ...c, lastNoteAt: c.lastNoteAt ? new Date(c.lastNoteAt).toISOString() : null })),
		letters: letters.map((l) => ({ ...l, issuedAt: l.issuedAt ? new Date(l.issuedAt).toISOString() : null })),
		units
	};
}
