import type { FeedEvent, FeedFrame, FeedTick } from '../../feed/protocol.ts';
import { regionRoom } from '../../feed/protocol.ts';
import { NetBuilder, type RoomView } from '../../feed/net.ts';

export type Emit = {
	/** `n`: how many events the frame carries or folds */
	frame: (room: string, frame: FeedFrame, n: number) => void;
	tick: (room: string, tick: FeedTick) => void;
};

export type PublisherOptions = {
	emit: Emit;
	/** the shortest gap between two frames of a room (100 ms: at most 10 frames a second, a screen's redraw budget) */
	intervalMs?: number;
	/**
	 * The region a room draws: its frames then carry the net change of its wall's figures
	 * (feed/net.ts), built as events arrive, once per room. A room without one gets the events.
	 */
	view?: (room: string) => RoomView | undefined;
	/** the rules' group threshold when the publisher starts (a rules event changes it) */
	groupThreshold?: number;
	now?: () => number;
};

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

/**
 * Coalesces relayed batches into frames per room, with a window that follows the load: a change
 * to a room whose last frame went at least `intervalMs` ago goes at once (an idle room gets each
 * change as it commits); otherwise it joins the room's next frame, due `intervalMs` after the
 * last — so under load a room gets one frame per interval carrying everything since, and never
 * more than 1000 / intervalMs frames in any second. Each frame says where it continues from (the
 * room's previous frame), so a receiver that missed one knows. Frames are built and encoded once
 * per room (Socket.io encodes a room broadcast once), not per socket.
 */
export function createPublisher(options: PublisherOptions): Publisher {
	const { emit, intervalMs = 100, now = Date.now } = options;
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
		const from = last.get(room) ?? base;
		const n = next.net ? next.net.n : next.events.length;
		emit.frame(room, next.net ? { from, upTo: position, events: [], net: next.net.build() } : { from, upTo: position, events: next.events }, n);
		last.set(room, position);
		lastAt.set(room, now());
		stats.frames++;
		stats.events += n;
	}

	function schedule(room: string) {
		if (timers.has(room)) return; // the room's next frame is on its way and takes this too
		const wait = (lastAt.get(room) ?? -Infinity) + intervalMs - now();
		if (wait <= 0) flush(room);
		else timers.set(room, setTimeout(() => flush(room), wait));
	}

	return {
		publish(events) {
			if (events.length === 0) return;
			position = events[events.length - 1].seq;
			stats.position = position;
			const rooms = new Set<string>();
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
					rooms.add(room);
				}
				const rule = event.topic === 'rules' ? (event.payload as { groupThreshold?: unknown }).groupThreshold : undefined;
				if (typeof rule === 'number') threshold = rule; // later events count with it, as the screens do
			}
			for (const room of rooms) schedule(room);
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
