/**
 * 领导包案: a few hundred hard matters (重复访, 群体访, 积案 past their due date) assigned to a
 * named leader with a lead unit, co-units for 稳控 and a plan. One case covers a repeat chain of
 * the same matter, or a few hard items of the same place and kind (一案一档).
 */
import { addDays, localDate } from '../../domain/deadlines.ts';
import type { Item } from './history.ts';
import { officeInstant } from './lifecycle.ts';
import type { Leader, Organs } from './organs.ts';
import type { Random } from './random.ts';
import type { Region } from './regions.ts';
import { caseTitle, casePlan } from './texts.ts';

export type LeadCase = {
	id: number;
	title: string;
	leaderId: number;
	leadUnitId: number;
	region: string;
	plan: string;
	assignedAt: number;
	deadline: string;
	status: 'resolving' | 'resolved' | 'settled';
	resolvedAt: number | null;
	itemIds: number[];
	coUnitIds: number[];
};

const DAY = 86_400_000;

/** Open past its 办结 date at `now`, or never routed/accepted in time: the overdue backlog. */
export function isOverdue(item: Item, today: string): boolean {
	const { life } = item;
	if (life.concludedAt !== undefined || life.rejectedAt !== undefined || life.divertedAt !== undefined) return false;
	const due = life.acceptedAt !== undefined ? addDays(localDate(new Date(life.acceptedAt)), 60 + life.extendedDays)
		: life.routedAt !== undefined ? addDays(localDate(new Date(life.routedAt)), 15)
		: addDays(localDate(new Date(item.receivedAt)), 15);
	return due < today;
}

export function buildCases(items: Item[], regions: Region[], organs: Organs, surnames: (item: Item) => string, rng: Random, now: Date): LeadCase[] {
	const today = localDate(now);
	const byCode = new Map(regions.map((r) => [r.adcode, r]));
	const units = organs.units;
	const leadersOf = new Map<string, Leader[]>();
	for (const l of organs.leaders) leadersOf.set(`${l.region}/${l.level}`, [...(leadersOf.get(`${l.region}/${l.level}`) ?? []), l]);
	const followers = new Map<number, Item[]>(); // repeat_of → the items that came back on it
	for (const item of items) if (item.repeatOf !== null) followers.set(item.repeatOf, [...(followers.get(item.repeatOf) ?? []), item]);

	const hard = items.filter((i) => i.headcount >= 5 || i.repeatOf !== null || isOverdue(i, today));
	const target = Math.min(hard.length, Math.max(5, Math.round(items.length / 650)));
	const used = new Set<number>();
	const cases: LeadCase[] = [];
	for (const root of rng.shuffle([...hard])) {
		if (cases.length >= target) break;
		if (used.has(root.id)) continue;
		// the whole chain of the same matter: back along repeat_of, then forward to those who came again
		let first = root;
		while (first.repeatOf !== null && !used.has(first.repeatOf)) first = items[first.repeatOf - 1];
		const chain: Item[] = [];
		const walk = (item: Item) => {
			if (chain.length >= 5 || used.has(item.id)) return;
			chain.push(item);
			for (const next of followers.get(item.id) ?? []) walk(next);
		};
		walk(first);
		if (!chain.includes(root)) chain.push(root);
		chain.sort((a, b) => a.id - b.id);
		for (const item of chain) used.add(item.id);

		const persons = Math.max(...chain.map((i) => i.headcount));
		const escalated = chain.some((i) => i.skipLevel) || persons >= 20;
		const county = byCode.get(root.region)!;
		const level = escalated ? (rng.chance(persons >= 20 ? 0.3 : 0.1) ? 'province' : 'city') : persons >= 5 || rng.chance(0.5) ? 'county' : 'township';
		const leaderRegion = level === 'province' ? county.path[0] : level === 'city' ? county.parent! : county.adcode;
		const leaders = leadersOf.get(`${leaderRegion}/${level}`) ?? leadersOf.get(`${county.adcode}/county`)!;
		const leader = rng.pick(leaders);
		const leadUnit = units[root.unitId - 1];
		const nearby = units.filter((u) => (u.region === county.adcode || u.region === county.parent) && u.id !== leadUnit.id && ['公安', '信访', '乡镇'].includes(u.sector));
		const coUnits = rng.shuffle(nearby).slice(0, rng.int(1, 3)).sort((a, b) => a.id - b.id);

		const latest = Math.max(...chain.map((i) => i.receivedAt));
		let assignedAt = officeInstant(rng, latest, rng.int(2, 20));
		if (assignedAt > now.getTime()) assignedAt = latest + Math.floor(rng.next() * (now.getTime() - latest) / 1000) * 1000;
		const age = (now.getTime() - assignedAt) / DAY;
		const done = age > 7 && rng.chance(Math.min(0.85, age / 120));
		const resolvedAt = done ? Math.min(now.getTime(), assignedAt + Math.round(rng.uniform(7, Math.max(8, age)) * DAY)) : null;
		cases.push({
			id: cases.length + 1,
			title: caseTitle(county.path.slice(1).map((c) => byCode.get(c)!.name).join(''), surnames(root), root.category, chain.length, persons),
			leaderId: leader.id,
			leadUnitId: leadUnit.id,
			region: county.adcode,
			plan: casePlan(leader.title, leadUnit.name, coUnits.map((u) => u.name)),
			assignedAt,
			deadline: addDays(localDate(new Date(assignedAt)), rng.pick([30, 60, 90])),
			status: done ? (rng.chance(0.6) ? 'resolved' : 'settled') : 'resolving',
			resolvedAt,
			itemIds: chain.map((i) => i.id),
			coUnitIds: coUnits.map((u) => u.id)
		});
	}
	return cases;
}
