import { localClock } from '../time.ts';
/** One stop of the carousel: a layout shown for a region. */
export type Stop = { layout: string; region: string };

/** The carousel's stops: every region with every layout, in order (a region's layouts together). */
export function carouselStops(regions: string[], layouts: string[]): Stop[] {
	return regions.flatMap((region) => layouts.map((layout) => ({ layout, region })));
}

/** The next stop after the one shown (or the first, when the wall shows something else). */
export function nextStop(stops: Stop[], current: Stop): Stop | null {
	if (stops.length === 0) return null;
	const at = stops.findIndex((s) => s.layout === current.layout && s.region === current.region);
	return stops[(at + 1) % stops.length];
}

/** Whether the quiet-hours reload is due: local time (UTC+8) has reached HH:MM and the page is older than an hour. */
export function reloadDue(at: string | null, now: Date, loadedAt: Date): boolean {
	if (!at) return false;
	const local = localClock(now);
	return local === at && now.getTime() - loadedAt.getTime() > 3600_000;
}
