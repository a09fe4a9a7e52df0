import type { Principal } from '../../domain/access.ts';
import { clockLabels, limitOf, type ClockKind, type Config } from '../../domain/clocks.ts';
import { forecastConclusion, type Concluded } from '../../domain/forecast.ts';
import { lightLabels, type Light } from '../../domain/lights.ts';
import { matchRepeat } from '../../domain/repeats.ts';
import { citationText } from '../../domain/rules.ts';
import { daysBetween, localDate } from '../../domain/deadlines.ts';
import type { Category } from '../../domain/vocabulary.ts';
import type { Sql } from '../db/connection.ts';
import { loadFacts } from '../clocks/facts.ts';
import { groupWarningsIn, type NamedGroupWarning } from '../groups/warnings.ts';

/** The queues of the workspace: what the rules flag, most urgent first. */
export const queues = {
	red: '逾期',
	due_today: '今日到期',
	yellow: '临期',
	at_risk: '预测逾期',
	repeat: '重复信访',
	skip_level: '越级',
	group: '群体访',
	cases: '包案滞后'
} as const;
export type Queue = keyof typeof queues;

export type Filters = { region: string | null; unitId: number | null; category: string | null; channel: string | null; q: string | null };

export type QueueRow = {
	id: string;
	serial: string;
	receivedAt: Date;
	regionName: string;
	unitName: string | null;
	category: string;
	channel: string;
	status: string;
	headcount: number;
	clock: ClockKind;
	clockDue: string | null;
	light: Light;
	lightLabel: string;
	/** why the rules flag it, in words, with the regulation where there is one */
	reason: string;
};

export type CaseRow = {
	id: number;
	title: string;
	leader: string;
	leaderTitle: string;
	unitName: string;
	regionName: string;
	deadline: string;
	assignedAt: Date;
	items: number;
	daysOverdue: number;
	reason: string;
};


type ItemRow = Omit<QueueRow, 'lightLabel' | 'reason'> & {
	unitId: number | null;
	skipLevel: boolean;
	repeatOf: string | null;
	summary: string;
	region: string;
	petitionerHash: string | null;
};

/** The light's meaning with the clock, its limit and citation: "逾期 3 天：办结时限 60 日（《信访条例》（2005）第33条），2026-03-01 到期". */
export function lightReason(row: Pick<QueueRow, 'clock' | 'clockDue' | 'light'>, today: string, config: Config): string {
	const limitName = row.clock === 'none' ? null : limitOf[row.clock];
	const limit = limitName ? config.rules.limits[limitName] : null;
	const cite = limit ? `（${limit.citations.map(citationText).join('；')}）` : '';
	const clock = `${clockLabels[row.clock]}时限${limit ? ` ${limit.days} 日` : ''}${cite}`;
	if (!row.clockDue) return clock;
	const left = daysBetween(today, row.clockDue);
	const head = left < 0 ? `逾期 ${-left} 天` : left === 0 ? '今日到期' : `剩余 ${left} 天`;
	return `${head}：${clock}，${row.clockDue} 到期`;
}

function where(sql: Sql, user: Principal, filters: Filters) {
	return sql`
		${user.scope} = any(r.path)
		${user.role === 'unit' ? sql`and i.unit_id = ${user.unitId}` : sql``}
		${filters.region ? sql`and ${filters.region} = any(r.path)` : sql``}
		${filters.unitId ? sql`and i.unit_id = ${filters.unitId}` : sql``}
		${filters.category ? sql`and i.category = ${filters.category}` : sql``}
		${filters.channel ? sql`and i.channel = ${filters.channel}` : sql``}
		${filters.q ? sql`and (i.serial like ${filters.q + '%'} or i.summary like ${'%' + filters.q.replace(/[\\%_]/g, '\\$&') + '%'})` : sql``}`;
}

function condition(sql: Sql, queue: Exclude<Queue, 'cases' | 'at_risk'>, config: Config) {
	switch (queue) {
		case 'red':
		case 'due_today':
		case 'yellow':
			return sql`i.light = ${queue}`;
		case 'repeat':
			return sql`i.repeat_of is not null and i.concluded_at is null and i.track = 'petition'`;
		case 'skip_level':
			return sql`i.skip_level and i.concluded_at is null and i.track = 'petition'`;
		case 'group':
			return sql`i.headcount >= ${config.rules.groupThreshold} and i.concluded_at is null and i.track = 'petition'`;
	}
}

const SELECT = (sql: Sql) => sql`
	select i.id::text, i.serial, i.received_at as "receivedAt", r.name as "regionName", u.name as "unitName", i.unit_id as "unitId",
	       i.category, i.channel, i.status, i.headcount, i.clock, i.clock_due::text as "clockDue", i.light,
	       i.skip_level as "skipLevel", i.repeat_of::text as "repeatOf", i.summary, i.region,
	       encode(p.identity_hash, 'hex') as "petitionerHash"
	  from petition_item i
	  join region r on r.adcode = i.region
	  left join unit u on u.id = i.unit_id
	  left join petitioner p on p.id = i.petitioner_id`;

