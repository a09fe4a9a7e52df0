import type { FeedEvent, FeedFrame, LetterPayload } from '../../feed/protocol.ts';
import { regionRoom } from '../../feed/protocol.ts';
import type { RoomView } from '../../feed/net.ts';
import type { Metrics } from '../metrics.ts';
import { createPublisher, type FeedTicks, type PublisherStats } from './publisher.ts';
import type { RecentFeed } from './recent.ts';

/** Where the hub delivers: this node's sockets (feed/socket.ts), subscribed once they exist. */
export type FeedSink = {
	frame: (room: string, frame: FeedFrame) => void;
	/** where the feed stands (one message for every room: the sink ticks the rooms it serves, `tickOf`) */
	ticks: (ticks: FeedTicks) => void;
	/** 三函: a letter to this unit was issued or changed */
	letter: (unitId: number, event: FeedEvent<LetterPayload>) => void;
	/** disconnects the sockets of these sessions (on every node, through the adapter) */
	endSessions: (sessionIds: string[]) => void;
	/** connected sockets on this node by scope adcode */
	socketsByScope: () => Map<string, number>;
	/** the screens connected on every node (through the adapter when Redis joins the nodes) */
	screensEverywhere: () => Promise<{ node: string; scope: string }[]>;
};

export type FeedHub = {
	/** the recent stretch of the feed that resumes read first */
	recent: RecentFeed;
	/** the relay's committed batch: kept in `recent` first (so a resume never misses what was pushed), then published */
	publish: (events: FeedEvent[]) => Promise<void>;
	/** the relay's heartbeat (about once a second) */
	tick: () => void;
	/** this node became the relay at this feed position */
	lead: (seq: number) => void;
	/** a sink receives every frame, tick and letter from now on; returns its unsubscribe */
	subscribe: (sink: FeedSink) => () => void;
	endSessions: (sessionIds: string[]) => void;
	socketsByScope: () => Map<string, number>;
	/** null when no sockets are attached (a node without an HTTP side) */
	screensEverywhere: () => Promise<{ node: string; scope: string }[] | null>;
	stats: () => PublisherStats;
	stop: () => void;
};

/**
 * The feed's one home on a node, created whole at start: the relay hands it each committed batch;
 * it keeps the batch in the recent buffer, folds it per region room into the net change of that
 * region's wall (publisher.ts, feed/net.ts) and delivers frames, ticks and letters to the sinks
 * subscribed — the sockets of this node.
 */
/**
 * The unit rooms a letter event goes to: the receiving unit (the addressee when there is one, else
 * the unit concerned) first, then the unit concerned when it is only copied.
 */
export function letterUnits(payload: Pick<LetterPayload, 'recipientUnitId' | 'addresseeUnitId'>): number[] {
	const receiver = payload.addresseeUnitId ?? payload.recipientUnitId;
	return receiver === payload.recipientUnitId ? [receiver] : [receiver, payload.recipientUnitId];
}

export type Region = { adcode: string; level: RoomView['level']; parent: string | null };

/** Each region room's view: the areas its wall draws (the region's children; a county: itself). */
export function roomViews(regions: Region[]): Map<string, RoomView> {
	const areas = new Map<string, Set<string>>();
	for (const r of regions) if (r.parent) (areas.get(r.parent) ?? areas.set(r.parent, new Set()).get(r.parent)!).add(r.adcode);
	return new Map(
		regions.map((r) => [regionRoom(r.adcode), { adcode: r.adcode, level: r.level, areas: r.level === 'county' ? new Set([r.adcode]) : (areas.get(r.adcode) ?? new Set()) }])
	);
}

export function createFeedHub(options: { recent: RecentFeed; regions: Region[]; groupThreshold: number; metrics?: Metrics }): FeedHub {
	const { recent, metrics } = options;
	const views = roomViews(options.regions);
	const sinks = new Set<FeedSink>();
	const publisher = createPublisher({
		view: (room) => views.get(room),
		groupThreshold: options.groupThreshold,
		emit: {
			frame(room, frame, n) {
				for (const sink of sinks) sink.frame(room, frame);
				metrics?.frames.inc();
				metrics?.events.inc(n);
			}
		}
	});
	return {
		recent,
		async publish(events) {
			await recent.append(events);
			try {
				publisher.publish(events);
			} catch (error) {
				publisher.skipTo(events[events.length - 1].seq);
				throw error;
			}
			// 三函: the receiving unit's accounts hear of their letters at once (their inbox reloads from the database):
			// the addressee when it is another unit (a 问责建议函's authority), and then the unit concerned too, as the copy
			for (const event of events)
				if (event.topic === 'letter') {
					const letter = event as FeedEvent<LetterPayload>;
					for (const unitId of letterUnits(letter.payload)) for (const sink of sinks) sink.letter(unitId, letter);
				}
		},
		tick() {
			const ticks = publisher.ticks();
			for (const sink of sinks) sink.ticks(ticks);
		},
		lead: publisher.startAt,
		subscribe(sink) {
			sinks.add(sink);
			return () => sinks.delete(sink);
		},
		endSessions(sessionIds) {
			for (const sink of sinks) sink.endSessions(sessionIds);
		},
		socketsByScope() {
			const counts = new Map<string, number>();
			for (const sink of sinks) for (const [scope, n] of sink.socketsByScope()) counts.set(scope, (counts.get(scope) ?? 0) + n);
			return counts;
		},
		async screensEverywhere() {
			const [sink] = sinks;
			return sink ? sink.screensEverywhere() : null;
		},
		stats: publisher.stats,
		stop() {
			publisher.stop();
			sinks.clear();
		}
	};
}
