import type { FeedEvent, FeedFrame } from '../../feed/protocol.ts';
import type { RedisClient } from '../redis.ts';

/**
 * The recent stretch of the feed, kept close at hand so a client that blinked resumes without
 * touching Postgres: in Redis when configured (every node reads the same stream), else in this
 * process. It only speeds things up — when it cannot prove it holds the whole gap (trimmed,
 * or a batch failed to land during a Redis hiccup) it answers null and the outbox answers.
 */
export type RecentFeed = {
	/** records a relayed batch (contiguous seqs); never throws, never blocks the relay for long */
	append: (events: FeedEvent[]) => Promise<void>;
	/** every event after `since` within the region (up to `upTo` when given), or null when not held here */
	since: (since: number, region: string, limit?: number, upTo?: number) => Promise<FeedFrame | null>;
	// (a long gap is answered in pages: the frame's upTo is then short of the feed's end)
};

/** A relayed batch as kept: its events as one JSON text (one string to hold, nothing for the GC to trace). */
type Batch = { first: number; last: number; json: string };

/**
 * Events after `since` from contiguous batches, or null when the batches do not cover the gap.
 * At most `limit` events: a longer gap is answered in pages (`upTo` = the last event given).
 * `read` turns a batch into its events (a cache may answer).
 */
export function frameFromBatches(batches: Batch[], since: number, region: string, limit: number, until = Infinity, read: (batch: Batch) => FeedEvent[] = parseBatch): FeedFrame | null {
	const start = batches.findIndex((b) => b.last > since);
	if (start < 0) return batches.length && batches[batches.length - 1].last === since ? { from: since, upTo: since, events: [] } : null;
	if (batches[start].first > since + 1) return null;
	const events: FeedEvent[] = [];
	let upTo = since;
	for (let i = start; i < batches.length; i++) {
		const batch = batches[i];
		if (batch.first > upTo + 1) return null; // a batch is missing
		if (batch.first > until) return { from: since, upTo: until, events };
		for (const event of read(batch)) {
			if (event.seq > until) return { from: since, upTo: until, events };
			if (event.seq > since && event.regionPath.includes(region)) events.push(event);
			if (events.length === limit) return { from: since, upTo: event.seq, events };
		}
		upTo = batch.last;
	}
	return { from: since, upTo, events };
}

const parseBatch = (batch: Batch) => JSON.parse(batch.json) as FeedEvent[];

/**
 * In this process: the newest batches up to `maxChars` of JSON text (8 M characters, a byte each:
 * the feed carries codes, not names; ~12,000 events, about 1.5 h at the simulator's 120 changes
 * a minute; an older gap is read from the outbox).
 * The text, not the events, is what stays: a buffer of live objects is work for every major GC
 * and, once full, a steady stream of promoted garbage (BENCHMARKS.md, P6). The last few batches
 * read are kept parsed, since a blink makes every screen of a node ask for the same gap.
 */
export function memoryRecent(options: { maxChars?: number; parsedBatches?: number } = {}): RecentFeed {
	const { maxChars = 8 * 2 ** 20, parsedBatches = 16 } = options;
	const batches: Batch[] = [];
	let held = 0;
	const parsed = new Map<Batch, FeedEvent[]>();
	const read = (batch: Batch) => {
		let events = parsed.get(batch);
		if (events) parsed.delete(batch); // re-inserted below: the map's order is least recently read first
		else events = parseBatch(batch);
		parsed.set(batch, events);
		if (parsed.size > parsedBatches) parsed.delete(parsed.keys().next().value!);
		return events;
	};
	return {
		async append(events) {
			if (events.length === 0) return;
			const json = JSON.stringify(events);
			batches.push({ first: events[0].seq, last: events[events.length - 1].seq, json });
			held += json.length;
			while (held > maxChars && batches.length > 1) {
				const dropped = batches.shift()!;
				held -= dropped.json.length;
				parsed.delete(dropped);
			}
		},
		async since(since, region, limit = 2000, upTo) {
			return frameFromBatches(batches, since, region, limit, upTo, read);
		}
	};
}

const APPEND_TIMEOUT_MS = 250;
/**
 * a resume does not wait for a Redis that is not answering (restarting: commands queue until it
 * is back, seconds later): the outbox answers instead
 */
const READ_TIMEOUT_MS = 500;

/** `work`'s result, or `fallback` once `ms` have passed (a rejection counts as the fallback too). */
async function within<T>(work: Promise<T>, ms: number, fallback: T): Promise<T> {
	let timer: ReturnType<typeof setTimeout> | undefined;
	try {
		return await Promise.race([work.catch(() => fallback), new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)))]);
	} finally {
		clearTimeout(timer);
	}
}

/** One stream entry per batch, id `<first seq>-0`, trimmed to about `maxBatches` entries. */
export function redisRecent(redis: RedisClient, key: string, maxBatches = 5000): RecentFeed {
	return {
		async append(events) {
			if (events.length === 0) return;
			const first = events[0].seq;
			const write = redis.xAdd(
				key,
				`${first}-0`,
				{ last: String(events[events.length - 1].seq), events: JSON.stringify(events) },
				{ TRIM: { strategy: 'MAXLEN', strategyModifier: '~', threshold: maxBatches } }
			);
			// a Redis outage must not stall the relay: the entry is then missing and resume falls
			// back to the outbox (an entry that lands late or out of order is rejected by Redis)
			await within(write, APPEND_TIMEOUT_MS, undefined);
		},
		since(since, region, limit = 2000, upTo) {
			const read = async () => {
				// the entry holding since+1 starts at or before it
				const [head] = (await redis.xRevRange(key, `${since + 1}-0`, '-', { COUNT: 1 })) ?? [];
				if (!head) return null;
				const entries = (await redis.xRange(key, head.id, '+', { COUNT: 2000 })) ?? [];
				const batches: Batch[] = entries.map((e) => ({ first: Number(e.id.split('-')[0]), last: Number(e.message.last), json: e.message.events }));
				// (a read that stopped at 2,000 batches is a page too: up to the last batch read; only
				// the batches the answer reaches are parsed)
				return frameFromBatches(batches, since, region, limit, upTo);
			};
			return within(read(), READ_TIMEOUT_MS, null);
		}
	};
}
