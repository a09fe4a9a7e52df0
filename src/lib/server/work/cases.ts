import type { Principal } from '../../domain/access.ts';
import { caseOverdue, caseStatuses, type CaseStatus } from '../../domain/cases.ts';
import { daysBetween, localDate } from '../../domain/deadlines.ts';
import type { Db, Sql } from '../db/connection.ts';

export { caseStatuses, type CaseStatus };

/** Cases in scope (a unit: those it leads or helps with). */
function visible(sql: Sql | Db, user: Principal) {
	return sql`${user.scope} = any(r.path)
		${user.role === 'unit' ? sql`and (c.lead_unit_id = ${user.unitId} or exists (select 1 from lead_case_unit cu where cu.case_id = c.id and cu.unit_id = ${user.unitId}))` : sql``}`;
}

export type CaseSummary = {
	id: number;
	title: string;
	leader: string;
	leaderTitle: string;
	/** the 领导名录 leader's own region: a leader of the account's region is one of "ours" (/m) */
	leaderRegion: string;
	unitName: string;
	regionName: string;
	status: CaseStatus;
	deadline: string;
	items: number;
	lastProgress: string | null;
	overdue: boolean;
	/** days past the deadline (open), or by which it was concluded late */
	daysOverdue: number;
	daysSinceProgress: number;
};

export async function caseList(sql: Sql, user: Principal, now: Date): Promise<CaseSummary[]> {
	const today = localDate(now);
	const rows = await sql<(Omit<CaseSummary, 'overdue' | 'daysOverdue' | 'daysSinceProgress'> & { assignedAt: Date; resolvedAt: Date | null })[]>`
		select c.id, c.title, l.name as leader, l.title as "leaderTitle", l.region as "leaderRegion", u.name as "unitName", r.name as "regionName", c.status,
		       c.deadline::text as deadline, c.assigned_at as "assignedAt", c.resolved_at as "resolvedAt",
		       (select count(*)::int from lead_case_item ci where ci.case_id = c.id) as items,
		       (select max(at)::text from lead_case_note n where n.case_id = c.id) as "lastProgress"
		  from lead_case c join leader l on l.id = c.leader_id join unit u on u.id = c.lead_unit_id join region r on r.adcode = c.region
		 where ${visible(sql, user)}
		 order by c.status = 'resolving' desc, c.deadline, c.id
		 limit 2000`;
	return rows.map(({ assignedAt, resolvedAt, ...c }) => ({
		...c,
		...overdueOf(c, resolvedAt, today),
		daysSinceProgress: daysBetween(localDate(c.lastProgress ? new Date(c.lastProgress) : assignedAt), today)
	}));
}

function overdueOf(c: { status: CaseStatus; deadline: string }, resolvedAt: Date | null, today: string) {
	const o = caseOverdue({ status: c.status, deadline: c.deadline, resolvedOn: resolvedAt && localDate(resolvedAt) }, today);
	return { overdue: o.overdue, daysOverdue: o.days };
}

/** Per leader: cases, resolved, resolved on time, overdue now, and the longest silence of an open case. */
export function scorecard(cases: CaseSummary[]) {
	const byLeader = new Map<string, { leader: string; cases: number; resolving: number; resolved: number; onTime: number; overdue: number; longestSilence: number }>();
	for (const c of cases) {
		const key = `${c.leaderTitle}${c.leader}`;
		const row = byLeader.get(key) ?? { leader: key, cases: 0, resolving: 0, resolved: 0, onTime: 0, overdue: 0, longestSilence: 0 };
		row.cases++;
		if (c.status === 'resolving') {
			row.resolving++;
			if (c.overdue) row.overdue++;
			row.longestSilence = Math.max(row.longestSilence, c.daysSinceProgress);
		} else {
			row.resolved++;
			if (!c.overdue) row.onTime++;
		}
		byLeader.set(key, row);
	}
	return [...byLeader.values()].sort((a, b) => b.overdue - a.overdue || b.cases - a.cases);
}

export async function caseDetail(sql: Sql, user: Principal, id: number, now = new Date()) {
	const [c] = await sql<{
		id: number; title: string; leaderId: number; leader: string; leaderTitle: string; leaderLevel: string; leadUnitId: number; unitName: string; region: string; regionName: string;
		plan: string; status: CaseStatus; deadline: string; assignedAt: Date; resolvedAt: Date | null; outcomeNote: string | null; receptionId: number | null;
	}[]>`
		select c.id, c.title, c.leader_id as "leaderId", l.name as leader, l.title as "leaderTitle", l.level as "leaderLevel", c.lead_unit_id as "leadUnitId",
		       u.name as "unitName", c.region, r.name as "regionName", c.plan, c.status, c.deadline::text as deadline, c.assigned_at as "assignedAt",
		       c.resolved_at as "resolvedAt", c.outcome_note as "outcomeNote", c.reception_id as "receptionId"
		  from lead_case c join leader l on l.id = c.leader_id join unit u on u.id = c.lead_unit_id join region r on r.adcode = c.region
		 where c.id = ${id} and ${visible(sql, user)}`;
	if (!c) return null;
	const [coUnits, items, notes] = await Promise.all([
		sql<{ id: number; name: string }[]>`select u.id, u.name from lead_case_unit cu join unit u on u.id = cu.unit_id where cu.case_id = ${id} order by u.name`,
		sql<{ id: string; serial: string; light: string; clockDue: string | null; status: string; region: string }[]>`
			select i.id::text, i.serial, i.light, i.clock_due::text as "clockDue", i.status, i.region
			  from lead_case_item ci join petition_item i on i.id = ci.item_id where ci.case_id = ${id} order by i.received_at`,
		sql<{ id: string; at: Date; author: string; text: string }[]>`
			select id::text, at, author, text from lead_case_note where case_id = ${id} order by at desc`
	]);
	return { ...c, coUnits: coUnits.map((u) => u.name), coUnitIds: coUnits.map((u) => u.id), items, notes, ...overdueOf(c, c.resolvedAt, localDate(now)) };
}
