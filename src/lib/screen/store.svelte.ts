import { flushSync } from 'svelte';
import { LiveFeed } from '../feed/client.svelte.ts';
import { tickerEvents } from '../feed/net.ts';
import type { FeedEvent } from '../feed/protocol.ts';
import { nextWallSnapshot, type Highlight, type WallChange } from './apply.ts';
import { Ring } from './ring.ts';
import { keepUnchanged } from './share.ts';
import { tickerEntries, type TickerEntry } from './ticker.ts';
import { chartStats } from '../components/chart-stats.ts';
import { localDay } from '../time.ts';
import type { WallSnapshot } from './wall.ts';

const TICKER = 12;
const HIGHLIGHTS = 16;
const HIGHLIGHT_MS = 8000;

type Options = {
	/** the snapshot of a region (the account's scope when null); throws a Chinese message on refusal */
	load: (region: string | null) => Promise<WallSnapshot>;
	onSessionEnded: () => void;
	sessionEnded: () => Promise<boolean>;
};

/** What the wall has measured about itself: read by the browser benchmark (bench/p5-browser.ts). */
export type WallStats = {
	flushes: number;
	events: number;
	setOptions: number;
	/** a chart given two options within one animation frame (should stay 0) */
	sameFrameRepeats: number;
	maxSetOptionsPerFlush: number;
	applyMs: number[];
};
/** The charts count their own setOption calls (chartStats); the wall's stats show them beside its own, and reset them with its own. */
export const wallStats: WallStats = {
	flushes: 0,
	events: 0,
	get setOptions() {
		return chartStats.setOptions;
	},
	set setOptions(n) {
		chartStats.setOptions = n;
	},
	get sameFrameRepeats() {
		return chartStats.sameFrameRepeats;
	},
	set sameFrameRepeats(n) {
		chartStats.sameFrameRepeats = n;
	},
	maxSetOptionsPerFlush: 0,
	applyMs: []
};

/**
 * The wall's one store: the snapshot of the region shown, kept current by the one socket.
 * Feed events are queued and applied at most once per animation frame; the panels' charts then
 * update in that same frame (one setOption each, at most). Bounded: the ticker and highlights
 * are rings, the trend a fixed window.
 */
export class WallStore {
	/**
	 * Plain data, never a deep proxy: the reducers run on plain objects, and each applied frame
	 * replaces the snapshot once, sharing every slice it did not change (nextWallSnapshot), so a
	 * panel deriving from unchanged slices is not redrawn. Never mutate it in place: assign.
	 */
	snapshot = $state.raw() as WallSnapshot;
	ticker = $state.raw<TickerEntry[]>([]);
	highlights = $state.raw<Highlight[]>([]);
	failure = $state<string | null>(null);
	readonly feed: LiveFeed;
	#pending: WallChange[] = [];
	#frame = 0;
	#ticker = new Ring<TickerEntry>(TICKER);
	#highlights = new Ring<Highlight & { until: number }>(HIGHLIGHTS);
	#options: Options;
	#timers: ReturnType<typeof setInterval>[] = [];
	#refetch: ReturnType<typeof setTimeout> | null = null;
	#expireDue = false;

	constructor(initial: WallSnapshot, options: Options) {
		this.snapshot = initial;
		this.#options = options;
		this.feed = new LiveFeed({
			seq: initial.seq,
			onEvents: (events, nets) => this.#queue([...events, ...nets]),
			// a live frame carries its room's net change: it applies while the wall shows that room's region
			accepts: (frame) => frame.net.r === this.snapshot.region.adcode,
			onStale: () => this.reload(),
			sessionEnded: options.sessionEnded,
			onSessionEnded: options.onSessionEnded
		});
	}

	start(): void {
		this.feed.start();
		// a new local day starts from a fresh snapshot; slow figures (包案, rates) are re-read every 5 minutes
		this.#timers.push(setInterval(() => localDay(new Date()) !== this.snapshot.today && void this.reload().catch(() => {}), 30_000));
		this.#timers.push(setInterval(() => void this.refresh(), 5 * 60_000));
		this.#timers.push(setInterval(() => this.#expire(), 1000));
	}

