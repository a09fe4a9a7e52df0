import type { FeedEvent, FeedOp, PetitionPayload } from './protocol.ts';
import { localDate } from '../domain/deadlines.ts';

/**
 * The net change of one region wall's figures over a stretch of the feed: what a screen needs
 * instead of every row. Built once per room per frame on the server (NetBuilder), applied by the
 * wall (screen/apply.ts: applyNet). Counts are keyed by local day, never by period, so a screen
 * maps days to its own periods; positional arrays keep the frame small. No personal data.
 *
 * Applying it to the wall's snapshot at the frame's `from` gives the snapshot at `upTo`, exactly
 * as applying every event one by one would (the same rules: screen/apply.ts).
 */
export type NetChange = {
	/** the room's region: its areas are the region's children (a county: itself) */
	r: string;
	/** per local day: [day, items, persons, skipLevel, repeats, groupBatches, groupPersons] */
	d: [string, number, number, number, number, number, number][];
	/** per day and channel: [day, channel, items] */
	c: [string, string, number][];
	/** per day and category: [day, category, items] */
	k: [string, string, number][];
	/** per day and area: [day, area, items, groupBatches, skipLevel] */
	a: [string, string, number, number, number][];
	/** open items by light per area: [area, light, items] */
	l: [string, string, number][];
	/** red items per responsible unit (0: none): [unitId, items] */
	u: [number, number][];
	/** items now red (the overdue list's candidates, oldest due first, at most OVERDUE_CANDIDATES): [id, serial, region, category, unitId, clockDue] */
	o: [number, string, string, string, number | null, string | null][];
	/** items that may have left the overdue list */
	x: number[];
	/** highlights, oldest first: [kind, area, seq] */
	h: ['red' | 'group', string, number][];
	/** the newest few changes, oldest first, for the ticker: [seq, at, op, region, channel, category, status, light, headcount, unitId, clock, clockDue, prev] — what the ticker's words are made of */
	t: [number, string, FeedOp, string, string, string, string, string | null, number, number | null, string | null, string | null, TickerPrev | null][];
	/** the group threshold changed to this (a rules event) */
	g?: number;
	/** a figure the counts cannot carry changed (a letter, 包案, reception, rules): re-read the snapshot */
	f?: 1;
	/** the supervision letters that changed (ids, at most LETTER_IDS): the letters pages reload them */
	e?: number[];
	/** how many events the change folds */
	n: number;
};

/** The earlier row's fields the ticker tells a change by (status, unit, light, area, category, headcount). */
export type TickerPrev = { status: string; light: string | null; unitId: number | null | undefined; region: string; category: string; headcount: number };

/** A region as a room sees it: its level and the areas its wall draws. */
export type RoomView = { adcode: string; level: 'province' | 'city' | 'county'; areas: ReadonlySet<string> };

export const OVERDUE_CANDIDATES = 8;
export const TICKER_EVENTS = 4;
export const HIGHLIGHT_EVENTS = 8;
export const LETTER_IDS = 50;
const LIGHTS = new Set(['red', 'due_today', 'yellow', 'paused']);
const REFETCH = new Set(['letter', 'rules', 'lead_case', 'reception']);

/** What one petition row contributes (as screen/apply.ts reads it). */
type Row = { region: string; receivedAt: string; channel: string; category: string; headcount: number; skipLevel?: boolean; repeat?: boolean; light?: string; unitId?: number | null };

/** The area of `room` a region falls in, as the wall's areaOf: a province's city (by code), else the region itself. */
export function roomArea(room: RoomView, region: string): string | null {
	const area = room.level === 'province' ? region.slice(0, 4) + '00' : region;
	return room.areas.has(area) ? area : null;
}

const add = (map: Map<string, number[]>, key: string, values: number[]) => {
	const row = map.get(key);
	if (!row) map.set(key, values);
	else for (let i = 0; i < values.length; i++) row[i] += values[i];
};

// local days repeat (nearly every change is today's): one conversion per distinct instant's day start
const dayCache = new Map<string, string>();
function dayOf(receivedAt: string): string {
	let day = dayCache.get(receivedAt);
	if (day === undefined) {
		day = localDate(new Date(receivedAt));
		if (dayCache.size > 10_000) dayCache.clear();
		dayCache.set(receivedAt, day);
	}
	return day;
}

/** Folds a room's events, in seq order, into one NetChange. */
export class NetBuilder {
	readonly room: RoomView;
	#days = new Map<string, number[]>();
	#channels = new Map<string, number[]>();
	#categories = new Map<string, number[]>();
	#areas = new Map<string, number[]>();
	#lights = new Map<string, number[]>();
	#units = new Map<number, number>();
	/** id → the item's last state in the window (null: not red now) and whether it may have been red before */
	#overdue = new Map<number, { item: PetitionPayload | null; wasRed: boolean }>();
	#highlights: NetChange['h'] = [];
	#ticker: NetChange['t'] = [];
	#threshold?: number;
	#refetch = false;
	#letters = new Set<number>();
	n = 0;

	constructor(room: RoomView) {
		this.room = room;
	}

