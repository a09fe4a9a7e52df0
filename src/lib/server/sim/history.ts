/**
 * Months of petition items, in memory and in receipt order, so that item k gets id k when the
 * rows are copied into a fresh identity column. Pure: the same inputs give the same items.
 */
import type { Category, Channel, ItemType } from '../../domain/vocabulary.ts';
import { startOfLocalDay } from '../../domain/deadlines.ts';
import { detect, type Detection } from '../../domain/detection.ts';
import type { PetitionSignature } from '../../domain/repeats.ts';
import { DEFAULT_RULES } from '../../domain/rules.ts';
import { lifecycleAt, planLifecycle, type Lifecycle } from './lifecycle.ts';
import { responsibleUnit, type Organs } from './organs.ts';
import { idNumber, mobile, person } from './people.ts';
import { weightTable, type Random, type WeightTable } from './random.ts';
import type { Region } from './regions.ts';
import * as shape from './shape.ts';
import { summary } from './texts.ts';
import { planDays } from './window.ts';

export type Petitioner = { id: number; name: string; idNumber: string; phone: string | null; region: string; createdAt: number };

export type Item = {
	id: number;
	serial: string;
	channel: Channel;
	receivedAt: number;
	region: string;
	category: Category;
	type: ItemType;
	summary: string;
	petitionerId: number | null;
	headcount: number;
	unitId: number;
	skipLevel: boolean;
	repeatOf: number | null;
	/** the body that received it: the province when the draw sent the person there, else the county */
	receivedBy: string;
	life: Lifecycle;
};

const signatureOf = (i: Item): PetitionSignature => ({
	id: i.id, receivedAt: new Date(i.receivedAt), petitionerHash: i.petitionerId === null ? null : String(i.petitionerId),
	respondent: null, unitId: i.unitId, category: i.category, summary: i.summary, region: i.region
});

export type HistoryOptions = { items: number; months: number; now: Date; onProgress?: (done: number) => void };

