import type { FeedEvent } from '$lib/feed/protocol.ts';
import type { WallStore } from '$lib/screen/store.svelte.ts';
import type { WallSnapshot } from '$lib/screen/wall.ts';

/**
 * Plays a window of feed events onto a store that is not live, at 1×–600× of the time the events
 * were written; seeking back restarts from the window's start state and re-applies up to the
 * new time (the reducer is cheap: tens of thousands of events in milliseconds).
 */
export class ReplayPlayer {
	time = $state(0);
	playing = $state(false);
	speed = $state(60);
	applied = $state(0);
	#events: FeedEvent[] = [];
	#times: number[] = [];
	#timer: ReturnType<typeof setInterval> | undefined;

	readonly from: number;
	readonly to: number;
	#store: WallStore;
	#start: WallSnapshot;

	constructor(store: WallStore, start: WallSnapshot, from: number, to: number) {
		this.#store = store;
		this.#start = start;
		this.from = from;
		this.to = to;
		this.time = from;
	}

	load(events: FeedEvent[]): void {
		for (const e of events) {
			this.#events.push(e);
			this.#times.push(Date.parse(e.at));
		}
	}

	get loaded() {
		return this.#events.length;
	}

	play(): void {
		if (this.#timer) return;
		this.playing = true;
		let last = performance.now();
		this.#timer = setInterval(() => {
			const now = performance.now();
			this.seek(Math.min(this.to, this.time + (now - last) * this.speed));
			last = now;
			if (this.time >= this.to) this.pause();
		}, 100);
	}

	pause(): void {
		clearInterval(this.#timer);
		this.#timer = undefined;
		this.playing = false;
	}

	/** Moves the wall to the state at `time`. */
	seek(time: number): void {
		// the store's snapshot is plain data replaced whole (never changed in place): the start is never written to
		if (time < this.time) {
			this.#store.restart(this.#start);
			this.applied = 0;
		}
		this.time = time;
		let n = this.applied;
		while (n < this.#events.length && this.#times[n] <= time) n++;
		// one frame onto every panel at once (snapshot, ticker, highlights), as the live wall applies a frame
		if (n > this.applied) this.#store.replayFrame(this.#events.slice(this.applied, n));
		this.applied = n;
	}
}
