import { localDate } from '../domain/deadlines.ts';
import type { FeedEvent, PetitionPayload } from '../feed/protocol.ts';

/**
 * The volume figures of the first command screen, as of a feed seq. The server builds it from
 * rollups; the browser keeps it current by applying feed events. Pure: no I/O, no clock.
 */
export type VolumeSnapshot = {
	seq: number;
	/** local (Asia/Shanghai) day the figures are for, YYYY-MM-DD */
	today: string;
	region: { adcode: string; name: string };
	/** the boundary file to draw (a county is cut from its city's file) */
	map: string;
	/** the child regions drawn on the map */
	areas: { adcode: string; name: string }[];
	todayByArea: Record<string, number>;
	monthByArea: Record<string, number>;
	/** items per day for the 30 days ending today, oldest first */
	trend: { day: string; items: number }[];
};

/** The local (Asia/Shanghai) calendar day of an instant, given as a Date or ISO text. */
export const localDay = (instant: string | Date) => localDate(typeof instant === 'string' ? new Date(instant) : instant);

/** Which map area (a child of the snapshot's region) a region falls in, if any. */
function areaOf(snapshot: VolumeSnapshot, region: string): string | null {
	const provinceView = snapshot.region.adcode.endsWith('0000'); // province → cities, city or county → counties
	const area = provinceView ? region.slice(0, 4) + '00' : region;
	return area in snapshot.monthByArea ? area : null;
}

function count(snapshot: VolumeSnapshot, region: string, receivedAt: string, delta: number): void {
	const area = areaOf(snapshot, region);
	if (!area) return;
	const day = localDay(receivedAt);
	if (day === snapshot.today) snapshot.todayByArea[area] = (snapshot.todayByArea[area] ?? 0) + delta;
	if (day.slice(0, 7) === snapshot.today.slice(0, 7) && day <= snapshot.today)
		snapshot.monthByArea[area] = (snapshot.monthByArea[area] ?? 0) + delta;
	const point = snapshot.trend.find((p) => p.day === day);
	if (point) point.items += delta;
}

/**
 * Applies events in seq order, skipping any at or below the snapshot's seq (already counted).
 * Mutates and returns whether anything changed.
 */
export function applyVolumeEvents(snapshot: VolumeSnapshot, events: FeedEvent[]): boolean {
	let changed = false;
	for (const event of events) {
		if (event.seq <= snapshot.seq) continue;
		snapshot.seq = event.seq;
		if (event.topic !== 'petition') continue;
		const item = event.payload as PetitionPayload;
		if (event.op === 'delete') {
			count(snapshot, item.region, item.receivedAt, -1);
		} else {
			if (event.op === 'update' && item.prev) {
				if (item.prev.region === item.region && item.prev.receivedAt === item.receivedAt) continue;
				count(snapshot, item.prev.region, item.prev.receivedAt, -1);
			}
			count(snapshot, item.region, item.receivedAt, 1);
		}
		changed = true;
	}
	return changed;
}

export const total = (byArea: Record<string, number>) => Object.values(byArea).reduce((a, b) => a + b, 0);