	stop(): void {
		cancelAnimationFrame(this.#frame);
		for (const t of this.#timers) clearInterval(t);
		if (this.#refetch) clearTimeout(this.#refetch);
		this.feed.stop();
	}

	/** Shows another region in scope: every panel follows. */
	async drill(region: string): Promise<void> {
		try {
			this.show(await this.#options.load(region));
		} catch (e) {
			this.failure = (e as Error).message;
		}
	}

	/** Shows a snapshot already read (a page that loaded another region): the feed continues from it. */
	show(next: WallSnapshot): void {
		this.#replace(next, true);
		this.feed.restartAt(next.seq);
		this.failure = null;
	}

	/** A fresh snapshot of the region shown (the feed's gap was too old): returns its seq. */
	async reload(): Promise<number> {
		const next = await this.#options.load(this.snapshot.region.adcode);
		this.#replace(next, false);
		return next.seq;
	}

	/** Re-reads the snapshot unless the feed has already moved past it (then the next try). */
	async refresh(): Promise<void> {
		const next = await this.#options.load(this.snapshot.region.adcode).catch(() => null);
		if (!next || next.seq < this.snapshot.seq) return;
		this.#replace(next, false);
		this.feed.restartAt(next.seq); // what the feed brought since applies on top, and nothing twice
	}

	#replace(next: WallSnapshot, clear: boolean): void {
		// queued and later events apply on top of it; those it already counts are skipped by seq.
		// What the fresh read left as it was stays the same object: a periodic re-read of an
		// unchanged region redraws nothing (the map's 4K canvas above all)
		this.snapshot = keepUnchanged(this.snapshot, next);
		// a queued net frame that starts before the fresh read overlaps what it counts: the feed
		// restarts at the read's seq and replays what that frame carried past it
		this.#pending = this.#pending.filter((c) => !('net' in c) || c.from >= next.seq);
		this.#expireDue = false;
		if (clear) {
			this.#ticker.clear();
			this.ticker = [];
			this.#highlights.clear();
			this.highlights = [];
		}
	}

	#queue(changes: WallChange[]): void {
		for (const c of changes) this.#pending.push(c);
		this.#schedule();
	}

	#schedule(): void {
		if (!this.#frame) this.#frame = requestAnimationFrame(() => this.#flush());
	}

	#flush(): void {
		this.#frame = 0;
		const changes = this.#pending;
		this.#pending = [];
		if (this.#expireDue) {
			this.#expireDue = false;
			const now = Date.now();
			flushSync(() => (this.highlights = this.highlights.filter((h) => (h as Highlight & { until: number }).until > now)));
		}
		if (!changes.length) return;
		const started = performance.now();
		const calls = wallStats.setOptions;
		// the state change and the charts' setOption happen in this frame, once
		flushSync(() => {
			const refetch = this.#show(changes);
			// the reducers alone; the rest of wall:update is Svelte's effects and the charts' setOption
			performance.measure('wall:apply', { start: started, duration: performance.now() - started });
			if (refetch) this.#scheduleRefetch();
		});
		const ms = performance.now() - started;
		performance.measure('wall:update', { start: started, duration: ms });
		wallStats.flushes++;
		wallStats.maxSetOptionsPerFlush = Math.max(wallStats.maxSetOptionsPerFlush, wallStats.setOptions - calls);
		wallStats.events += changes.reduce((n, c) => n + ('net' in c ? c.net.n : 1), 0);
		if (wallStats.applyMs.length < 20_000) wallStats.applyMs.push(ms); // the benchmark empties it
	}

	/** One frame of events onto every panel at once: the snapshot, the ticker and the highlights. Says whether a re-read is due. */
	#show(changes: WallChange[]): boolean {
		const result = nextWallSnapshot(this.snapshot, changes);
		const lines = tickerEntries(result.snapshot, changes.flatMap((c) => ('net' in c ? tickerEvents(c.net) : [c])));
		this.snapshot = result.snapshot;
		if (lines.length) this.ticker = this.#ticker.push(...lines);
		if (result.highlights.length) {
			const until = Date.now() + HIGHLIGHT_MS;
			this.highlights = this.#highlights.push(...result.highlights.map((h) => ({ ...h, until })));
		}
		return result.refetch;
	}

	/**
	 * For a store that is not live (a replay): shows `events` as one frame, exactly as the live
	 * wall shows a frame of the feed, ticker and highlights included.
	 */
	replayFrame(events: FeedEvent[]): void {
		if (!events.length) return;
		// a store that is not live has no timers: highlights fade here
		const now = Date.now();
		if (this.highlights.some((h) => (h as Highlight & { until: number }).until <= now)) this.highlights = this.highlights.filter((h) => (h as Highlight & { until: number }).until > now);
		this.#show(events);
	}

	/** For a store that is not live: starts again from `snapshot`, with an empty ticker (a replay seeking back). */
	restart(snapshot: WallSnapshot): void {
		this.#replace(snapshot, true);
	}

	/** Highlights fade in the next frame's update too, so no chart is given two options in one frame. */
	#expire(): void {
		const now = Date.now();
		if (this.highlights.some((h) => (h as Highlight & { until: number }).until <= now)) {
			this.#expireDue = true;
			this.#schedule();
		}
	}

	#scheduleRefetch(): void {
		if (this.#refetch) return;
		this.#refetch = setTimeout(() => {
			this.#refetch = null;
			void this.refresh();
		}, 1500);
	}
}

if (typeof globalThis !== 'undefined') (globalThis as { __wallStats?: WallStats }).__wallStats = wallStats;
