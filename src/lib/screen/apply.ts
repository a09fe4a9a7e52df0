import type { FeedEvent, FeedFrame, PetitionPayload } from '../feed/protocol.ts';
import type { NetChange } from '../feed/net.ts';
import { keepUnchanged } from './share.ts';
import { localDay } from '../time.ts';
import { daysBetween } from '../domain/deadlines.ts';
import { LIGHTS, noLights, type Bucket, type Light, type OverdueItem, type PeriodKey, type WallSnapshot } from './wall.ts';

const PERIODS: PeriodKey[] = ['today', 'yesterday', 'todayLastYear', 'week', 'lastWeek', 'weekLastYear', 'month', 'lastMonth', 'monthLastYear'];

/** A change worth a brief highlight on the wall (never a flashing screen). */
export type Highlight = { kind: 'red' | 'group'; area: string; seq: number };
export type ApplyResult = { changed: boolean; highlights: Highlight[]; refetch: boolean };

const OVERDUE_LIST = 8;

/** What one petition row contributes to the wall's counts. */
type Row = { region: string; receivedAt: string; channel: string; category: string; headcount: number; skipLevel: boolean; repeat: boolean; light?: string; unitId?: number | null };

/** Which map area (a child of the snapshot's region, or the county itself) a region falls in. */
export function areaOf(s: WallSnapshot, region: string): string | null {
	const area = s.region.level === 'province' ? region.slice(0, 4) + '00' : region;
	return area in s.monthByArea ? area : null;
}

const bump = (map: Record<string, number>, key: string, n: number) => (map[key] = (map[key] ?? 0) + n);
const isLight = (l: string | undefined): l is Light => !!l && (LIGHTS as string[]).includes(l);

function count(s: WallSnapshot, row: Row, sign: number): void {
	const area = areaOf(s, row.region);
	if (!area) return;
	const day = localDay(row.receivedAt);
	const group = row.headcount >= s.groupThreshold;
	for (const key of PERIODS) {
		const b = s.periods[key];
		if (day < b.from || day > b.to) continue;
		b.items += sign;
		b.persons += sign * row.headcount;
		if (row.skipLevel) b.skipLevel += sign;
		if (row.repeat) b.repeats += sign;
		if (group) {
			b.groupBatches += sign;
			b.groupPersons += sign * row.headcount;
		}
		bump(b.channels, row.channel, sign);
		bump(b.categories, row.category, sign);
	}
	const inMonth = day >= s.periods.month.from && day <= s.today;
	if (day === s.today) bump(s.todayByArea, area, sign);
	if (inMonth) bump(s.monthByArea, area, sign);
	if (day === s.today && group) bump(s.groupsByArea, area, sign);
	if (inMonth && row.skipLevel) bump(s.skipByArea, area, sign);
	// the trend is consecutive days: find the day by its distance from the first
	const at = s.trend.length ? daysBetween(s.trend[0].day, day) : -1;
	if (at >= 0 && at < s.trend.length) s.trend[at].items += sign;
	countLight(s, row, area, sign);
}

function countLight(s: WallSnapshot, row: Row, area: string, sign: number): void {
	if (!isLight(row.light)) return;
	s.lights[row.light] += sign;
	(s.lightsByArea[area] ??= noLights())[row.light] += sign;
	if (row.light === 'red') {
		const unit = s.overdueUnits.find((u) => u.unitId === (row.unitId ?? 0));
		if (unit) unit.red += sign;
	}
}

/** Whether an update leaves every received-volume figure as it was (a status or light change: most updates). */
const sameVolume = (a: Row, b: Row) =>
	a.region === b.region && a.receivedAt === b.receivedAt && a.channel === b.channel && a.category === b.category &&
	a.headcount === b.headcount && a.skipLevel === b.skipLevel && a.repeat === b.repeat;

