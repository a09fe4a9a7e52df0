/**
 * Many screens in one process. Most are lean clients speaking the Socket.IO wire protocol
 * (Engine.IO 4 / Socket.IO 5, text frames) over `ws` directly: a frame that reaches 500 screens
 * is parsed once here rather than 500 times, so one process can stand in for hundreds of
 * browsers without becoming the bottleneck it would be on two cores. A few are the official
 * `socket.io-client`, to show both see the same. Every screen keeps its own FeedCursor, resumes
 * on connect and on a gap (as the browser's LiveFeed does), and checks every change it applies:
 * lost, duplicated, out of order (by seq), frames per second, and the delay from the change's
 * intended send time (and from its commit) to its receipt.
 */
import { WebSocket } from 'ws';
import { io as ioClient, type Socket } from 'socket.io-client';
import { FeedCursor, type CursorStep } from '../../src/lib/feed/cursor.ts';
import type { FeedEvent, FeedFrame, FeedTick, ResumeReply } from '../../src/lib/feed/protocol.ts';
import { SESSION_COOKIE } from '../../src/lib/server/auth/session.ts';
import { Histogram } from '../lib/stats.ts';
import { monotonicMs, onParent, sleep, toParent } from '../lib/env.ts';
import { indexOfSerial, intendedAt, type ClientSpec, type Mode, type PhaseSpec } from './shared.ts';

type Start = { url: string; mode: Mode; clients: ClientSpec[]; startSeq: number; official: number; idle: boolean; connectTimeoutMs: number };

let spec: PhaseSpec | null = null;
let idle = false;
const latency = new Histogram(); // intended send → applied at the screen
const fromCommit = new Histogram(); // commit returned → applied at the screen
let commitAt = new Float64Array(0);
// receipts of changes whose commit time has not arrived yet, by change index
let waitingForCommit: (number[] | undefined)[] = [];
let unjoined = 0;
/** websocket payload bytes received by the lean and raw screens (the official ones are not counted) */
let bytes = 0;
/** how many screens' bytes `bytes` counts (the lean and raw ones) */
let bytesScreens = 0;

/** Bytes count within the measured window only (after warm-up, until the last change was due): not the connect-time replays. */
function countBytes(n: number, t: number) {
	if (spec && !idle && t >= intendedAt(spec, spec.warmup) && t < intendedAt(spec, spec.total)) bytes += n;
}

// per message bytes → parsed message: every screen in a room receives the same bytes, so the
// first screen's copy is parsed and the others only compare bytes (memcmp), never decode
type Cached = { data: Buffer; value: unknown };
const cache = new Map<string, Cached>();
function parseCached(data: Buffer, skip: number): unknown {
	const key = `${data.length}:${data.toString('latin1', 0, Math.min(96, data.length))}`;
	const hit = cache.get(key);
	if (hit && hit.data.equals(data)) return hit.value;
	const value = JSON.parse(data.toString('utf8', skip));
	cache.set(key, { data, value });
	if (cache.size > 512) cache.delete(cache.keys().next().value!);
	return value;
}

// ours: live frames carry net changes over seq ranges; the server tells which change each seq is
// (its message may come after the frame: a range waits until the seqs up to its end are known)
const seqIndex = new Map<number, number>();
let seqsKnownUpTo = 0;

const INDEX = Symbol('index');
function indexOf(event: FeedEvent): number {
	const e = event as FeedEvent & { [INDEX]?: number };
	return (e[INDEX] ??= spec ? indexOfSerial(spec, (event.payload as { serial?: string }).serial) : -1);
}

const WINDOW = 1024; // frames remembered per screen for the one-second window (more than any variant sends)

/** One screen's view of the feed and what it checks. */
class Screen {
	cursor: FeedCursor;
	seen = new Uint8Array(0);
	unique = 0;
	expected = 0;
	/** of those, changes after the warm-up (the measured ones) */
	uniqueMeasured = 0;
	expectedMeasured = 0;
	duplicates = 0;
	outOfOrder = 0;
	lastSeq = -1;
	gaps = 0;
	resumes = 0;
	resumeFailures = 0;
	stale = 0;
	frames = 0;
	maxFramesPerSecond = 0;
	#ring = new Float64Array(WINDOW);
	#head = 0;
	#len = 0;
	connected = false;
	disconnects = 0;
	refused = '';
	resume: (until?: number) => void = () => {};
	/** resumes that fetched a net frame's events because it overlapped a replay */
	catchUps = 0;
	scope: string;
	#visible: boolean[] = [];
	/** net frames received, not yet resolved to changes: [from, upTo, received at] */
	#ranges: number[][] = [];

