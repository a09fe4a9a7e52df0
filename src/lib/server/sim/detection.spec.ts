import { describe, expect, it } from 'vitest';
import { detect } from '../../domain/detection.ts';
import { findRepeat, type PetitionSignature } from '../../domain/repeats.ts';
import { DEFAULT_RULES } from '../../domain/rules.ts';
import { matterClimb } from '../../domain/escalation.ts';
import { generateHistory, matterDetections, type Item } from './history.ts';
import { buildOrgans } from './organs.ts';
import { person } from './people.ts';
import { createRandom } from './random.ts';
import { loadRegions } from './regions.ts';

const NOW = new Date('2026-12-04T12:00:00+08:00');
const signature = (i: Item): PetitionSignature => ({
	id: i.id, receivedAt: new Date(i.receivedAt), petitionerHash: i.petitionerId === null ? null : String(i.petitionerId),
	respondent: null, unitId: i.unitId, category: i.category, summary: i.summary, region: i.region
});

describe('the generated history is marked as registration would mark it (domain/detection.ts)', async () => {
	const regions = await loadRegions();
	const rng = createRandom('detection');
	const organs = buildOrgans(regions, rng.fork('organs'), (r) => person(r, NOW).name);
	const { items } = generateHistory(regions, organs, rng.fork('history'), { items: 4000, months: 3, now: NOW });
	const byId = new Map(items.map((i) => [i.id, i]));

	it('has repeats, 越级 and groups to compare', () => {
		expect(items.filter((i) => i.repeatOf !== null).length).toBeGreaterThan(100);
		expect(items.filter((i) => i.skipLevel).length).toBeGreaterThan(20);
		expect(items.filter((i) => i.headcount >= DEFAULT_RULES.groupThreshold).length).toBeGreaterThan(0);
	});

	it('the generator links exactly the repeats findRepeat finds among the person’s earlier items', () => {
		const earlierOf = new Map<number, Item[]>();
		const missed: number[] = [];
		const unlinked: number[] = [];
		for (const item of items) {
			if (item.petitionerId === null) continue;
			const earlier = earlierOf.get(item.petitionerId) ?? [];
			if (item.repeatOf !== null) {
				const found = findRepeat(signature(item), earlier.map(signature), DEFAULT_RULES);
				if (!found) missed.push(item.id);
				else expect(byId.get(Number(found.earlierId))!.petitionerId).toBe(item.petitionerId);
			} else if (findRepeat(signature(item), earlier.map(signature), DEFAULT_RULES)) unlinked.push(item.id);
			earlierOf.set(item.petitionerId, [...earlier, item]);
		}
		expect(missed).toEqual([]);
		expect(unlinked).toEqual([]);
	});

	it('the rule the generator’s 越级 draw stands for: the province is two levels above a county, the city one; a visit’s only', () => {
		for (const item of items.slice(0, 2000)) {
			const county = regions.find((r) => r.adcode === item.region)!;
			const province = detect({ ...signature(item), headcount: item.headcount, channel: item.channel, receivedBy: county.path[0] }, [], DEFAULT_RULES);
			const city = detect({ ...signature(item), headcount: item.headcount, channel: item.channel, receivedBy: county.parent! }, [], DEFAULT_RULES);
			expect(province.skipLevel).toMatchObject({ isSkipLevel: item.channel === 'visit', levelsUp: 2 });
			expect(city.skipLevel.isSkipLevel).toBe(false);
		}
	});
	it('stores the 研判 of the items of a matter told more than once, as registration found it, so some matters climb (信访上行)', () => {
		const detections = matterDetections(items);
		const repeats = items.filter((i) => i.repeatOf !== null);
		for (const item of repeats) {
			expect(detections.get(item.id)?.repeat?.earlierId, `item ${item.id}`).toBe(String(item.repeatOf));
			expect(detections.has(item.repeatOf!), `item ${item.repeatOf}`).toBe(true);
		}
		for (const [id, d] of detections) {
			const item = byId.get(id)!;
			expect([d.skipLevel.isSkipLevel, d.skipLevel.receivedBy]).toEqual([item.skipLevel, item.receivedBy]);
		}
		expect(detections.size).toBeLessThan(items.length / 2);
		const matter = (i: Item) => ({ id: String(i.id), serial: i.serial, receivedAt: new Date(i.receivedAt), receivedBy: i.receivedBy });
		const climbing = repeats.filter((i) => matterClimb([matter(byId.get(i.repeatOf!)!), matter(i)]).climbing);
		expect(climbing.length).toBeGreaterThan(0);
	});
});
