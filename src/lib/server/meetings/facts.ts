import type { Principal } from '../../domain/access.ts';
import { addDays, startOfLocalDay } from '../../domain/deadlines.ts';
import { RECEIVED_DAYS, type CaseFact, type LetterFact, type SnapshotFacts, type UnitFact } from '../../domain/meetings.ts';
import { addTally, emptyTally, type RateTally } from '../../domain/rates.ts';
import { loadClockConfig } from '../clocks/config.ts';
import type { Db, Sql } from '../db/connection.ts';
import { rateCells, rateCellsFromRows } from '../work/rates.ts';

/** The period (local days, ending on the snapshot's day) a unit's 按期办结率 is judged over, as /rates judges a period. */
export const RATE_DAYS = 90;

/**
 * Each unit's 按期办结 in the region for the RATE_DAYS ending `today`, judged as /rates judges that
 * period (domain/rates.ts: conclusions in it by their clock's due date — holidays, extensions,
 * pauses and 退回重办 counted — plus open items already overdue, an item due today not yet late),
 * from the rate inputs' rollups or row by row while they are not built; in the caller's transaction.
 */
export async function unitConclusionRates(tx: Db, adcode: string, today: string, now: Date): Promise<UnitFact[]> {
	const sql = tx as unknown as Sql;
	const period = { from: addDays(today, -(RATE_DAYS - 1)), to: today };
	const config = await loadClockConfig(tx);
	const region: Principal = { userId: 0, username: 'meeting', role: 'supervisor', scope: adcode, unitId: null };
	const cells = (await rateCells(sql, region, adcode, period, now, config)) ?? (await rateCellsFromRows(sql, region, adcode, period, now, config));
	const units = new Map<number, RateTally>();
	for (const c of cells) {
		if (c.unitId === 0) continue;
		let sum = units.get(c.unitId);
		if (!sum) units.set(c.unitId, (sum = emptyTally()));
		addTally(sum, c.tally);
	}
	const ids = [...units].filter(([, t]) => t.concludeDue > 0).map(([id]) => id);
	if (ids.length === 0) return [];
	const names = await tx<{ id: number; name: string }[]>`select id, name from unit where id = any(${ids}::int[]) order by id`;
	return names.map((u) => ({ unitId: u.id, name: u.name, due: units.get(u.id)!.concludeDue, onTime: units.get(u.id)!.concludeOnTime }));
}

/**
 * The id sets behind a snapshot's numbers, read in the caller's repeatable-read transaction (the
 * same one the wall document is read in, so both are exact at the same seq). These are small
 * reads of the base tables by region — a freeze happens a few times a month, not per screen.
 */
export async function readFacts(tx: Db, adcode: string, today: string, now: Date = startOfLocalDay(addDays(today, 1))): Promise<SnapshotFacts> {
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
	const units = await unitConclusionRates(tx, adcode, today, now);
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