/** Keeps the top overdue list: an item turning red joins (if it is among the oldest), one leaving red goes. */
function track(s: WallSnapshot, item: PetitionPayload, gone: boolean): void {
	const at = s.overdueItems.findIndex((o) => o.id === item.id);
	const red = !gone && item.light === 'red' && areaOf(s, item.region) !== null;
	if (!red) {
		if (at >= 0) s.overdueItems.splice(at, 1);
		return;
	}
	const unit = s.overdueUnits.find((u) => u.unitId === (item.unitId ?? 0))?.name ?? null;
	const entry: OverdueItem = { id: item.id, serial: item.serial, region: item.region, category: item.category, unit, clockDue: item.clockDue ?? null };
	if (at >= 0) s.overdueItems[at] = { ...entry, unit: s.overdueItems[at].unit ?? unit };
	else s.overdueItems.push(entry);
	s.overdueItems.sort((a, b) => (a.clockDue ?? '').localeCompare(b.clockDue ?? '') || a.id - b.id);
	s.overdueItems.length = Math.min(s.overdueItems.length, OVERDUE_LIST);
}

const rowOf = (p: PetitionPayload): Row => ({ ...p, skipLevel: !!p.skipLevel, repeat: !!p.repeat });

/**
 * Applies feed events in seq order, skipping any at or below the snapshot's seq. Mutates the
 * snapshot; says what changed, what deserves a highlight, and whether a figure it cannot
 * compute from the event (a supervision letter, a 包案 or a reception) needs a fresh snapshot.
 */
export function applyWallEvents(s: WallSnapshot, events: FeedEvent[]): ApplyResult {
	const result: ApplyResult = { changed: false, highlights: [], refetch: false };
	for (const event of events) {
		if (event.seq <= s.seq) continue;
		s.seq = event.seq;
		// figures the event alone cannot give (三函 counts, the 包案 board, this month's receptions), or a rule the
		// counts depend on (the group threshold, after its rebuild): a fresh snapshot
		if (event.topic === 'letter' || event.topic === 'rules' || event.topic === 'lead_case' || event.topic === 'reception') result.refetch = true;
		const rule = event.topic === 'rules' ? (event.payload as { groupThreshold?: unknown }).groupThreshold : undefined;
		if (typeof rule === 'number') s.groupThreshold = rule; // later events count with it (a replay has no refetch)
		if (event.topic !== 'petition') continue;
		const item = event.payload as PetitionPayload;
		const area = areaOf(s, item.region);
		if (event.op === 'delete') count(s, rowOf(item), -1);
		else {
			const row = rowOf(item);
			const prev = event.op === 'update' && item.prev ? { ...item.prev, skipLevel: !!item.prev.skipLevel, repeat: !!item.prev.repeat } : null;
			// a status or light change moves only the light counts: the volume figures stay (each write here is a reactive one)
			if (prev && area && sameVolume(prev, row)) {
				countLight(s, prev, area, -1);
				countLight(s, row, area, 1);
			} else {
				if (prev) count(s, prev, -1);
				count(s, row, 1);
			}
			const newlyRed = item.light === 'red' && (event.op === 'insert' || item.prev?.light !== 'red');
			if (area && newlyRed) result.highlights.push({ kind: 'red', area, seq: event.seq });
			if (area && event.op === 'insert' && item.headcount >= s.groupThreshold) result.highlights.push({ kind: 'group', area, seq: event.seq });
		}
		track(s, item, event.op === 'delete');
		result.changed = true;
	}
	return result;
}

/** A copy of the slices applyWallEvents may write; the rest (region, areas, cases, rates, letters) stays shared. */
function draftOf(s: WallSnapshot): WallSnapshot {
	const bucket = (b: Bucket) => ({ ...b, channels: { ...b.channels }, categories: { ...b.categories } });
	return {
		...s,
		periods: Object.fromEntries(Object.entries(s.periods).map(([k, b]) => [k, bucket(b)])) as WallSnapshot['periods'],
		todayByArea: { ...s.todayByArea },
		monthByArea: { ...s.monthByArea },
		groupsByArea: { ...s.groupsByArea },
		skipByArea: { ...s.skipByArea },
		trend: s.trend.map((d) => ({ ...d })),
		lights: { ...s.lights },
		lightsByArea: Object.fromEntries(Object.entries(s.lightsByArea).map(([k, v]) => [k, { ...v }])),
		overdueUnits: s.overdueUnits.map((u) => ({ ...u })),
		overdueItems: [...s.overdueItems]
	};
}

/** A net frame (see feed/net.ts) as the wall applies it. */
export type NetFrame = FeedFrame & { net: NetChange };

