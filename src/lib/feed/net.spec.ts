import { describe, expect, it } from 'vitest';
import type { FeedEvent, PetitionPayload } from './protocol.ts';
import { NetBuilder, OVERDUE_CANDIDATES, roomArea, tickerEvents, type RoomView } from './net.ts';
import { FeedCursor } from './cursor.ts';
import { applyNet, applyWallEvents } from '../screen/apply.ts';
import { describe as tickerWords } from '../screen/ticker.ts';
import { emptyBucket, noLights, periodRanges, type WallSnapshot } from '../screen/wall.ts';

const TODAY = '2026-11-25';
const PROVINCE: RoomView = { adcode: '370000', level: 'province', areas: new Set(['370100', '370200']) };

function snapshot(): WallSnapshot {
	const periods = Object.fromEntries(Object.entries(periodRanges(TODAY)).map(([k, span]) => [k, emptyBucket(span)])) as WallSnapshot['periods'];
	return {
		seq: 0,
		today: TODAY,
		region: { adcode: '370000', name: '山东省', level: 'province', center: null },
		path: [],
		map: '370000',
		areas: [
			{ adcode: '370100', name: '济南市', center: null },
			{ adcode: '370200', name: '青岛市', center: null }
		],
		todayByArea: { '370100': 0, '370200': 0 },
		monthByArea: { '370100': 0, '370200': 0 },
		trend: Array.from({ length: 40 }, (_, i) => ({ day: new Date(Date.UTC(2026, 9, 17 + i)).toISOString().slice(0, 10), items: 0 })),
		periods,
		lights: noLights(),
		lightsByArea: {},
		groupsByArea: {},
		skipByArea: {},
		overdueUnits: [
			{ unitId: 0, name: '未交办', red: 0 },
			{ unitId: 7, name: '历下区人社局', red: 0 }
		],
		overdueItems: [],
		cases: { total: 0, resolving: 0, resolved: 0, overdue: 0, stuck: [], scorecard: [] },
		rates: null,
		letters: { issuedToday: 0, awaitingSign: 0, feedbackOverdue: 0 },
		groupThreshold: 5
	};
}

/** A seeded stream of inserts, updates (status, light, moves between days and areas) and deletes. */
function stream(count: number, seed: number): FeedEvent[] {
	let x = seed;
	const rand = (n: number) => {
		// mulberry32
		x = (x + 0x6d2b79f5) | 0;
		let t = Math.imul(x ^ (x >>> 15), 1 | x);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) % n;
	};
	const pick = <T>(list: T[]) => list[rand(list.length)];
	const live = new Map<number, PetitionPayload>();
	const events: FeedEvent[] = [];
	let nextId = 1;
	for (let seq = 1; seq <= count; seq++) {
		const row = (): PetitionPayload => ({
			id: 0,
			serial: '',
			receivedAt: `2026-11-${pick(['01', '18', '24', '25'])}T${pick(['01', '17'])}:00:00Z`,
			region: pick(['370102', '370103', '370202', '370000', '410102']),
			channel: pick(['online', 'visit', 'letter']),
			category: pick(['labour', 'land', 'housing']),
			type: 'complaint',
			status: pick(['registered', 'routed', 'concluded']),
			headcount: pick([1, 1, 2, 5, 12]),
			unitId: pick([null, 7, 9]),
			skipLevel: rand(4) === 0,
			repeat: rand(5) === 0,
			concludeDue: null,
			concludedAt: null,
			light: pick(['green', 'yellow', 'due_today', 'red', 'paused', 'none'] as const),
			clockDue: `2026-11-${10 + rand(15)}`
		});
		const op = live.size < 5 ? 'insert' : pick(['insert', 'update', 'update', 'update', 'delete'] as const);
		let payload: PetitionPayload;
		if (op === 'insert') {
			const id = nextId++;
			payload = { ...row(), id, serial: `S${id}` };
			live.set(id, payload);
		} else {
			const old = pick([...live.values()]);
			if (op === 'delete') {
				live.delete(old.id);
				payload = old;
			} else {
				const moved = rand(3) === 0 ? row() : { ...old, status: pick(['routed', 'concluded']), light: pick(['yellow', 'red', 'none'] as const) };
				payload = { ...moved, id: old.id, serial: old.serial, prev: { ...old, prev: undefined } as PetitionPayload['prev'] };
				live.set(old.id, { ...payload, prev: undefined });
			}
		}
		const topic = rand(40) === 0 ? pick(['letter', 'rules']) : 'petition';
		const rule = topic === 'rules' ? { groupThreshold: pick([3, 5, 8]) } : null;
		events.push({ seq, topic, entity: 'petition_item', entityId: String(payload.id), op, regionPath: [], at: `2026-11-25T02:00:${String(seq % 60).padStart(2, '0')}Z`, payload: rule ?? payload });
	}
	return events;
}

