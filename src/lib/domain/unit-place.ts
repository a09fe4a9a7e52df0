/**
 * 属地管理 for units (《信访工作条例》"属地管理、分级负责"): a unit may handle an item of a place
 * when it is a unit of that place or of a place above it — the place's region path (province,
 * city, county), as the region table stores it. Registration names such a unit
 * (`unitsServing` in server/intake/directory.ts is this rule in SQL), and 转送交办 and 改派 may
 * only hand the item to one (lifecycle-plans.ts). Pure.
 */
export type Place = {
	/** the item's region and the regions above it, as region.path (e.g. 370000, 370100, 370102) */
	path: readonly string[];
	/** its name, for the refusal (历下区) */
	name?: string;
};

/** Whether a unit of `unitRegion` may handle an item of `place`: its own place or one above it. */
export function unitServesPlace(unitRegion: string, place: Place): boolean {
	return place.path.includes(unitRegion);
}

/** The rule in words, as registration and the lifecycle say it: 须是历下区或其上级地区的单位. */
export const placeRuleText = (place: Place, region: string) => `须是${place.name ?? region}或其上级地区的单位`;

/** How near a unit's place is to the item's (0: the item's own, 1: the one above …); -1 when it may not handle it. */
export function placeDistance(unitRegion: string, place: Place): number {
	const at = place.path.indexOf(unitRegion);
	return at < 0 ? -1 : place.path.length - 1 - at;
}