/**
 * Applies a net frame of the snapshot's region: the snapshot at the frame's `from` becomes the
 * snapshot at its `upTo`. The snapshot's own seq may lie past `from` — it was read at the feed's
 * position, and the region's last frame ended earlier — which only the feed knows is the same
 * state: the cursor (feed/cursor.ts) passes a net frame only when it is, and the store drops the
 * queued frames a fresh read overtook. Mutates the snapshot, like applyWallEvents; the result says
 * the same things.
 */
export function applyNet(s: WallSnapshot, frame: NetFrame): ApplyResult {
	const { net } = frame;
	// never one it has all of, one past a gap, or another region's
	if (frame.upTo <= s.seq || frame.from > s.seq || net.r !== s.region.adcode) return { changed: false, highlights: [], refetch: false };
	const result: ApplyResult = { changed: net.n > 0, highlights: net.h.map(([kind, area, seq]) => ({ kind, area, seq })), refetch: net.f === 1 };
	s.seq = frame.upTo;
	if (net.g !== undefined) s.groupThreshold = net.g;
	const periodsOf = (day: string) => PERIODS.filter((key) => day >= s.periods[key].from && day <= s.periods[key].to).map((key) => s.periods[key]);
	for (const [day, items, persons, skipLevel, repeats, groupBatches, groupPersons] of net.d) {
		for (const b of periodsOf(day)) {
			b.items += items;
			b.persons += persons;
			b.skipLevel += skipLevel;
			b.repeats += repeats;
			b.groupBatches += groupBatches;
			b.groupPersons += groupPersons;
		}
		const at = s.trend.length ? daysBetween(s.trend[0].day, day) : -1;
		if (at >= 0 && at < s.trend.length) s.trend[at].items += items;
	}
	for (const [day, channel, n] of net.c) for (const b of periodsOf(day)) bump(b.channels, channel, n);
	for (const [day, category, n] of net.k) for (const b of periodsOf(day)) bump(b.categories, category, n);
	for (const [day, area, items, groups, skips] of net.a) {
		if (!(area in s.monthByArea)) continue;
		const inMonth = day >= s.periods.month.from && day <= s.today;
		if (day === s.today) bump(s.todayByArea, area, items);
		if (inMonth) bump(s.monthByArea, area, items);
		if (day === s.today && groups) bump(s.groupsByArea, area, groups);
		if (inMonth && skips) bump(s.skipByArea, area, skips);
	}
	for (const [area, light, n] of net.l) {
		if (!isLight(light) || !(area in s.monthByArea)) continue;
		s.lights[light] += n;
		(s.lightsByArea[area] ??= noLights())[light] += n;
	}
	for (const [unitId, n] of net.u) {
		const unit = s.overdueUnits.find((u) => u.unitId === unitId);
		if (unit) unit.red += n;
	}
	if (net.x.length || net.o.length) {
		const leaving = new Set(net.x);
		s.overdueItems = s.overdueItems.filter((o) => !leaving.has(o.id));
		for (const [id, serial, region, category, unitId, clockDue] of net.o)
			track(s, { id, serial, region, category, unitId, clockDue, light: 'red' } as PetitionPayload, false);
	}
	return result;
}

/** A change as the wall applies it: an event, or a net frame (from a live frame). */
export type WallChange = FeedEvent | NetFrame;

/**
 * The snapshot after `changes` (events and net frames, in feed order), leaving `s` untouched:
 * what the wall's store shows. Every slice they did not change is `s`'s own object (and `s`
 * itself comes back when nothing changed), so panels reading only unchanged slices have nothing
 * to redraw.
 */
export function nextWallSnapshot(s: WallSnapshot, changes: WallChange[]): ApplyResult & { snapshot: WallSnapshot } {
	const draft = draftOf(s);
	const result: ApplyResult = { changed: false, highlights: [], refetch: false };
	for (let i = 0; i < changes.length; ) {
		let r: ApplyResult;
		if ('net' in changes[i]) r = applyNet(draft, changes[i++] as NetFrame);
		else {
			const start = i;
			while (i < changes.length && !('net' in changes[i])) i++;
			r = applyWallEvents(draft, changes.slice(start, i) as FeedEvent[]);
		}
		result.changed ||= r.changed;
		result.refetch ||= r.refetch;
		result.highlights.push(...r.highlights);
	}
	return { ...result, snapshot: keepUnchanged(s, draft) };
}
