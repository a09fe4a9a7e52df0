/**
 * The system under test, in its own process: `ours` (the real runtime — relay, publisher,
 * Socket.io — wired by startRuntime and attach on a plain HTTP server, no SvelteKit),
 * `ours-redis` (the same through Redis), `baseline` (a naive feed: a trigger NOTIFYs each row,
 * the server LISTENs and emits one Socket.io event per change) or `floor` (raw `ws`: the load
 * generator hands each committed change over a local TCP connection and it goes out at once).
 */
import { createServer } from 'node:http';
import net from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Server } from 'socket.io';
import { WebSocketServer, type WebSocket } from 'ws';
import { readConfig } from '../../src/lib/server/config.ts';
import { startRuntime } from '../../src/lib/server/start.ts';
import { attach } from '../../src/lib/server/attach.ts';
import { connect } from '../../src/lib/server/db/connection.ts';
import { SESSION_COOKIE, validateSessionToken } from '../../src/lib/server/auth/session.ts';
import { regionRoom, type FeedEvent, type FeedFrame } from '../../src/lib/feed/protocol.ts';
import { monotonicMs, onParent, toParent, sleep } from '../lib/env.ts';
import { Histogram } from '../lib/stats.ts';
import { indexOfSerial, type Mode, type PhaseSpec, type ServerStats } from './shared.ts';

const mode = process.argv[2] as Mode;
const url = process.env.BENCH_DB_URL!;
const rssLimit = Number(process.env.BENCH_RSS_LIMIT_MB ?? 3072) * 2 ** 20;
const log = (message: string) => process.stderr.write(`[server ${mode}] ${message}\n`);

const http = createServer((_req, res) => {
	res.statusCode = 404;
	res.end();
});
let stop: () => Promise<void> = async () => {};
let publisherStats: () => { frames: number; events: number } | null = () => null;
let floorPort = 0;

// ours only: when each change left the relay (its batch committed) and when the province room's
// frame carrying it was emitted — the stages of the path, joined with commit times by the runner
let spec: PhaseSpec | null = null;
let handoff = new Float64Array(0);
let emitted = new Float64Array(0);
/** seq → change index of this phase's inserts (ours: net frames name seq ranges, not rows) */
const seqIndex = new Map<number, number>();
/** how long each province frame's emit call held the event loop (socket writes done in it) */
let emitCall = new Histogram();
function stamp(into: Float64Array, events: FeedEvent[], t: number) {
	if (!spec) return;
	for (const event of events) {
		const i = indexOfSerial(spec, (event.payload as { serial?: string }).serial);
		if (i >= 0 && into[i] === 0) into[i] = t;
	}
}

function cookieToken(header: string | undefined): string | null {
	const match = new RegExp(`(?:^|;\\s*)${SESSION_COOKIE}=([^;]+)`).exec(header ?? '');
	return match ? match[1] : null;
}

