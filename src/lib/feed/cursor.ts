import type { FeedEvent, FeedFrame, FeedTick } from './protocol.ts';

/** What the receiver should do after a message. */
export type CursorStep = { events: FeedEvent[]; gap: boolean };

/**
 * A receiver's position in the feed, with no I/O: the browser's LiveFeed, the tests and the
 * benchmarks all use it, so they agree on what "no loss, no duplicate" means.
 *
 * `seq` is the position up to which everything the receiver may see has been applied. While a
 * resume is in flight, live frames wait and apply after it, without duplicates. A frame or
 * tick that starts past `seq` reveals a gap; the caller then resumes from `seq`.
 */
export class FeedCursor {
	seq: number;
	#waiting: (FeedFrame | FeedTick)[] | null = null;

	constructor(seq: number) {
		this.seq = seq;
	}

	get resuming(): boolean {
		return this.#waiting !== null;
	}

	/** Live messages from now on wait until `endResume` or `abortResume`. */
	beginResume(): void {
		this.#waiting = [];
	}

	/** Applies the replayed gap, then whatever arrived meanwhile. */
	endResume(frame: FeedFrame): CursorStep {
		const waiting = this.#waiting ?? [];
		this.#waiting = null;
		const events = this.#take(frame);
		let gap = false;
		for (const message of waiting) {
			const step = 'events' in message ? this.frame(message) : this.tick(message);
			events.push(...step.events);
			gap ||= step.gap;
		}
		return { events, gap };
	}

	/** A fresh snapshot replaced the state: start over from its seq, dropping what waited. */
	reset(seq: number): void {
		this.seq = seq;
		this.#waiting = null;
	}

	abortResume(): void {
		this.#waiting = null;
	}

	frame(frame: FeedFrame): CursorStep {
		if (this.#waiting) {
			this.#waiting.push(frame);
			return { events: [], gap: false };
		}
		if (frame.from > this.seq) return { events: [], gap: true };
		return { events: this.#take(frame), gap: false };
	}

	tick(tick: FeedTick): CursorStep {
		if (this.#waiting) {
			this.#waiting.push(tick);
			return { events: [], gap: false };
		}
		if (tick.last > this.seq) return { events: [], gap: true };
		if (tick.upTo > this.seq) this.seq = tick.upTo;
		return { events: [], gap: false };
	}

	#take(frame: FeedFrame): FeedEvent[] {
		const events = frame.events.filter((e) => e.seq > this.seq);
		if (frame.upTo > this.seq) this.seq = frame.upTo;
		return events;
	}
}
