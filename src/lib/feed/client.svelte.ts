import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, FeedEvent, FeedFrame, ServerToClientEvents } from './protocol.ts';

export type FeedStatus = 'connecting' | 'live' | 'offline';

type Options = {
	/** the seq the screen's snapshot is valid at */
	seq: number;
	/** events after the current position, in seq order */
	onEvents: (events: FeedEvent[]) => void;
	/** the gap was too old to replay: reload the snapshot and return its seq */
	onStale: () => Promise<number>;
	/** the server refused or dropped us: resolves true when the session is gone (sign in again) */
	sessionEnded: () => Promise<boolean>;
	onSessionEnded: () => void;
};

/**
 * The one socket a screen holds. On every (re)connect it asks for what it missed since the
 * last seq it applied; live frames that arrive meanwhile wait, then apply without duplicates.
 */
export class LiveFeed {
	status = $state<FeedStatus>('connecting');
	/** when the last frame (or replay) arrived */
	updatedAt = $state<Date | null>(null);
	seq = $state(0);
	#socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
	#waiting: FeedFrame[] | null = null;
	#options: Options;

	constructor(options: Options) {
		this.#options = options;
		this.seq = options.seq;
	}

	start(): void {
		const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ transports: ['websocket'] });
		this.#socket = socket;
		socket.on('connect', () => void this.#resume());
		socket.on('disconnect', (reason) => {
			this.status = 'offline';
			// the server dropped us: a restart (come back) or an ended session (sign in again)
			if (reason === 'io server disconnect') void this.#afterRefusal();
		});
		socket.on('connect_error', () => {
			this.status = 'offline';
			if (!socket.active) void this.#afterRefusal(); // refused by the server, not a network failure
		});
		socket.on('feed', (frame) => (this.#waiting ? this.#waiting.push(frame) : this.#apply(frame)));
	}

	stop(): void {
		this.#socket?.disconnect();
		this.#socket = null;
	}

	async #afterRefusal(): Promise<void> {
		const ended = await this.#options.sessionEnded().catch(() => false);
		if (ended) return this.#options.onSessionEnded();
		setTimeout(() => this.#socket?.connect(), 2000);
	}

	async #resume(): Promise<void> {
		const socket = this.#socket;
		if (!socket) return;
		this.status = 'connecting';
		this.#waiting = [];
		try {
			const reply = await socket.timeout(10_000).emitWithAck('resume', this.seq);
			if (reply.ok) this.#apply(reply.frame);
			else this.seq = await this.#options.onStale();
		} catch {
			// no answer: reconnect and try again rather than run on silently with a gap
			this.#waiting = null;
			socket.disconnect().connect();
			return;
		}
		const waiting = this.#waiting ?? [];
		this.#waiting = null;
		for (const frame of waiting) this.#apply(frame);
		this.status = 'live';
		this.updatedAt = new Date();
	}

	#apply(frame: FeedFrame): void {
		const events = frame.events.filter((e) => e.seq > this.seq);
		if (events.length) this.#options.onEvents(events);
		if (frame.upTo > this.seq) this.seq = frame.upTo;
		this.updatedAt = new Date();
	}
}