	/** Adds one event, counted with the group threshold in force at it. */
	add(event: FeedEvent, groupThreshold: number): void {
		this.n++;
		if (REFETCH.has(event.topic)) this.#refetch = true;
		if (event.topic === 'letter' && this.#letters.size < LETTER_IDS) this.#letters.add(Number(event.entityId));
		const rule = event.topic === 'rules' ? (event.payload as { groupThreshold?: unknown }).groupThreshold : undefined;
		if (typeof rule === 'number') this.#threshold = rule;
		if (event.topic !== 'petition') return;
		const item = event.payload as PetitionPayload;
		const area = roomArea(this.room, item.region);
		const prev = event.op === 'update' && item.prev ? item.prev : null;
		if (event.op === 'delete') this.#count(item, -1, groupThreshold);
		else {
			if (prev) this.#count(prev, -1, groupThreshold);
			this.#count(item, 1, groupThreshold);
			const newlyRed = item.light === 'red' && (event.op === 'insert' || item.prev?.light !== 'red');
			if (area && newlyRed) this.#highlight(['red', area, event.seq]);
			if (area && event.op === 'insert' && item.headcount >= groupThreshold) this.#highlight(['group', area, event.seq]);
		}
		this.#track(event, item, area);
		if (area) {
			if (this.#ticker.length === TICKER_EVENTS) this.#ticker.shift();
			const p = item.prev;
			const before: TickerPrev | null = p ? { status: p.status, light: p.light ?? null, unitId: p.unitId, region: p.region, category: p.category, headcount: p.headcount } : null;
			this.#ticker.push([event.seq, event.at, event.op, item.region, item.channel, item.category, item.status, item.light ?? null, item.headcount, item.unitId ?? null, item.clock ?? null, item.clockDue ?? null, before]);
		}
	}

	#highlight(h: NetChange['h'][number]) {
		if (this.#highlights.length === HIGHLIGHT_EVENTS) this.#highlights.shift();
		this.#highlights.push(h);
	}

	#count(row: Row, sign: number, threshold: number): void {
		const area = roomArea(this.room, row.region);
		if (!area) return;
		const day = dayOf(row.receivedAt);
		const group = row.headcount >= threshold;
		const skip = row.skipLevel ? sign : 0;
		add(this.#days, day, [sign, sign * row.headcount, skip, row.repeat ? sign : 0, group ? sign : 0, group ? sign * row.headcount : 0]);
		add(this.#channels, `${day}|${row.channel}`, [sign]);
		add(this.#categories, `${day}|${row.category}`, [sign]);
		add(this.#areas, `${day}|${area}`, [sign, group ? sign : 0, skip]);
		if (!row.light || !LIGHTS.has(row.light)) return;
		add(this.#lights, `${area}|${row.light}`, [sign]);
		if (row.light === 'red') {
			const unit = row.unitId ?? 0;
			this.#units.set(unit, (this.#units.get(unit) ?? 0) + sign);
		}
	}

	/** The overdue list: an item's last state in the window decides (red: a candidate; else it leaves). */
	#track(event: FeedEvent, item: PetitionPayload, area: string | null): void {
		const red = event.op !== 'delete' && item.light === 'red' && area !== null;
		const seen = this.#overdue.get(item.id);
		// red before this window: an update says so in prev (one without prev might have been)
		const before = event.op === 'delete' || item.light === 'red' || (event.op === 'update' && (!item.prev || item.prev.light === 'red'));
		this.#overdue.set(item.id, { item: red ? item : null, wasRed: (seen?.wasRed ?? false) || before });
	}

	build(): NetChange {
		const pairs = <T extends unknown[]>(map: Map<string, number[]>, f: (key: string[], v: number[]) => T) =>
			[...map].filter(([, v]) => v.some((n) => n !== 0)).map(([key, v]) => f(key.split('|'), v));
		const red = [...this.#overdue].filter(([, o]) => o.item).map(([, o]) => o.item!);
		red.sort((a, b) => (a.clockDue ?? '').localeCompare(b.clockDue ?? '') || a.id - b.id);
		const kept = red.slice(0, OVERDUE_CANDIDATES);
		// a red item beyond the candidates cannot be among the list's oldest: it leaves, if it was there
		const leaving = [...this.#overdue].filter(([, o]) => !o.item && o.wasRed).map(([id]) => id);
		for (const item of red.slice(OVERDUE_CANDIDATES)) leaving.push(item.id);
		const net: NetChange = {
			r: this.room.adcode,
			d: pairs(this.#days, ([day], v) => [day, v[0], v[1], v[2], v[3], v[4], v[5]]),
			c: pairs(this.#channels, ([day, key], v) => [day, key, v[0]]),
			k: pairs(this.#categories, ([day, key], v) => [day, key, v[0]]),
			a: pairs(this.#areas, ([day, area], v) => [day, area, v[0], v[1], v[2]]),
			l: pairs(this.#lights, ([area, light], v) => [area, light, v[0]]),
			u: [...this.#units].filter(([, n]) => n !== 0),
			o: kept.map((i) => [i.id, i.serial, i.region, i.category, i.unitId ?? null, i.clockDue ?? null]),
			x: leaving,
			h: this.#highlights,
			t: this.#ticker,
			n: this.n
		};
		if (this.#threshold !== undefined) net.g = this.#threshold;
		if (this.#refetch) net.f = 1;
		if (this.#letters.size) net.e = [...this.#letters];
		return net;
	}
}

/** The ticker's changes as events again (the fields the ticker reads). */
export function tickerEvents(net: NetChange): FeedEvent[] {
	return net.t.map(([seq, at, op, region, channel, category, status, light, headcount, unitId, clock, clockDue, prev]) => ({
		seq,
		at,
		topic: 'petition',
		entity: 'petition_item',
		entityId: '',
		op,
		regionPath: [],
		payload: {
			region,
			channel,
			category,
			status,
			light: light ?? undefined,
			headcount,
			unitId,
			clock: clock ?? undefined,
			clockDue,
			prev: prev ? { ...prev, light: prev.light ?? undefined } : undefined
		}
	}));
}