/** Counts without keys that stay zero, and without the overdue list (compared on its own). */
const counts = (s: WallSnapshot) =>
	JSON.parse(JSON.stringify({ ...s, overdueItems: undefined }), (_k, v) =>
		v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v).filter(([, n]) => n !== 0)) : v
	);

function viaNets(events: FeedEvent[], window: number): WallSnapshot {
	const s = snapshot();
	let threshold = s.groupThreshold;
	for (let i = 0; i < events.length; i += window) {
		const builder = new NetBuilder(PROVINCE);
		for (const event of events.slice(i, i + window)) {
			builder.add(event, threshold);
			const rule = event.topic === 'rules' ? (event.payload as { groupThreshold: number }).groupThreshold : undefined;
			if (rule !== undefined) threshold = rule;
		}
		applyNet(s, { from: s.seq, upTo: events[Math.min(i + window, events.length) - 1].seq, events: [], net: builder.build() });
	}
	return s;
}

describe('NetBuilder and applyNet', () => {
	it('give the wall the same figures as applying every event, whatever the window', () => {
		const events = stream(3000, 7);
		const oneByOne = snapshot();
		applyWallEvents(oneByOne, events);
		for (const window of [1, 7, 50, 3000]) {
			const s = viaNets(events, window);
			expect(counts(s)).toEqual(counts(oneByOne));
			expect(s.seq).toBe(3000);
		}
		expect(oneByOne.periods.month.items).toBeGreaterThan(0);
		expect(oneByOne.lights.red).toBeGreaterThan(0);
	});

	it('keeps the overdue list to red items in view, oldest due first, whatever the window', () => {
		const events = stream(3000, 11);
		const truth = new Map<number, PetitionPayload>();
		for (const e of events)
			if (e.topic === 'petition') {
				const p = e.payload as PetitionPayload;
				if (e.op === 'delete' || p.light !== 'red' || !roomArea(PROVINCE, p.region)) truth.delete(p.id);
				else truth.set(p.id, p);
			}
		for (const window of [1, 13, 3000]) {
			const s = viaNets(events, window);
			expect(s.overdueItems.length).toBeLessThanOrEqual(OVERDUE_CANDIDATES);
			for (const item of s.overdueItems) expect(truth.get(item.id)?.clockDue).toBe(item.clockDue);
			const dues = s.overdueItems.map((o) => o.clockDue ?? '');
			expect(dues).toEqual([...dues].sort());
		}
	});

	it('carries highlights and the newest few changes for the ticker, and asks for a re-read on a letter', () => {
		const builder = new NetBuilder(PROVINCE);
		const item = { id: 1, serial: 'S1', receivedAt: '2026-11-25T02:00:00Z', region: '370102', channel: 'visit', category: 'land', status: 'registered', headcount: 9, unitId: 7, light: 'red' };
		for (let seq = 1; seq <= 6; seq++) builder.add({ seq, topic: 'petition', entity: 'petition_item', entityId: '1', op: 'insert', regionPath: [], at: 'x', payload: { ...item, id: seq } }, 5);
		builder.add({ seq: 7, topic: 'letter', entity: 'supervision_letter', entityId: '1', op: 'insert', regionPath: [], at: 'x', payload: {} }, 5);
		const net = builder.build();
		expect(net.f).toBe(1);
		expect(net.e).toEqual([1]); // the letters pages reload it
		expect(net.n).toBe(7);
		expect(net.h.length).toBe(8); // the newest 8 of 12
		expect(net.h.slice(0, 2)).toEqual([['red', '370100', 3], ['group', '370100', 3]]);
		expect(net.t.map((t) => t[0])).toEqual([3, 4, 5, 6]);
		expect((tickerEvents(net)[0].payload as PetitionPayload).headcount).toBe(9);
		expect(net.o[0]).toEqual([1, 'S1', '370102', 'land', 7, null]); // a serial and codes: no personal data
	});

	it('the ticker tells each change in the same words from a net frame as from the event itself', () => {
		const base = { id: 1, serial: 'S1', receivedAt: '2026-11-25T02:00:00Z', region: '370102', channel: 'visit', category: 'land', type: 'appeal', status: 'handling', headcount: 2, unitId: 7, skipLevel: false, repeat: false, concludeDue: '2027-01-20', concludedAt: null, clock: 'conclude', clockDue: '2027-01-20', light: 'green' as const };
		const prev = { status: 'handling', region: '370102', receivedAt: base.receivedAt, channel: 'visit', category: 'land', headcount: 2, unitId: 7, light: 'green' };
		const changes: PetitionPayload[] = [
			{ ...base, status: 'routed', light: 'none', prev: { ...prev, status: 'registered', light: 'none' } }, // a status step
			{ ...base, unitId: 9, prev }, // 改派
			{ ...base, clockDue: '2027-02-03', prev }, // an extension moves the last day
			{ ...base, light: 'paused', prev }, // 中止计时
			{ ...base, headcount: 6, prev } // the headcount corrected
		];
		const builder = new NetBuilder(PROVINCE);
		const events: FeedEvent[] = changes.map((payload, i) => ({ seq: i + 1, topic: 'petition', entity: 'petition_item', entityId: '1', op: 'update', regionPath: [], at: 'x', payload }));
		for (const e of events.slice(-4)) builder.add(e, 5);
		const fromNet = tickerEvents(builder.build());
		const words = (list: FeedEvent[]) => list.map((e) => tickerWords(e, e.payload as PetitionPayload));
		expect(words(fromNet)).toEqual(words(events.slice(-4)));
		expect(words(fromNet)).toEqual(['改派承办单位', '办结期限至2月3日', '中止计时', '人数 2 → 6']);
	});

	it('applies only onto the state the frame continues, of its own region', () => {
		const s = snapshot();
		s.seq = 10;
		const builder = new NetBuilder(PROVINCE);
		builder.add({ ...stream(1, 3)[0], seq: 12 }, 5);
		const net = builder.build();
		expect(applyNet(s, { from: 0, upTo: 5, events: [], net }).changed).toBe(false); // had it
		expect(applyNet(s, { from: 11, upTo: 12, events: [], net }).changed).toBe(false); // past a gap
		expect(applyNet(s, { from: 10, upTo: 12, events: [], net: { ...net, r: '370100' } }).changed).toBe(false); // another region's
		expect(s.periods.month.items + s.seq).toBe(10);
		expect(applyNet(s, { from: 10, upTo: 12, events: [], net }).changed).toBe(true);
		expect(s.seq).toBe(12);
	});

	it('applies a frame that starts before a snapshot read at the feed’s position, when the region had no change between', () => {
		// the wall read its snapshot at seq 10; its region's last frame ended at 8 (9 and 10 were elsewhere):
		// the cursor lets the next frame (8, 12] through, and it must count
		const s = snapshot();
		s.seq = 10;
		const cursor = new FeedCursor(10);
		cursor.tick({ last: 8, upTo: 10, at: '2026-12-05T05:00:00Z' });
		const first = stream(1, 3)[0];
		const event: FeedEvent = { ...first, seq: 12, topic: 'petition', op: 'insert', payload: { ...(first.payload as PetitionPayload), region: '370102', receivedAt: `${TODAY}T01:00:00Z` } };
		const builder = new NetBuilder(PROVINCE);
		builder.add(event, 5);
		const step = cursor.frame({ from: 8, upTo: 12, events: [], net: builder.build() });
		expect(step.gap).toBe(false);
		expect(step.nets).toHaveLength(1);
		const byEvent = structuredClone(s);
		applyWallEvents(byEvent, [event]);
		expect(applyNet(s, step.nets[0]).changed).toBe(true);
		expect(s.seq).toBe(12);
		expect({ periods: s.periods, trend: s.trend, lights: s.lights }).toEqual({ periods: byEvent.periods, trend: byEvent.trend, lights: byEvent.lights });
		expect(s).not.toEqual({ ...snapshot(), seq: 12 }); // it counted
	});
});