export function generateHistory(regions: Region[], organs: Organs, rng: Random, options: HistoryOptions) {
	const { now, onProgress } = options;
	const counties = regions.filter((r) => r.level === 'county');
	const byCode = new Map(regions.map((r) => [r.adcode, r]));
	const weights = shape.countyWeights(counties as { adcode: string; parent: string }[], rng.fork('weights'));
	const countyTable: WeightTable<Region> = weightTable(counties.map((c) => [c, weights.get(c.adcode)!] as const));
	const items: Item[] = [];
	const petitioners: Petitioner[] = [];
	const issuedIds = new Set<string>();
	const countiesOf = new Map<string, Region[]>();
	for (const c of counties) countiesOf.set(c.parent!, [...(countiesOf.get(c.parent!) ?? []), c]);

	const newPetitioner = (home: Region, at: number, channel: Channel): number => {
		const who = person(rng, new Date(at));
		// a 县 of residence: mostly where the matter is, sometimes elsewhere in the city
		const region = rng.chance(0.9) ? home : rng.pick(countiesOf.get(home.parent!)!);
		let sequence = rng.int(0, 499);
		let id = idNumber(region.adcode, who.birth, who.male, sequence);
		while (issuedIds.has(id)) id = idNumber(region.adcode, who.birth, who.male, (sequence = (sequence + 1) % 500));
		issuedIds.add(id);
		const phone = channel === 'letter' && rng.chance(0.3) ? null : mobile(rng);
		petitioners.push({ id: petitioners.length + 1, name: who.name, idNumber: id, phone, region: region.adcode, createdAt: at });
		return petitioners.length;
	};

	for (const day of planDays(now, options.months, options.items, rng.fork('days'))) {
		const weekend = shape.isWeekend(day.date);
		const channels = shape.channelTable(day.progress, weekend);
		const categories = shape.categoryTable(day.date);
		const midnight = startOfLocalDay(day.date).getTime();
		const compact = day.date.replaceAll('-', '');
		const serials = new Map<string, number>();

		const slots: { at: number; channel: Channel }[] = [];
		for (let i = 0; i < day.count; i++) {
			const channel = rng.weighted(channels);
			let at = midnight + shape.arrivalSecond(rng, channel) * 1000;
			for (let tries = 0; (at < day.from || at > day.to) && tries < 20; tries++) at = midnight + shape.arrivalSecond(rng, channel) * 1000;
			if (at < day.from || at > day.to) at = day.from + Math.floor(rng.next() * (day.to - day.from) / 1000) * 1000;
			slots.push({ at, channel });
		}
		slots.sort((a, b) => a.at - b.at);

		for (const { at, channel } of slots) {
			let earlier: Item | null = null;
			if (items.length > 0 && rng.chance(shape.repeatProbability(day.index))) {
				// someone who came before, usually recently; a matter settled to their satisfaction rarely returns
				const recent = () => items[items.length - 1 - Math.floor(items.length * rng.next() ** 3)];
				earlier = recent();
				if (earlier.life.satisfaction === 'satisfied' && (earlier.life.evaluatedAt ?? Infinity) <= at) earlier = recent();
				if (earlier.petitionerId === null) earlier = null;
			}
			const sameMatter = earlier !== null && rng.chance(shape.SAME_MATTER_SHARE);
			let region: Region, category: Category, type: ItemType, petitionerId: number | null, group: boolean;
			if (earlier && sameMatter) {
				region = byCode.get(earlier.region)!;
				[category, type, petitionerId] = [earlier.category, earlier.type, earlier.petitionerId];
				group = earlier.headcount >= 5 && rng.chance(0.7);
			} else if (earlier) {
				petitionerId = earlier.petitionerId;
				region = byCode.get(petitioners[petitionerId! - 1].region)!;
				category = rng.weighted(categories);
				type = rng.weighted(shape.typeTable(category));
				group = false;
			} else {
				group = rng.chance(shape.GROUP_PROBABILITY[channel]);
				region = rng.weighted(countyTable);
				category = rng.weighted(group ? shape.GROUP_CATEGORY : categories);
				type = rng.weighted(shape.typeTable(category));
				// anonymous 检举控告 letters carry no identity
				petitionerId = type === 'complaint' && channel === 'letter' && rng.chance(0.3) ? null : newPetitioner(region, at, channel);
			}
			const headcount = shape.headcount(rng, group);
			const skipLevel = rng.chance(shape.skipLevelProbability(channel, sameMatter, day.date));
			const unit = responsibleUnit(organs, region, category, skipLevel, rng);
			const sequence = (serials.get(region.adcode) ?? 0) + 1;
			serials.set(region.adcode, sequence);
			// the same matter is told again in the same words (the draw is still made, so the stream stays the same)
			const drawn = summary(rng, category, headcount);
			const text = sameMatter ? earlier!.summary : drawn;
			// marked by the rules registration applies (domain/detection.ts): a 越级 draw means the person went to the province
			const receivedBy = skipLevel ? region.path[0] : region.adcode;
			const signals = detect(
				{ id: items.length + 1, receivedAt: new Date(at), petitionerHash: petitionerId === null ? null : String(petitionerId), respondent: null, unitId: unit.id, category, summary: text, region: region.adcode, headcount, channel, receivedBy },
				earlier ? [signatureOf(earlier)] : [],
				DEFAULT_RULES
			);
			const hard = headcount >= 5 || sameMatter || skipLevel;
			items.push({
				id: items.length + 1,
				serial: `${region.adcode}-${compact}-${String(sequence).padStart(6, '0')}`,
				channel,
				receivedAt: at,
				region: region.adcode,
				category,
				type,
				summary: text,
				petitionerId,
				headcount,
				unitId: unit.id,
				skipLevel: signals.skipLevel.isSkipLevel,
				repeatOf: signals.repeat ? Number(signals.repeat.earlierId) : null,
				receivedBy,
				life: lifecycleAt(planLifecycle(rng, at, category, type, hard), now.getTime())
			});
		}
		onProgress?.(items.length);
	}
	return { items, petitioners };
}

/**
 * The 研判 registration stores, for the items of a matter told more than once (a repeat and the
 * item it repeats): what the item page and 信访上行 read. Other items keep none, as imported
 * history does (on all 200,000 of the demo it would be ~100 MB). Item k is items[k - 1].
 */
export function matterDetections(items: Item[]): Map<number, Detection> {
	const involved = new Set<number>();
	for (const item of items) if (item.repeatOf !== null) involved.add(item.id).add(item.repeatOf);
	const out = new Map<number, Detection>();
	for (const id of involved) {
		const item = items[id - 1];
		const earlier = item.repeatOf === null ? [] : [signatureOf(items[item.repeatOf - 1])];
		out.set(id, detect({ ...signatureOf(item), headcount: item.headcount, channel: item.channel, receivedBy: item.receivedBy }, earlier, DEFAULT_RULES));
	}
	return out;
}
