import { io, type Socket } from 'socket.io-client';
import { FeedCursor, type CursorStep, type NetFeedFrame } from './cursor.ts';
import type { ClientToServerEvents, FeedEvent, ServerToClientEvents } from './protocol.ts';

/** live: current; behind: fetching a gap; connecting/offline: no feed. */
export type FeedStatus = 'connecting' | 'live' | 'behind' | 'offline';

type Options = {
	/** the seq the screen's snapshot is valid at */
	seq: number;
	/** events after the current position, in seq order, then net frames continuing from them */
	onEvents: (events: FeedEvent[], nets: NetFeedFrame[]) => void;
	/** whether the screen can apply this net frame (it shows the frame's region); else it fetches the events */
	accepts?: (frame: NetFeedFrame) => boolean;
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
		this.#cursor = new FeedCursor(options.seq, options.accepts);
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

	/** The screen's state was replaced by a snapshot at `seq` (a drill, a re-read): continue from there. */
	restartAt(seq: number): void {
		this.#cursor.reset(seq);
		this.seq = seq;
		if (this.#socket?.connected) void this.#resume();
	}

	#step(step: CursorStep): void {
		if (step.events.length || step.nets.length) this.#options.onEvents(step.events, step.nets);
		this.seq = this.#cursor.seq;
		if (step.gap) return void this.#resume(step.until);
		if (!this.#cursor.resuming) this.updatedAt = new Date();
	}

	async #afterRefusal(): Promise<void> {
		const ended = await this.#options.sessionEnded().catch(() => false);
		if (ended) return this.#options.onSessionEnded();
		setTimeout(() => this.#socket?.connect(), 2000);
	}

	async #resume(until?: number): Promise<void> {
		const socket = this.#socket;
		if (!socket || this.#cursor.resuming) return;
		// fetching a net frame's events (a drilled wall, a frame overlapping a replay) is routine, not "behind"
		if (until === undefined || this.status !== 'live') this.status = this.status === 'live' ? 'behind' : 'connecting';
		this.#cursor.beginResume();
		let step: CursorStep;
		try {
			const since = this.#cursor.seq;
			const reply = await socket.timeout(10_000).emitWithAck('resume', until === undefined ? since : { since, upTo: until });
			if (reply.ok) step = this.#cursor.endResume(reply.frame);
			else {
				this.#cursor.reset(await this.#options.onStale());
				step = { events: [], nets: [], gap: false };
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
