/**
 * Pickers by place instead of codes: the regions of a scope as a tree (province → city →
 * county) and units grouped under the region they belong to. Pure; the rows come from the server.
 */

/** A region as the pickers read it (GB/T 2260 adcode). */
export type RegionRow = { adcode: string; name: string; level: 'province' | 'city' | 'county'; parent: string | null };

/** One choice of a region picker: its label says where it sits in the tree. */
export type RegionChoice = { adcode: string; name: string; depth: number };
/** A city with its counties, or the province itself (no counties). */
export type RegionGroup = { label: string; choices: RegionChoice[] };

/**
 * Groups regions for a picker: the top region first, then each city with the city itself
 * ("全市") and its counties, in adcode order. Regions whose parent is not listed stand alone.
 */
export function regionGroups(regions: RegionRow[]): RegionGroup[] {
	const sorted = [...regions].sort((a, b) => (a.adcode < b.adcode ? -1 : a.adcode > b.adcode ? 1 : 0));
	const groups: RegionGroup[] = [];
	const cities = new Map<string, RegionGroup>();
	for (const r of sorted) {
		if (r.level === 'province') groups.push({ label: r.name, choices: [{ adcode: r.adcode, name: `${r.name}（全省）`, depth: 0 }] });
		else if (r.level === 'city') {
			const group = { label: r.name, choices: [{ adcode: r.adcode, name: `${r.name}（全市）`, depth: 1 }] };
			cities.set(r.adcode, group);
			groups.push(group);
		} else {
			const city = cities.get(r.parent ?? '');
			if (city) city.choices.push({ adcode: r.adcode, name: r.name, depth: 2 });
			else groups.push({ label: r.name, choices: [{ adcode: r.adcode, name: r.name, depth: 2 }] });
		}
	}
	return groups;
}

/** The name a region goes by in a picker's label: "济南市 · 历下区". */
export function regionPath(regions: RegionRow[], adcode: string): string {
	const byCode = new Map(regions.map((r) => [r.adcode, r]));
	const names: string[] = [];
	for (let r = byCode.get(adcode); r; r = r.parent ? byCode.get(r.parent) : undefined) names.unshift(r.name);
	return names.join(' · ');
}

export type UnitRow = { id: number; name: string; region: string };
export type UnitGroup = { label: string; units: { id: number; name: string }[] };

/**
 * Units grouped by the city their region belongs to (a province's own units first, under the
 * province's name), each group in name order: 1,800 units read as 17 short lists.
 */
export function unitGroups(units: UnitRow[], regions: RegionRow[]): UnitGroup[] {
	const byCode = new Map(regions.map((r) => [r.adcode, r]));
	const cityOf = (adcode: string): RegionRow | undefined => {
		let r = byCode.get(adcode);
		while (r && r.level === 'county') r = r.parent ? byCode.get(r.parent) : undefined;
		return r;
	};
	const groups = new Map<string, UnitGroup & { adcode: string }>();
	for (const u of units) {
		const home = cityOf(u.region);
		const key = home?.adcode ?? u.region;
		let group = groups.get(key);
		if (!group) groups.set(key, (group = { adcode: key, label: home?.name ?? u.region, units: [] }));
		group.units.push({ id: u.id, name: u.name });
	}
	return [...groups.values()]
		.sort((a, b) => (a.adcode < b.adcode ? -1 : 1))
		.map(({ label, units }) => ({ label, units: units.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN')) }));
}

/** Whether a unit name matches what was typed in a picker's search box (every word, any order). */
export function matchesSearch(name: string, typed: string): boolean {
	const words = typed.trim().split(/\s+/).filter(Boolean);
	return words.every((w) => name.includes(w));
}
