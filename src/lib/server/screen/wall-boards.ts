import { maskName } from '../../domain/access.ts';
import { daysBetween, localDate, startOfLocalDay } from '../../domain/deadlines.ts';
import { receptionMonth, type ReceptionKind } from '../../domain/receptions.ts';
import type { Rate } from '../../domain/rates.ts';
import type { Db } from '../db/connection.ts';
import type { CaseBoard, GroupWarnings, LetterCounts, RateBoard, RateName, ReceptionBoard } from '../../screen/wall.ts';

/** 领导包案 in the region: lead_case is small, read directly. Leaders by title and masked name. */
export async function readCases(tx: Db, adcode: string, today: string): Promise<CaseBoard> {
	const rows = await tx<{ id: number; title: string; status: string; deadline: string; leader: string; leaderTitle: string; region: string }[]>`
		select c.id, c.title, c.status, c.deadline::text as deadline, l.name as leader, l.title as "leaderTitle", r.name as region
		  from lead_case c join leader l on l.id = c.leader_id join region r on r.adcode = c.region
		 where ${adcode} = any(r.path)`;
	const board: CaseBoard = { total: rows.length, resolving: 0, resolved: 0, overdue: 0, stuck: [], scorecard: [] };
	const leaders = new Map<string, CaseBoard['scorecard'][number]>();
	for (const c of rows) {
		const leader = `${c.leaderTitle} ${maskName(c.leader)}`;
		const row = leaders.get(leader) ?? { leader, cases: 0, resolved: 0, overdue: 0 };
		leaders.set(leader, row);
		row.cases++;
		if (c.status !== 'resolving') {
			board.resolved++;
			row.resolved++;
			continue;
		}
		board.resolving++;
		if (c.deadline < today) {
			board.overdue++;
			row.overdue++;
			board.stuck.push({ id: c.id, title: c.title, leader, region: c.region, daysOverdue: daysBetween(c.deadline, today) });
		}
	}
	board.stuck = board.stuck.sort((a, b) => b.daysOverdue - a.daysOverdue || a.id - b.id).slice(0, 5);
	board.scorecard = [...leaders.values()].sort((a, b) => b.overdue - a.overdue || b.cases - a.cases || a.leader.localeCompare(b.leader)).slice(0, 6);
	board.receptions = await readReceptions(tx, adcode, today);
	return board;
}

/** 领导接访 this local month in the region (reception is small: a few a week per leader). */
async function readReceptions(tx: Db, adcode: string, today: string): Promise<ReceptionBoard> {
	const rows = await tx<{ id: number; at: Date; kind: ReceptionKind; persons: number; leader: string; leaderTitle: string }[]>`
		select c.id, c.at, c.kind, c.persons, l.name as leader, l.title as "leaderTitle"
		  from reception c join leader l on l.id = c.leader_id join region r on r.adcode = c.region
		 where ${adcode} = any(r.path) and c.at >= ${startOfLocalDay(`${today.slice(0, 7)}-01`)}
		 order by c.at desc, c.id desc`;
	const month = receptionMonth(rows, today);
	const latest = rows
		.filter((r) => localDate(r.at) <= today)
		.slice(0, 5)
		.map((r) => ({ id: r.id, day: localDate(r.at).slice(5), leader: `${r.leaderTitle} ${maskName(r.leader)}`, kind: r.kind, persons: r.persons }));
	return { ...month, latest };
}

/**
 * 三函 in the region (by the recipient unit's place): issued today, awaiting 签收, feedback
 * overdue. Zeros until letters are issued; the letters feature fills the table.
 */
export async function readLetters(tx: Db, adcode: string, today: string): Promise<LetterCounts> {
	const [row] = await tx<LetterCounts[]>`
		select count(*) filter (where (l.issued_at at time zone 'Asia/Shanghai')::date = ${today}::date)::int as "issuedToday",
		       count(*) filter (where l.status in ('issued', 'delivered'))::int as "awaitingSign",
		       count(*) filter (where l.status = 'overdue' or (l.status in ('issued', 'delivered', 'signed') and l.feedback_due < ${today}::date))::int as "feedbackOverdue"
		  from supervision_letter l join unit u on u.id = l.recipient_unit_id join region r on r.adcode = u.region
		 where ${adcode} = any(r.path) and l.status <> 'draft'`;
	return row;
}

/** The region's row of the rate board (null until the first refresh after start-up). */
export async function readRates(tx: Db, adcode: string, level: 'province' | 'city' | 'county'): Promise<RateBoard | null> {
	const [row] = await tx<{ from: string; to: string; computedAt: Date; rates: Record<RateName, Rate>; league: RateBoard['league']; minVolume: number; belowMinimum: number }[]>`
		select period_from::text as from, period_to::text as to, computed_at as "computedAt", rates, league,
		       min_volume as "minVolume", below_minimum as "belowMinimum"
		  from rate_board where region = ${adcode}`;
	const leagueOf = ({ province: 'city', city: 'county', county: 'unit' } as const)[level];
	return row ? { ...row, computedAt: row.computedAt.toISOString(), leagueOf } : null;
}

/** The region's 群体访预警 from the rate board (absent until its first refresh after start-up). */
export async function readGroupWarnings(tx: Db, adcode: string): Promise<GroupWarnings | undefined> {
	const [row] = await tx<{ groupWarnings: GroupWarnings | null }[]>`select group_warnings as "groupWarnings" from rate_board where region = ${adcode}`;
	return row?.groupWarnings ?? undefined;
}
