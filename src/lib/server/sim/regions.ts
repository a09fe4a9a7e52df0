import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { RegionLevel } from '../../domain/vocabulary.ts';

export const REGIONS_FILE = fileURLToPath(new URL('../../../../db/seed/regions.json', import.meta.url));

/** One entry of db/seed/regions.json. */
export type SeedRegion = { adcode: string; name: string; level: RegionLevel; parent: string | null; center: [number, number] };

/** A region with its adcode path from the province down, as the region table stores it. */
export type Region = SeedRegion & { path: string[] };

/** Reads the bundled regions and derives each one's path; the order is the file's (by adcode). */
export async function loadRegions(file = REGIONS_FILE): Promise<Region[]> {
	const seed = JSON.parse(await readFile(file, 'utf8')) as SeedRegion[];
	const byCode = new Map(seed.map((r) => [r.adcode, r]));
	const pathOf = (r: SeedRegion, depth = 0): string[] => {
		if (depth > 3) throw new Error(`行政区划层级有环：${r.adcode}`);
		if (r.parent === null) return [r.adcode];
		const parent = byCode.get(r.parent);
		if (!parent) throw new Error(`行政区划 ${r.adcode} 的上级 ${r.parent} 不在 ${file} 中`);
		return [...pathOf(parent, depth + 1), r.adcode];
	};
	// parents first, so a plain insert in this order satisfies the foreign key
	return seed.map((r) => ({ ...r, path: pathOf(r) })).sort((a, b) => a.path.length - b.path.length || (a.adcode < b.adcode ? -1 : 1));
}