	constructor(scope: string, startSeq: number) {
		this.scope = scope;
		this.cursor = new FeedCursor(startSeq);
	}

	prepare(phase: PhaseSpec) {
		this.seen = new Uint8Array(phase.total);
		const visible = (this.#visible = phase.counties.map((c) => c.path.includes(this.scope)));
		this.#ranges = [];
		this.expected = 0;
		this.expectedMeasured = 0;
		for (let i = 0; i < phase.total; i++)
			if (visible[i % visible.length]) {
				this.expected++;
				if (i >= phase.warmup) this.expectedMeasured++;
			}
	}

	/** A frame (or single change) arrived: count it for the frames-per-second limit. */
	countFrame(t: number) {
		if (!spec || idle || t < intendedAt(spec, spec.warmup)) return;
		this.frames++;
		while (this.#len > 0 && t - this.#ring[this.#head] >= 1000) {
			this.#head = (this.#head + 1) % WINDOW;
			this.#len--;
		}
		if (this.#len < WINDOW) {
			this.#ring[(this.#head + this.#len) % WINDOW] = t;
			this.#len++;
		}
		if (this.#len > this.maxFramesPerSecond) this.maxFramesPerSecond = this.#len;
	}

	apply(events: FeedEvent[], t: number, ordered: boolean) {
		if (!spec || idle) return;
		for (const event of events) {
			if (ordered) {
				if (event.seq <= this.lastSeq) this.outOfOrder++;
				else this.lastSeq = event.seq;
			}
			const i = indexOf(event);
			// the change timed is the item's insert; the sweeper's lighting of the new item is a
			// later change of its own (another seq), not a duplicate of it
			if (i < 0 || event.op !== 'insert') continue;
			this.#count(i, t);
		}
	}

	#count(i: number, t: number) {
		if (!spec) return;
		if (this.seen[i]) {
			this.duplicates++;
			return;
		}
		this.seen[i] = 1;
		this.unique++;
		if (i < spec.warmup) return;
		this.uniqueMeasured++;
		latency.add(t - intendedAt(spec, i));
		const committed = commitAt[i];
		if (committed > 0) fromCommit.add(t - committed);
		else {
			(waitingForCommit[i] ??= []).push(t);
			unjoined++;
		}
	}

	step(step: CursorStep, t: number) {
		this.apply(step.events, t, true);
		for (const frame of step.nets) this.#ranges.push([frame.from, frame.upTo, t]);
		this.resolve();
		if (step.gap) {
			if (step.until === undefined) this.gaps++;
			else this.catchUps++;
			this.resume(step.until);
		}
	}

	/** Counts the changes in the net frames' ranges whose seqs are known by now. */
	resolve() {
		if (!spec || idle) return;
		while (this.#ranges.length && this.#ranges[0][1] <= seqsKnownUpTo) {
			const [from, upTo, t] = this.#ranges.shift()!;
			for (let seq = from + 1; seq <= upTo; seq++) {
				const i = seqIndex.get(seq);
				if (i === undefined || !this.#visible[i % this.#visible.length]) continue;
				if (seq <= this.lastSeq) this.outOfOrder++;
				else this.lastSeq = seq;
				this.#count(i, t);
			}
		}
	}

	frame(frame: FeedFrame, t: number) {
		this.countFrame(t);
		this.step(this.cursor.frame(frame), t);
	}

	tick(tick: FeedTick, t: number) {
		this.step(this.cursor.tick(tick), t);
	}

	resumed(reply: ResumeReply | null, t: number) {
		if (reply?.ok) this.step(this.cursor.endResume(reply.frame), t);
		else {
			this.cursor.abortResume();
			if (reply) this.stale++;
			else this.resumeFailures++;
		}
	}
}

/** The Socket.IO protocol by hand: open, connect, ping/pong, events, acks. */
function leanSocketIo(base: string, token: string, screen: Screen, ours: boolean): WebSocket {
	const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/socket.io/?EIO=4&transport=websocket`, {
		headers: { cookie: `${SESSION_COOKIE}=${token}` },
		perMessageDeflate: false,
		skipUTF8Validation: true
	});
	let ackId = 0;
	const acks = new Map<number, (reply: ResumeReply | null) => void>();
	screen.resume = (until) => {
		if (!screen.connected || screen.cursor.resuming) return;
		screen.resumes++;
		const since = screen.cursor.seq;
		screen.cursor.beginResume();
		const id = ackId++;
		const timer = setTimeout(() => acks.get(id)?.(null), 10_000);
		acks.set(id, (reply) => {
			clearTimeout(timer);
			acks.delete(id);
			screen.resumed(reply, monotonicMs());
		});
		ws.send(`42${id}${JSON.stringify(['resume', until === undefined ? since : { since, upTo: until }])}`);
	};
	ws.on('message', (data: Buffer) => {
		const t = monotonicMs();
		countBytes(data.length, t);
		// small control packets are read as text; events are parsed once per distinct frame
		const text = data.length <= 96 || data[1] !== 0x32 ? data.toString() : data.toString('latin1', 0, 2);
		switch (text[0]) {
			case '2':
				ws.send('3');
				return;
			case '0':
				ws.send('40');
				return;
			case '1':
				return;
			case '4':
				break;
			default:
				return;
		}
		switch (text[1]) {
			case '0':
				screen.connected = true;
				if (ours && !idle) screen.resume(); // as LiveFeed: every (re)connect asks for the gap
				return;
			case '4':
				screen.refused = text.slice(2);
				return;
			case '1':
				screen.connected = false;
				return;
			case '2': {
				const [name, arg] = parseCached(data, 2) as [string, unknown];
				if (idle) return;
				if (name === 'feed') screen.frame(arg as FeedFrame, t);
				else if (name === 'tick') screen.tick(arg as FeedTick, t);
				else if (name === 'change') {
					screen.countFrame(t);
					screen.apply([arg as FeedEvent], t, false);
				}
				return;
			}
			case '3': {
				const match = /^43(\d+)/.exec(text)!;
				const [reply] = JSON.parse(text.slice(match[0].length)) as [ResumeReply];
				acks.get(Number(match[1]))?.(reply);
				return;
			}
		}
	});
	ws.on('close', () => {
		if (screen.connected) screen.disconnects++;
		screen.connected = false;
	});
	ws.on('error', (error) => (screen.refused ||= error.message));
	return ws;
}

/** The official client, as the browser uses it (a fresh connection per screen). */
function officialSocketIo(base: string, token: string, screen: Screen, ours: boolean): Socket {
	const socket = ioClient(base, {
		transports: ['websocket'],
		extraHeaders: { cookie: `${SESSION_COOKIE}=${token}` },
		forceNew: true,
		reconnection: false
	});
	screen.resume = (until) => {
		if (!screen.connected || screen.cursor.resuming) return;
		screen.resumes++;
		const since = screen.cursor.seq;
		screen.cursor.beginResume();
		socket
			.timeout(10_000)
			.emitWithAck('resume', until === undefined ? since : { since, upTo: until })
			.then(
				(reply: ResumeReply) => screen.resumed(reply, monotonicMs()),
				() => screen.resumed(null, monotonicMs())
			);
	};
	socket.on('connect', () => {
		screen.connected = true;
		if (ours && !idle) screen.resume();
	});
	socket.on('connect_error', (error) => (screen.refused ||= error.message));
	socket.on('disconnect', () => {
		if (screen.connected) screen.disconnects++;
		screen.connected = false;
	});
	socket.on('feed', (frame: FeedFrame) => !idle && screen.frame(frame, monotonicMs()));
	socket.on('tick', (tick: FeedTick) => !idle && screen.tick(tick, monotonicMs()));
	socket.on('change', (event: FeedEvent) => {
		if (idle) return;
		const t = monotonicMs();
		screen.countFrame(t);
		screen.apply([event], t, false);
	});
	return socket;
}

/** The floor: raw `ws`, one JSON change per message, room chosen by the query string. */
function rawWs(base: string, screen: Screen): WebSocket {
	const ws = new WebSocket(`${base.replace(/^http/, 'ws')}/?scope=${screen.scope}`, { perMessageDeflate: false, skipUTF8Validation: true });
	ws.on('open', () => (screen.connected = true));
	ws.on('message', (data: Buffer) => {
		const t = monotonicMs();
		countBytes(data.length, t);
		if (idle) return;
		const event = parseCached(data, 0) as FeedEvent;
		screen.countFrame(t);
		screen.apply([event], t, false);
	});
	ws.on('close', () => {
		if (screen.connected) screen.disconnects++;
		screen.connected = false;
	});
	ws.on('error', (error) => (screen.refused ||= error.message));
	return ws;
}

const screens: Screen[] = [];
const closers: (() => void)[] = [];

async function start(message: Start) {
	idle = message.idle;
	const ours = message.mode === 'ours' || message.mode === 'ours-redis';
	const batch = 50;
	for (let i = 0; i < message.clients.length; i += batch) {
		for (const client of message.clients.slice(i, i + batch)) {
			const screen = new Screen(client.scope, message.startSeq);
			screens.push(screen);
			if (message.mode === 'floor' || screens.length > message.official) bytesScreens++;
			if (message.mode === 'floor') {
				const ws = rawWs(message.url, screen);
				closers.push(() => ws.terminate());
			} else if (screens.length <= message.official) {
				const socket = officialSocketIo(message.url, client.token, screen, ours);
				closers.push(() => socket.disconnect());
			} else {
				const ws = leanSocketIo(message.url, client.token, screen, ours);
				closers.push(() => ws.terminate());
			}
		}
		// connect in small steps, as screens coming up one after another would
		const until = performance.now() + message.connectTimeoutMs;
		while (screens.some((s) => !s.connected && !s.refused) && performance.now() < until) await sleep(20);
	}
	const until = performance.now() + message.connectTimeoutMs;
	// and until every initial resume has its answer (a screen is live only then)
	while (screens.some((s) => !s.refused && (!s.connected || s.cursor.resuming)) && performance.now() < until) await sleep(20);
	const refused = screens.filter((s) => !s.connected);
	toParent({ type: 'connected', connected: screens.length - refused.length, refused: refused.length, reason: refused[0]?.refused ?? '' });
}

function go(phase: PhaseSpec) {
	spec = phase;
	seqIndex.clear();
	commitAt = new Float64Array(phase.total);
	waitingForCommit = new Array(phase.total);
	for (const screen of screens) screen.prepare(phase);
}

function commits(idx: Int32Array, at: Float64Array) {
	for (let k = 0; k < idx.length; k++) {
		const i = idx[k];
		commitAt[i] = at[k];
		const waiting = waitingForCommit[i];
		if (!waiting) continue;
		for (const t of waiting) fromCommit.add(t - at[k]);
		unjoined -= waiting.length;
		waitingForCommit[i] = undefined;
	}
}

function report() {
	const sum = (f: (s: Screen) => number) => screens.reduce((a, s) => a + f(s), 0);
	const max = (f: (s: Screen) => number) => screens.reduce((a, s) => Math.max(a, f(s)), 0);
	const seconds = spec ? (spec.total - spec.warmup) / spec.rate : 1;
	return {
		type: 'report',
		screens: screens.length,
		connectedAtEnd: screens.filter((s) => s.connected).length,
		expected: sum((s) => s.expected),
		received: sum((s) => s.unique),
		lost: sum((s) => s.expected - s.unique),
		missingMeasured: sum((s) => s.expectedMeasured - s.uniqueMeasured),
		bytes,
		bytesScreens,
		duplicates: sum((s) => s.duplicates),
		outOfOrder: sum((s) => s.outOfOrder),
		gaps: sum((s) => s.gaps),
		resumes: sum((s) => s.resumes),
		catchUps: sum((s) => s.catchUps),
		resumeFailures: sum((s) => s.resumeFailures),
		stale: sum((s) => s.stale),
		disconnects: sum((s) => s.disconnects),
		frames: sum((s) => s.frames),
		meanFramesPerSecond: screens.length ? sum((s) => s.frames) / screens.length / seconds : 0,
		maxFramesInOneSecond: max((s) => s.maxFramesPerSecond),
		latency: latency.toData(),
		fromCommit: fromCommit.toData(),
		unjoined,
		cpu: process.cpuUsage()
	};
}

onParent(async (message) => {
	switch (message.type) {
		case 'start':
			await start(message as unknown as Start);
			break;
		case 'go':
			go(message.spec as PhaseSpec);
			break;
		case 'seqs': {
			const seq = message.seq as Float64Array;
			const idx = message.idx as Int32Array;
			for (let k = 0; k < seq.length; k++) seqIndex.set(seq[k], idx[k]);
			seqsKnownUpTo = Math.max(seqsKnownUpTo, message.upTo as number);
			for (const screen of screens) screen.resolve();
			break;
		}
		case 'commits':
			commits(message.idx as Int32Array, message.at as Float64Array);
			break;
		case 'progress':
			toParent({ type: 'progress', missing: screens.reduce((a, s) => a + (s.expected - s.unique), 0) });
			break;
		case 'report':
			toParent(report());
			break;
		case 'stop':
			for (const close of closers) close();
			process.exit(0);
	}
});
toParent({ type: 'ready' });