/**
 * How many items each queue holds for this account and filters. `atRisk`: the at-risk items when
 * the caller has them (a page of that queue), so the forecast runs once per page.
 */
export async function queueCounts(sql: Sql, user: Principal, filters: Filters, config: Config, now: Date, atRisk?: Promise<QueueRow[]>): Promise<Record<Queue, number>> {
	const counted = atRisk ?? atRiskRows(sql, user, filters, config, now);
	const [row] = await sql<Record<string, number>[]>`
		select count(*) filter (where i.light = 'red')::int as red,
		       count(*) filter (where i.light = 'due_today')::int as due_today,
		       count(*) filter (where i.light = 'yellow')::int as yellow,
		       count(*) filter (where i.repeat_of is not null and i.concluded_at is null and i.track = 'petition')::int as repeat,
		       count(*) filter (where i.skip_level and i.concluded_at is null and i.track = 'petition')::int as skip_level,
		       count(*) filter (where i.headcount >= ${config.rules.groupThreshold} and i.concluded_at is null and i.track = 'petition')::int as group
		  from petition_item i join region r on r.adcode = i.region
		 where ${where(sql, user, filters)} and (i.light in ('red', 'due_today', 'yellow') or i.concluded_at is null)`;
	const cases = (await stuckCases(sql, user, now)).length;
	return { ...(row as Record<Exclude<Queue, 'at_risk' | 'cases'>, number>), at_risk: (await counted).length, cases };
}

/** Items of one queue, most urgent first, each with the reason it is there. */
export async function queueRows(
	sql: Sql,
	user: Principal,
	queue: Exclude<Queue, 'cases'>,
	filters: Filters,
	config: Config,
	now: Date,
	page: { limit: number; offset: number },
	atRisk?: Promise<QueueRow[]>
): Promise<QueueRow[]> {
	const today = localDate(now);
	if (queue === 'at_risk') return (await (atRisk ?? atRiskRows(sql, user, filters, config, now))).slice(page.offset, page.offset + page.limit);
	// the page's ids first, then their names: joined before the limit, the planner may hash the whole petitioner table
	const rows = await sql<ItemRow[]>`
		${SELECT(sql)}
		 where i.id in (select i.id from petition_item i join region r on r.adcode = i.region
		                 where ${where(sql, user, filters)} and ${condition(sql, queue, config)}
		                 order by i.clock_due nulls last, i.received_at, i.id
		                 limit ${page.limit} offset ${page.offset})
		 order by i.clock_due nulls last, i.received_at, i.id`;
	const reasons = queue === 'repeat' ? await repeatReasons(sql, rows, config) : new Map<string, string>();
	return rows.map((row) => {
		let reason = lightReason(row, today, config);
		if (queue === 'repeat') reason = `${reasons.get(row.id) ?? '登记为重复信访'}；${reason}`;
		if (queue === 'skip_level') reason = `越级：越过有权处理的同级或上一级机关；${reason}`;
		if (queue === 'group') reason = `群体访：${row.headcount} 人（${config.rules.groupThreshold} 人以上）；${reason}`;
		return present(row, reason);
	});
}

function present(row: ItemRow, reason: string): QueueRow {
	return {
		id: row.id,
		serial: row.serial,
		receivedAt: row.receivedAt,
		regionName: row.regionName,
		unitName: row.unitName,
		category: row.category,
		channel: row.channel,
		status: row.status,
		headcount: row.headcount,
		clock: row.clock,
		clockDue: row.clockDue,
		light: row.light,
		lightLabel: lightLabels[row.light] ?? row.light,
		reason
	};
}

/** Why each item repeats the earlier one it was linked to: the factors that match. */
async function repeatReasons(sql: Sql, rows: ItemRow[], config: Config): Promise<Map<string, string>> {
	const earlierIds = [...new Set(rows.map((r) => r.repeatOf).filter((id): id is string => id !== null))];
	if (earlierIds.length === 0) return new Map();
	const earlier = new Map(
		(
			await sql<ItemRow[]>`${SELECT(sql)} where i.id = any(${sql.array(earlierIds)}::bigint[])`
		).map((r) => [r.id, r])
	);
	const signature = (r: ItemRow) => ({
		id: r.id,
		receivedAt: r.receivedAt,
		petitionerHash: r.petitionerHash,
		respondent: null,
		unitId: r.unitId,
		category: r.category as Category,
		summary: r.summary,
		region: r.region
	});
	const reasons = new Map<string, string>();
	for (const row of rows) {
		const first = row.repeatOf ? earlier.get(row.repeatOf) : undefined;
		if (!first) continue;
		const match = matchRepeat(signature(row), signature(first), config.rules);
		const factors = match.matched.map((m) => m.label).join('、');
		reasons.set(row.id, `重复 ${first.serial}${factors ? `（相同：${factors}）` : ''}`);
	}
	return reasons;
}

