import type { FeedEvent, FeedFrame, FeedTick } from '../../feed/protocol.ts';
import { regionRoom } from '../../feed/protocol.ts';
import { NetBuilder, type RoomView } from '../../feed/net.ts';

export type Emit = {
	/** `n`: how many events the frame carries or folds */
	frame: (room: string, frame: FeedFrame, n: number) => void;
};

/**
 * Where the feed stands, for every room at once: one message a second however many rooms there
 * are. Each node turns it into ticks for the rooms its own sockets watch (`tickOf`), so a room
 * nobody watches costs nothing and the nodes exchange one message, not one per room.
 */
export type FeedTicks = {
	upTo: number;
	at: string;
	/** a room absent from `last` has had no frame since `base` */
	base: number;
	/** room → upTo of its last frame */
	last: Record<string, number>;
	/** rooms whose frame is on the way and will say more: no tick for them this time */
	pending: string[];
};

/** A room's tick from the feed's state; null while its frame is on the way. */
export function tickOf(ticks: FeedTicks, room: string): FeedTick | null {
	if (ticks.pending.includes(room)) return null;
	return { last: ticks.last[room] ?? ticks.base, upTo: ticks.upTo, at: ticks.at };
}

export type PublisherOptions = {
	emit: Emit;
	/**
	 * a room under load gets at most one frame per interval, counted from one frame's start to the
	 * next: 105 ms, so a screen receives at most 10 in any second even when the network delays one
	 * frame and not the next (at exactly 100 ms a screen counted 11 in some seconds)
	 */
	intervalMs?: number;
	/** below this many events a second a room is not under load: its frames go at once (a few ms apart at most) */
	loadPerSecond?: number;
	/** the shortest gap between two frames of a room that is not under load */
	minGapMs?: number;
	/**
	 * The region a room draws: its frames then carry the net change of its wall's figures
	 * (feed/net.ts), built as events arrive, once per room. A room without one gets the events.
	 */
	view?: (room: string) => RoomView | undefined;
	/** the rules' group threshold when the publisher starts (a rules event changes it) */
	groupThreshold?: number;
	now?: () => number;
};

/** time constant of a room's event rate (an exponentially weighted average): a burst shows within a few batches */
const RATE_TAU_MS = 500;

export type PublisherStats = { frames: number; events: number; position: number };

export type Publisher = {
	/** takes a relayed batch (contiguous seqs, in order) */
	publish: (events: FeedEvent[]) => void;
	/** where the feed stands for every room (the relay's heartbeat sends it about once a second) */
	ticks: () => FeedTicks;
	/** the relay's position when this node became the publisher: frames continue from it (call before the first publish) */
	startAt: (seq: number) => void;
	/**
	 * a batch could not be folded (it threw part-way): what waits is dropped, not sent short, and
	 * every room continues from `seq`, so a receiver behind it asks for the gap
	 */
	skipTo: (seq: number) => void;
	stats: () => PublisherStats;
	stop: () => void;
};

/**
 * Coalesces relayed batches into frames per room, with a window that follows the load. A room
 * that is not under load (its event rate below `loadPerSecond`, 80 events/s) gets each batch at
 * once — at most every `minGapMs` — so a change reaches the screens as it commits; a room under
 * load gets one frame per interval (105 ms: at most 10 frames/s) carrying everything since the
 * last. Each frame says where it continues from (the room's previous frame), so a receiver that
 * missed one knows. A frame is built once per room (a net change, see `view`) and Socket.io
 * encodes a room broadcast once, not per socket.
 */
export function createPublisher(options: PublisherOptions): Publisher {
	const { emit, intervalMs = 105, loadPerSecond = 80, minGapMs = 10, now = Date.now } = options;
	const rate = new Map<string, { perSecond: number; at: number }>(); // room → its recent event rate
	let position = 0;
	let base = 0;
	const last = new Map<string, number>(); // room → upTo of its last frame
	const lastAt = new Map<string, number>(); // room → when it went
	/** room → what its next frame carries: the events, or their net change */
	const pending = new Map<string, { events: FeedEvent[]; net: NetBuilder | null }>();
	let threshold = options.groupThreshold ?? 5;
	const timers = new Map<string, ReturnType<typeof setTimeout>>();
	const stats: PublisherStats = { frames: 0, events: 0, position: 0 };

	function flush(room: string) {
		timers.delete(room);
		const next = pending.get(room);
		if (!next) return;
		pending.delete(room);
		// the interval runs from when a frame starts, not from when its socket writes end
		lastAt.set(room, now());
		const from = last.get(room) ?? base;
		const n = next.net ? next.net.n : next.events.length;
		emit.frame(room, next.net ? { from, upTo: position, events: [], net: next.net.build() } : { from, upTo: position, events: next.events }, n);
		last.set(room, position);
		stats.frames++;
		stats.events += n;
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

	function drop() {
		for (const timer of timers.values()) clearTimeout(timer);
		timers.clear();
		pending.clear();
	}

	function continueFrom(seq: number) {
		position = base = seq;
		last.clear();
		stats.position = position;
	}

	return {
		publish(events) {
			if (events.length === 0) return;
			position = events[events.length - 1].seq;
			stats.position = position;
			const t = now();
			const counts = new Map<string, number>();
			for (const event of events) {
				for (const adcode of event.regionPath) {
					const room = regionRoom(adcode);
					let next = pending.get(room);
					if (!next) {
						const view = options.view?.(room);
						pending.set(room, (next = { events: [], net: view ? new NetBuilder(view) : null }));
					}
					if (next.net) next.net.add(event, threshold);
					else next.events.push(event);
					counts.set(room, (counts.get(room) ?? 0) + 1);
				}
				const rule = event.topic === 'rules' ? (event.payload as { groupThreshold?: unknown }).groupThreshold : undefined;
				if (typeof rule === 'number') threshold = rule; // later events count with it, as the screens do
			}
			for (const [room, n] of counts) schedule(room, underLoad(room, n, t));
		},
		ticks() {
			return { upTo: position, at: new Date(now()).toISOString(), base, last: Object.fromEntries(last), pending: [...pending.keys()] };
		},
		startAt(seq) {
			// another node may have published (or failed to publish) since this one last did:
			// every room continues from here, so a receiver short of it asks for the gap
			for (const room of [...pending.keys()]) flush(room);
			continueFrom(seq);
		},
		skipTo(seq) {
			drop();
			continueFrom(seq);
		},
		stats: () => ({ ...stats }),
		stop: drop
	};
}