if (mode === 'ours' || mode === 'ours-redis') {
	const config = readConfig({
		DATABASE_URL: url,
		PORT: '0',
		...(mode === 'ours-redis' ? { REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', REDIS_PREFIX: process.env.BENCH_REDIS_PREFIX } : {})
	});
	const runtime = await startRuntime(config, { log });
	const sockets = await attach(http, runtime);
	const recent = runtime.hub.recent;
	const append = recent.append;
	recent.append = (events) => {
		stamp(handoff, events, monotonicMs());
		// live frames carry net changes, not rows: the screens learn which change each seq is from here
		if (spec && events.length) {
			const seq: number[] = [];
			const idx: number[] = [];
			for (const event of events) {
				const i = event.op === 'insert' ? indexOfSerial(spec, (event.payload as { serial?: string }).serial) : -1;
				if (i < 0) continue;
				seq.push(event.seq);
				idx.push(i);
				seqIndex.set(event.seq, i);
			}
			toParent({ type: 'seqs', seq: Float64Array.from(seq), idx: Int32Array.from(idx), upTo: events[events.length - 1].seq });
		}
		return append(events);
	};
	// every room broadcast goes through one BroadcastOperator class (`io.to(room)`, `io.local.to(room)`):
	// its emit, for the province room's feed frames, stamps the seqs the frame carries and times the call
	const operator = Object.getPrototypeOf(sockets.io.local) as { emit: (this: { rooms: Set<string> }, name: string, ...args: unknown[]) => boolean };
	const emit = operator.emit;
	operator.emit = function (name, ...args) {
		if (name !== 'feed' || !spec || !this.rooms.has(regionRoom(spec.counties[0].path[0]))) return emit.call(this, name, ...args);
		const frame = args[0] as FeedFrame;
		const t = monotonicMs();
		if (frame.net) {
			for (let seq = frame.from + 1; seq <= frame.upTo; seq++) {
				const i = seqIndex.get(seq);
				if (i !== undefined && emitted[i] === 0) emitted[i] = t;
			}
		} else stamp(emitted, frame.events, t);
		const sent = emit.call(this, name, ...args);
		emitCall.add(monotonicMs() - t);
		return sent;
	};
	publisherStats = () => runtime.hub.stats();
	stop = async () => {
		await sockets.close();
		await runtime.stop();
	};
} else if (mode === 'baseline') {
	const sql = connect(url, { max: 10, appName: 'liaowang-bench-baseline' });
	const io = new Server(http, { transports: ['websocket'], serveClient: false });
	io.use(async (socket, next) => {
		try {
			const token = cookieToken(socket.request.headers.cookie);
			const { session, user } = token ? await validateSessionToken(sql, token) : { session: null, user: null };
			if (!session) return next(new Error('未登录'));
			socket.data.scope = user.scope;
			next();
		} catch {
			next(new Error('服务暂时不可用'));
		}
	});
	io.on('connection', (socket) => socket.join(regionRoom(socket.data.scope as string)));
	let frames = 0;
	// the naive way: every notification becomes one emit to the rooms of its region path
	const listener = await sql.listen('bench_feed', (payload) => {
		const event = JSON.parse(payload) as FeedEvent;
		io.to(event.regionPath.map(regionRoom)).emit('change', event);
		frames++;
	});
	publisherStats = () => ({ frames, events: frames });
	stop = async () => {
		await listener.unlisten();
		io.disconnectSockets(true);
		await new Promise<void>((resolve) => io.close(() => resolve()));
		await sql.end({ timeout: 5 });
	};
} else if (mode === 'floor') {
	const rooms = new Map<string, Set<WebSocket>>();
	const wss = new WebSocketServer({ server: http, perMessageDeflate: false });
	wss.on('connection', (ws, request) => {
		const scope = new URL(request.url ?? '/', 'http://x').searchParams.get('scope') ?? '';
		let room = rooms.get(scope);
		if (!room) rooms.set(scope, (room = new Set()));
		room.add(ws);
		ws.on('close', () => room.delete(ws));
	});
	let frames = 0;
	// one JSON line per committed change from the load generator; encoded once, sent to each socket
	const intake = net.createServer((socket) => {
		let buffer = '';
		socket.setEncoding('utf8');
		socket.on('data', (chunk: string) => {
			buffer += chunk;
			let newline: number;
			while ((newline = buffer.indexOf('\n')) >= 0) {
				const line = buffer.slice(0, newline);
				buffer = buffer.slice(newline + 1);
				const event = JSON.parse(line) as FeedEvent;
				const data = Buffer.from(line);
				for (const adcode of event.regionPath) for (const ws of rooms.get(adcode) ?? []) ws.send(data, { binary: false });
				frames++;
			}
		});
	});
	await new Promise<void>((resolve) => intake.listen(0, '127.0.0.1', resolve));
	floorPort = (intake.address() as net.AddressInfo).port;
	publisherStats = () => ({ frames, events: frames });
	stop = async () => {
		intake.close();
		for (const ws of wss.clients) ws.terminate();
		await new Promise<void>((resolve) => wss.close(() => resolve()));
	};
} else {
	throw new Error(`unknown mode ${mode}`);
}

await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
const port = (http.address() as net.AddressInfo).port;

// a server that cannot keep up buffers without limit: stop it before it takes the machine
let rssMax = 0;
const guard = setInterval(() => {
	const rss = process.memoryUsage.rss();
	rssMax = Math.max(rssMax, rss);
	if (rss > rssLimit) {
		toParent({ type: 'overload', rssMB: Math.round(rss / 2 ** 20) });
		log(`RSS ${Math.round(rss / 2 ** 20)} MB over the limit: stopping`);
		setTimeout(() => process.exit(3), 200);
	}
}, 250);

const loopDelay = monitorEventLoopDelay({ resolution: 10 });
let measuredFrom = { cpu: process.cpuUsage(), at: performance.now() };

onParent(async (message) => {
	switch (message.type) {
		case 'go':
			spec = message.spec as PhaseSpec;
			seqIndex.clear();
			handoff = new Float64Array(spec.total);
			emitted = new Float64Array(spec.total);
			emitCall = new Histogram();
			break;
		case 'timeline':
			toParent({ type: 'timeline', handoff, emitted, emitCall: emitCall.toData() });
			break;
		case 'measure-start':
			measuredFrom = { cpu: process.cpuUsage(), at: performance.now() };
			loopDelay.reset();
			loopDelay.enable();
			rssMax = process.memoryUsage.rss();
			break;
		case 'measure-end': {
			loopDelay.disable();
			const cpu = process.cpuUsage(measuredFrom.cpu);
			const stats: ServerStats = {
				cpuUserMs: Math.round(cpu.user / 1000),
				cpuSystemMs: Math.round(cpu.system / 1000),
				wallMs: Math.round(performance.now() - measuredFrom.at),
				eventLoopP99Ms: Math.round(loopDelay.percentile(99) / 1e4) / 100,
				eventLoopMaxMs: Math.round(loopDelay.max / 1e4) / 100,
				rssMaxMB: Math.round(rssMax / 2 ** 20),
				...(publisherStats() ?? {})
			};
			toParent({ type: 'stats', stats });
			break;
		}
		case 'memory': {
			// after collection, twice, with a pause for finalizers: what the sockets really hold
			for (let i = 0; i < 3; i++) {
				globalThis.gc?.();
				await sleep(200);
			}
			const m = process.memoryUsage();
			toParent({ type: 'memory', rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers, gc: typeof globalThis.gc === 'function' });
			break;
		}
		case 'stop':
			clearInterval(guard);
			await Promise.race([stop(), sleep(4000)]).catch(() => {});
			process.exit(0);
	}
});

toParent({ type: 'ready', port, floorPort });