/**
 * Items under handling whose unit's recent pace says they will miss the conclusion date, before
 * any light turns yellow. Looks at the 2,000 nearest conclusion dates still green or yellow.
 */
export async function atRiskRows(sql: Sql, user: Principal, filters: Filters, config: Config, now: Date): Promise<QueueRow[]> {
	// the ids and units first; the names only of the few at risk
	const candidates = await sql<{ id: string; unitId: number }[]>`
		select i.id::text, i.unit_id as "unitId" from petition_item i join region r on r.adcode = i.region
		 where ${where(sql, user, filters)} and i.clock = 'conclude' and i.light in ('green', 'yellow') and i.unit_id is not null
		 order by i.clock_due, i.id
		 limit 2000`;
	if (candidates.length === 0) return [];
	const units = [...new Set(candidates.map((c) => c.unitId))];
	const [samples, open, facts] = await Promise.all([
		sql<{ unitId: number; acceptedAt: Date; concludedAt: Date }[]>`
			select s.unit_id as "unitId", s.accepted_at as "acceptedAt", s.concluded_at as "concludedAt"
			  from unnest(${sql.array(units)}::int[]) as u(id)
			  cross join lateral (
				select unit_id, accepted_at, concluded_at from petition_item
				 where unit_id = u.id and concluded_at is not null and accepted_at is not null and concluded_at <= ${now}
				 order by concluded_at desc, id desc limit 20) s`,
		sql<{ unitId: number; n: number }[]>`
			select unit_id as "unitId", count(*)::int as n from petition_item
			 where unit_id = any(${sql.array(units)}::int[]) and clock = 'conclude' group by unit_id`,
		loadFacts(sql, candidates.map((c) => c.id))
	]);
	const concludedBy = new Map<number, Concluded[]>();
	for (const s of samples) (concludedBy.get(s.unitId) ?? concludedBy.set(s.unitId, []).get(s.unitId)!).push(s);
	const openBy = new Map(open.map((o) => [o.unitId, o.n]));
	const atRisk: { id: string; explanation: string }[] = [];
	for (const c of candidates) {
		const item = facts.get(c.id);
		if (!item) continue;
		const forecast = forecastConclusion(item, { concluded: concludedBy.get(c.unitId) ?? [], openCount: openBy.get(c.unitId) ?? 1 }, now, config);
		if (forecast.atRisk) atRisk.push({ id: c.id, explanation: forecast.explanation });
	}
	if (atRisk.length === 0) return [];
	const rows = new Map((await sql<ItemRow[]>`${SELECT(sql)} where i.id = any(${sql.array(atRisk.map((r) => r.id))}::bigint[])`).map((r) => [r.id, r]));
	return atRisk.filter((r) => rows.has(r.id)).map((r) => present(rows.get(r.id)!, r.explanation));
}

/** 包案 still being resolved past their deadline, longest overdue first. */
export async function stuckCases(sql: Sql, user: Principal, now: Date): Promise<CaseRow[]> {
	const today = localDate(now);
	const rows = await sql<Omit<CaseRow, 'daysOverdue' | 'reason'>[]>`
		select c.id, c.title, l.name as leader, l.title as "leaderTitle", u.name as "unitName", r.name as "regionName",
		       c.deadline::text as deadline, c.assigned_at as "assignedAt",
		       (select count(*)::int from lead_case_item ci where ci.case_id = c.id) as items
		  from lead_case c
		  join leader l on l.id = c.leader_id
		  join unit u on u.id = c.lead_unit_id
		  join region r on r.adcode = c.region
		 where ${user.scope} = any(r.path) and c.status = 'resolving' and c.deadline < ${today}::date
		   ${user.role === 'unit' ? sql`and (c.lead_unit_id = ${user.unitId} or exists (select 1 from lead_case_unit cu where cu.case_id = c.id and cu.unit_id = ${user.unitId}))` : sql``}
		 order by c.deadline, c.id
		 limit 500`;
	return rows.map((c) => {
		const daysOverdue = daysBetween(c.deadline, today);
		return { ...c, daysOverdue, reason: `限期化解 ${c.deadline} 已过 ${daysOverdue} 天，仍在化解中（包案领导：${c.leaderTitle}${c.leader}）` };
	});
}

/** Clusters approaching a group visit: same category and place within the rules' window, across channels (the wall counts the same). */
export const groupWarnings = (sql: Sql, user: Principal, config: Config, now: Date): Promise<NamedGroupWarning[]> => groupWarningsIn(sql, user.scope, config.rules, now);
