import type { FeedEvent, FeedFrame, FeedTick } from './protocol.ts';

/** A frame carrying the net change of its room's wall instead of events (feed/net.ts). */
export type NetFeedFrame = FeedFrame & { net: NonNullable<FeedFrame['net']> };

/**
 * What the receiver should do after a message: apply `events`, then `nets` (in that order);
 * on `gap`, resume from `seq` — up to `until` when given (a net frame's end: the net frames
 * after it then apply).
 */
export type CursorStep = { events: FeedEvent[]; nets: NetFeedFrame[]; gap: boolean; until?: number };

const nothing = (): CursorStep => ({ events: [], nets: [], gap: false });

/**
 * A receiver's position in the feed, with no I/O: the browser's LiveFeed, the tests and the
 * benchmarks all use it, so they agree on what "no loss, no duplicate" means.
 *
 * `seq` is the position up to which everything the receiver may see has been applied. While a
 * resume is in flight, live frames wait and apply after it, without duplicates. A frame or
 * tick that starts past `seq` reveals a gap; the caller then resumes from `seq`.
 *
 * A net frame applies whole or not at all: only onto a state its `from` describes. The cursor
 * keeps `lo`, the lowest position whose state equals the receiver's (its room had no change in
 * (lo, seq], as frames and ticks tell), and applies a net frame that starts in [lo, seq]. One
 * that starts earlier overlaps what was replayed; then the receiver resumes up to its end and
 * the next frames apply. `accepts` says whether the receiver can apply a net at all (a wall
 * drilled into another region than its room's cannot: it takes the events instead).
 */
export class FeedCursor {
	seq: number;
	#lo: number;
	#waiting: (FeedFrame | FeedTick)[] | null = null;
	/** what waited behind a gap found while ending a resume: it waits again for the next one */
	#carry: (FeedFrame | FeedTick)[] = [];
	#accepts: (frame: NetFeedFrame) => boolean;

	constructor(seq: number, accepts: (frame: NetFeedFrame) => boolean = () => true) {
		this.seq = this.#lo = seq;
		this.#accepts = accepts;
	}

	get resuming(): boolean {
		return this.#waiting !== null;
	}

	/** Live messages from now on wait until `endResume` or `abortResume`. */
	beginResume(): void {
		this.#waiting = this.#carry;
		this.#carry = [];
	}

	/** Applies the replayed gap, then whatever arrived meanwhile. */
	endResume(frame: FeedFrame): CursorStep {
		const waiting = this.#waiting ?? [];
		this.#waiting = null;
		const step = nothing();
		step.events = this.#take(frame);
		for (const [i, message] of waiting.entries()) {
			if (step.gap) {
				this.#carry = waiting.slice(i); // applies after the resume the gap calls for
				break;
			}
			const next = 'events' in message ? this.frame(message) : this.tick(message);
			step.events.push(...next.events);
			step.nets.push(...next.nets);
			step.gap = next.gap;
			step.until = next.until;
		}
		return step;
	}

	/** A fresh snapshot replaced the state: start over from its seq, dropping what waited. */
	reset(seq: number): void {
		this.seq = this.#lo = seq;
		this.#waiting = null;
		this.#carry = [];
	}

	abortResume(): void {
		this.#waiting = null;
		this.#carry = [];
	}

	frame(frame: FeedFrame): CursorStep {
		if (this.#waiting) {
			this.#waiting.push(frame);
			return nothing();
		}
		if (frame.from > this.seq) return { ...nothing(), gap: true };
		if (!frame.net) return { ...nothing(), events: this.#take(frame) };
		if (frame.upTo <= this.seq) return nothing(); // had it all
		const net = frame as NetFeedFrame;
		if (frame.from >= this.#lo && this.#accepts(net)) {
			this.seq = this.#lo = frame.upTo;
			return { ...nothing(), nets: [net] };
		}
		return { ...nothing(), gap: true, until: frame.upTo };
	}

	tick(tick: FeedTick): CursorStep {
		if (this.#waiting) {
			this.#waiting.push(tick);
			return nothing();
		}
		if (tick.last > this.seq) return { ...nothing(), gap: true };
		// the room had no change in (last, upTo]: the state here is also the state there
		if (tick.upTo >= this.#lo) this.#lo = Math.min(this.#lo, tick.last);
		if (tick.upTo > this.seq) this.seq = tick.upTo;
		return nothing();
	}

	#take(frame: FeedFrame): FeedEvent[] {
		const events = frame.events.filter((e) => e.seq > this.seq);
		if (events.length) this.#lo = events[events.length - 1].seq;
		if (frame.upTo > this.seq) this.seq = frame.upTo;
		return events;
	}
}
