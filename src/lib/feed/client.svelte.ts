import { io, type Socket } from 'socket.io-client';
import { FeedCursor, type CursorStep } from './cursor.ts';
import type { ClientToServerEvents, FeedEvent, ServerToClientEvents } from './protocol.ts';

/** live: current; behind: fetching a gap; connecting/offline: no feed. */
export type FeedStatus = 'connecting' | 'live' | 'behind' | 'offline';

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
 * The one socket a screen holds. On every (re)connect, and whenever a frame or tick shows it
 * missed something, it asks for what it missed since the last seq it applied; live frames that
 * arrive meanwhile wait, then apply without duplicates (FeedCursor).
 */
export class LiveFeed {
	status = $state<FeedStatus>('connecting');
	/** when the feed last showed it is current (a frame, a tick or a replay) */
	updatedAt = $state<Date | null>(null);
	seq = $state(0);
	#socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
	#cursor: FeedCursor;
	#options: Options;

	constructor(options: Options) {
		this.#options = options;
		this.#cursor = new FeedCursor(options.seq);
		this.seq = options.seq;
	}

	start(): void {
		const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ transports: ['websocket'] });
		this.#socket = socket;
		socket.on('connect', () => void this.#resume());
		socket.on('disconnect', (reason) => {
			this.status = 'offline';
			this.#cursor.abortResume();
			// the server dropped us: a restart (come back) or an ended session (sign in again)
			if (reason === 'io server disconnect') void this.#afterRefusal();
		});
		socket.on('connect_error', () => {
			this.status = 'offline';
			if (!socket.active) void this.#afterRefusal(); // refused by the server, not a network failure
		});
		socket.on('feed', (frame) => this.#step(this.#cursor.frame(frame)));
		socket.on('tick', (tick) => this.#step(this.#cursor.tick(tick)));
	}

	stop(): void {
		this.#socket?.disconnect();
		this.#socket = null;
	}

	#step(step: CursorStep): void {
		if (step.events.length) this.#options.onEvents(step.events);
		this.seq = this.#cursor.seq;
		if (step.gap) return void this.#resume();
		if (!this.#cursor.resuming) this.updatedAt = new Date();
	}

	async #afterRefusal(): Promise<void> {
		const ended = await this.#options.sessionEnded().catch(() => false);
		if (ended) return this.#options.onSessionEnded();
		setTimeout(() => this.#socket?.connect(), 2000);
	}

	async #resume(): Promise<void> {
		const socket = this.#socket;
		if (!socket || this.#cursor.resuming) return;
		this.status = this.status === 'live' ? 'behind' : 'connecting';
		this.#cursor.beginResume();
		let step: CursorStep;
		try {
			const reply = await socket.timeout(10_000).emitWithAck('resume', this.#cursor.seq);
			if (reply.ok) step = this.#cursor.endResume(reply.frame);
			else {
				this.#cursor.reset(await this.#options.onStale());
				step = { events: [], gap: false };
			}
		} catch {
			// no answer: reconnect and try again rather than run on silently with a gap
			this.#cursor.abortResume();
			socket.disconnect().connect();
			return;
		}
		this.status = 'live';
		this.#step(step);
	}
}
