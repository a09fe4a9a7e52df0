import type { FeedEvent, FeedFrame, FeedTick } from '../../feed/protocol.ts';
import { regionRoom } from '../../feed/protocol.ts';

export type Emit = {
	frame: (room: string, frame: FeedFrame) => void;
	tick: (room: string, tick: FeedTick) => void;
};

export type PublisherOptions = {
	emit: Emit;
	/** a room under load gets at most one frame per interval */
	intervalMs?: number;
	/** below this many events a second a room is not under load: its frames go at once (a few ms apart at most) */
	loadPerSecond?: number;
	/** the shortest gap between two frames of a room that is not under load */
	minGapMs?: number;
	now?: () => number;
};

/** time constant of a room's event rate (an exponentially weighted average): a burst shows within a few batches */
const RATE_TAU_MS = 500;

export type PublisherStats = { frames: number; events: number; position: number };

export type Publisher = {
	/** takes a relayed batch (contiguous seqs, in order) */
	publish: (events: FeedEvent[]) => void;
	/** tells every room (with rooms = the region rooms) where the feed stands */
	tick: (rooms: string[]) => void;
	/** the relay's position when this node became the publisher: frames continue from it (call before the first publish) */
	startAt: (seq: number) => void;
	stats: () => PublisherStats;
	stop: () => void;
};

/** Groups a batch by the region rooms it belongs to (every level of each event's path). */
export function framesByRoom(events: FeedEvent[]): Map<string, FeedEvent[]> {
	const rooms = new Map<string, FeedEvent[]>();
	for (const event of events) {
		for (const adcode of event.regionPath) {
			const room = regionRoom(adcode);
			const list = rooms.get(room);
			if (list) list.push(event);
			else rooms.set(room, [event]);
		}
	}
	return rooms;
}

/**
 * Coalesces relayed batches into frames per room. A room that is not under load (its event rate
 * below `loadPerSecond`, 80 events/s) gets each batch at once — at most every `minGapMs` — so a change
 * reaches the screens as it commits; a room under load gets one frame per interval (100 ms: at
 * most ~10 frames/s) carrying everything since the last. Each frame says where it continues from
 * (the room's previous frame), so a receiver that missed one knows. Frames are encoded once per
 * room by Socket.io, not per socket.
 */
export function createPublisher(options: PublisherOptions): Publisher {
	const { emit, intervalMs = 100, loadPerSecond = 80, minGapMs = 10, now = Date.now } = options;
	const rate = new Map<string, { perSecond: number; at: number }>(); // room → its recent event rate
	let position = 0;
	let base = 0;
	const last = new Map<string, number>(); // room → upTo of its last frame
	const lastAt = new Map<string, number>(); // room → when it went
	const pending = new Map<string, FeedEvent[]>();
	const timers = new Map<string, ReturnType<typeof setTimeout>>();
	const stats: PublisherStats = { frames: 0, events: 0, position: 0 };

	function flush(room: string) {
		timers.delete(room);
		const events = pending.get(room);
		if (!events) return;
		pending.delete(room);
		emit.frame(room, { from: last.get(room) ?? base, upTo: position, events });
		last.set(room, position);
		lastAt.set(room, now());
		stats.frames++;
		stats.events += events.length;
	}

	/** Counts `n` new events into the room's rate; whether the room is now under load. */
	function underLoad(room: string, n: number, t: number): boolean {
		const r = rate.get(room);
		const decayed = r ? r.perSecond * Math.exp(-(t - r.at) / RATE_TAU_MS) : 0;
		const perSecond = decayed + (n * 1000) / RATE_TAU_MS;
		rate.set(room, { perSecond, at: t });
		return perSecond > loadPerSecond;
	}

	function schedule(room: string, loaded: boolean) {
		const wait = (lastAt.get(room) ?? -Infinity) + (loaded ? intervalMs : minGapMs) - now();
		const timer = timers.get(room);
		if (timer) {
			if (loaded) return; // the interval's frame is already on its way
			clearTimeout(timer); // the load has passed: go within the short gap, not the interval
			timers.delete(room);
		}
		if (wait <= 0) flush(room);
		else timers.set(room, setTimeout(() => flush(room), wait));
	}

	return {
		publish(events) {
			if (events.length === 0) return;
			position = events[events.length - 1].seq;
			stats.position = position;
			const t = now();
			for (const [room, list] of framesByRoom(events)) {
				const buffer = pending.get(room);
				if (buffer) buffer.push(...list);
				else pending.set(room, list);
				schedule(room, underLoad(room, list.length, t));
			}
		},
		tick(rooms) {
			const at = new Date(now()).toISOString();
			for (const room of rooms) {
				if (pending.has(room)) continue; // its frame is on the way and will say more
				emit.tick(room, { last: last.get(room) ?? base, upTo: position, at });
			}
		},
		startAt(seq) {
			// another node may have published (or failed to publish) since this one last did:
			// every room continues from here, so a receiver short of it asks for the gap
			for (const room of [...pending.keys()]) flush(room);
			position = base = seq;
			last.clear();
			stats.position = position;
		},
		stats: () => ({ ...stats }),
		stop() {
			for (const timer of timers.values()) clearTimeout(timer);
			timers.clear();
			pending.clear();
		}
	};
}
