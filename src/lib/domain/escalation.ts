/**
 * Escalation signals: 越级 (skipping levels), 群体访 (group visits) and 信访上行 (a matter climbing
 * the levels). Repeat matching lives in repeats.ts, the group-visit early warning in groups.ts.
 */
import { levelOf, regionInScope } from './access.ts';
import { localDate } from './deadlines.ts';
import type { Rules } from './rules.ts';

export const bodyLevels = { township: '乡镇', county: '县级', city: '市级', province: '省级', national: '国家' } as const;
export type BodyLevel = keyof typeof bodyLevels;
const rank: Record<BodyLevel, number> = { township: 0, county: 1, city: 2, province: 3, national: 4 };

/** The national bureau's (国家信访局) code as a body that receives petitions: 100000, 中华人民共和国. */
export const NATIONAL_BODY = '100000';

/** The level of a body by its region's adcode; 100000 (中华人民共和国) is national. */
export const bodyLevelOf = (adcode: string): BodyLevel => (adcode === NATIONAL_BODY ? 'national' : levelOf(adcode));

export type SkipLevel = { isSkipLevel: boolean; levelsUp: number; explanation: string };

/**
 * 越级: a petition should go to the body with power to handle it, at the same level or one level
 * up; going two or more levels above the competent body is 越级.
 */
export function skipLevel(competent: BodyLevel, visited: BodyLevel): SkipLevel {
	const levelsUp = rank[visited] - rank[competent];
	const isSkipLevel = levelsUp >= 2;
	const head = `有权处理机关为${bodyLevels[competent]}，本次到${bodyLevels[visited]}`;
	const explanation =
		levelsUp <= 0 ? `${head}，属同级或下级，不是越级` : levelsUp === 1 ? `${head}，属上一级，不是越级` : `${head}，高出 ${levelsUp} 级，属越级`;
	return { isSkipLevel, levelsUp, explanation };
}

/** 北京, 天津, 上海, 重庆: their districts and counties are governed by the municipality itself. */
const MUNICIPALITIES = new Set(['11', '12', '31', '50']);

/**
 * The body directly above a region's (GB/T 2260): a county's city, except where the province
 * governs it directly — a 直辖市's districts and counties, and a 省直辖县级行政区划 (city part 90,
 * such as 湖北省仙桃市 429004); a city's province; a province's the nation; null for the nation.
 */
export function parentBody(adcode: string): string | null {
	if (adcode === NATIONAL_BODY) return null;
	const province = `${adcode.slice(0, 2)}0000`;
	switch (levelOf(adcode)) {
		case 'province':
			return NATIONAL_BODY;
		case 'city':
			return province;
		default:
			return MUNICIPALITIES.has(adcode.slice(0, 2)) || adcode.slice(2, 4) === '90' ? province : `${adcode.slice(0, 4)}00`;
	}
}

/**
 * 越级 by regions: the competent body's region and the visited body's region (adcodes). Levels are
 * counted along the real line of bodies (parentBody): a 直辖市's district that goes to the
 * municipality goes one level up, not two. A body outside the competent region's line (another
 * city or province) is not a higher level of it.
 */
export function skipLevelByRegion(competentRegion: string, visitedRegion: string): SkipLevel {
	const visited = bodyLevelOf(visitedRegion);
	if (visited !== 'national' && !regionInScope(visitedRegion, competentRegion))
		return { isSkipLevel: false, levelsUp: 0, explanation: `到访机关（${visitedRegion}）不是有权处理机关（${competentRegion}）的上级，不按越级认定` };
	const competent = bodyLevelOf(competentRegion);
	let steps = 0;
	for (let at: string | null = competentRegion; at !== null && at !== visitedRegion; at = parentBody(at)) steps++;
	const byLevel = skipLevel(competent, visited);
	if (steps === byLevel.levelsUp || steps === 0) return byLevel;
	// a line with a level missing (the province governs the county directly)
	const head = `有权处理机关为${bodyLevels[competent]}（直辖市的区县、省直辖县级市，上一级即为省级），本次到${bodyLevels[visited]}`;
	return { isSkipLevel: steps >= 2, levelsUp: steps, explanation: steps === 1 ? `${head}，属上一级，不是越级` : `${head}，高出 ${steps} 级，属越级` };
}

/** 群体访: headcount at or above the group threshold (5 by default; representatives are limited to 5). */
export function groupVisit(headcount: number, rules: Pick<Rules, 'groupThreshold'>): { isGroupVisit: boolean; explanation: string } {
	const isGroupVisit = headcount >= rules.groupThreshold;
	return { isGroupVisit, explanation: `${headcount} 人${isGroupVisit ? '，达到' : '，未达到'}群体访标准（${rules.groupThreshold} 人及以上）` };
}

/** One sighting of a matter at a body (the same matter, already matched). */
export type Sighting = { id: string | number; at: Date; level: BodyLevel; region: string };
export type UpwardChain = { climbing: boolean; chain: Sighting[]; explanation: string };

/**
 * 信访上行: the longest run of sightings, in time order, each at a higher level than the one
 * before and above it in the same line (county → its city → its province → national).
 */
export function upwardChain(sightings: Sighting[]): UpwardChain {
	const sorted = [...sightings].sort((a, b) => a.at.getTime() - b.at.getTime() || rank[a.level] - rank[b.level]);
	const above = (hi: Sighting, lo: Sighting) =>
		rank[hi.level] > rank[lo.level] && hi.at.getTime() >= lo.at.getTime() && (hi.level === 'national' || regionInScope(hi.region, lo.region));
	// longest chain ending at each sighting (n is small: the sightings of one matter)
	const best: Sighting[][] = [];
	for (const [i, s] of sorted.entries()) {
		let chain = [s];
		for (let j = 0; j < i; j++) if (above(s, sorted[j]) && best[j].length + 1 > chain.length) chain = [...best[j], s];
		best.push(chain);
	}
	const chain = best.reduce<Sighting[]>((a, b) => (b.length > a.length ? b : a), []);
	const climbing = chain.length >= 2;
	const path = chain.map((s) => bodyLevels[s.level]).join(' → ');
	const explanation = climbing ? `同一事项逐级上行：${path}` : '未见逐级上行';
	return { climbing, chain: climbing ? chain : [], explanation };
}

/** One item of a matter (the item and those its 重复 links join it to), where it was received. */
export type MatterItem = { id: string; serial: string; receivedAt: Date; receivedBy: string | null };
export type MatterClimb = { climbing: boolean; explanation: string; chain: { id: string; serial: string; level: string; day: string }[] };

/**
 * 信访上行 over the items of one matter, as an item's page shows it: the climb, each step with its
 * item, its level and its day. An item whose receiving body is not known (history imported without
 * its 研判) cannot be placed and is left out.
 */
export function matterClimb(items: MatterItem[]): MatterClimb {
	if (items.length < 2) return { climbing: false, explanation: '未发现同一事项的其他信访件', chain: [] };
	const known = items.filter((i) => i.receivedBy !== null && /^[1-9]\d{5}$/.test(i.receivedBy));
	const found = upwardChain(known.map((i) => ({ id: i.id, at: i.receivedAt, level: bodyLevelOf(i.receivedBy!), region: i.receivedBy! })));
	const byId = new Map(known.map((i) => [i.id, i]));
	const chain = found.chain.map((s) => ({ id: String(s.id), serial: byId.get(String(s.id))!.serial, level: bodyLevels[s.level], day: localDate(s.at) }));
	return { climbing: found.climbing, explanation: found.climbing ? found.explanation : `同一事项共 ${items.length} 件，${found.explanation}`, chain };
}
