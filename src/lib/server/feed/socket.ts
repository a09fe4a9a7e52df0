import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Server, type Socket } from 'socket.io';
import { can } from '../../domain/access.ts';
import type { ClientToServerEvents, FeedFrame, ServerToClientEvents, ResumeReply } from '../../feed/protocol.ts';
import { regionRoom, unitRoom } from '../../feed/protocol.ts';
import { NODE_NAME, type Metrics } from '../metrics.ts';
import { SESSION_COOKIE, validateSessionToken, type SessionUser } from '../auth/session.ts';
import type { Sql } from '../db/connection.ts';
import type { RedisClient } from '../redis.ts';
import type { FeedHub, FeedSink } from './hub.ts';
import { tickOf, type FeedTicks } from './publisher.ts';
import { cookie, sameOrigin } from './origin.ts';
import { answerResume } from './resume.ts';
import { sweepSessions } from './sessions.ts';

type SocketData = { user: SessionUser; sessionId: string; node: string };
/**
 * between nodes, in the order the relay's node sends them: a room's frame, and the heartbeat
 * (once a second, for every room)
 */
type InterServerEvents = { frame: (room: string, frame: FeedFrame) => void; ticks: (ticks: FeedTicks) => void };
type FeedServer = Server<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;
type FeedSocket = Socket<ClientToServerEvents, ServerToClientEvents, InterServerEvents, SocketData>;

export type FeedSockets = { io: FeedServer; close: () => Promise<void> };

const REGION_ROOM = regionRoom('');
const sessionRoom = (id: string) => `session:${id}`;

/**
 * Socket.io on the app's own HTTP server, websocket transport only (no sticky sessions needed
 * behind a load balancer). A socket needs a valid session allowed to watch the screen; the
 * server puts it in its scope's room — a client never names a room — and answers its resumes.
 * The sockets subscribe to the node's feed hub, which sends the frames, ticks and letters; with
 * Redis they reach sockets on every node through the redis-streams adapter (frames and ticks as
 * server-side messages, in order; letters and ended sessions as room broadcasts).
 */
export async function attachFeedSockets(
	httpServer: HttpServer,
	options: { sql: Sql; redis: RedisClient | null; redisPrefix: string; sessionRecheckMs: number; sessionIdleMs?: number; hub: FeedHub; metrics?: Metrics }
): Promise<FeedSockets> {
	const { sql, hub, metrics } = options;
	const io: FeedServer = new Server(httpServer, {
		transports: ['websocket'],
		serveClient: false,
		allowRequest: (request, callback) => callback(sameOrigin(request) ? null : 'origin not allowed', sameOrigin(request)),
		...(options.redis ? { adapter: createAdapter(options.redis, { streamName: `${options.redisPrefix}:socket.io` }) } : {})
	});

	// authentication: socket.io does not await middleware, so anything thrown here would be an unhandled rejection
	io.use(async (socket, next) => {
		try {
			const token = cookie(socket.request, SESSION_COOKIE);
			const { session, user } = token ? await validateSessionToken(sql, token, new Date(), options.sessionIdleMs) : { session: null, user: null };
			// a unit account has no screen: its socket only hears of letters to its own unit
			if (!session || !(can(user, 'screen.view') || (can(user, 'letters.respond') && user.unitId !== null))) return next(new Error('未登录或无权查看'));
			socket.data = { user, sessionId: session.id, node: NODE_NAME };
			next();
		} catch {
			next(new Error('服务暂时不可用'));
		}
	});

	// rooms and resume
	io.on('connection', (socket: FeedSocket) => {
		const { user, sessionId } = socket.data;
		const watcher = can(user, 'screen.view');
		socket.join([watcher ? regionRoom(user.scope) : unitRoom(user.unitId!), sessionRoom(sessionId)]);
		socket.on('resume', async (since, reply) => {
			if (typeof reply !== 'function') return;
			if (!watcher) return reply({ ok: false, reason: 'invalid', message: '该账号只接收本单位的函件通知，没有大屏数据' } satisfies ResumeReply);
			reply(await answerResume({ sql, recent: hub.recent, metrics }, since, user.scope));
		});
	});

	const stopSweep = sweepSessions(sql, {
		everyMs: options.sessionRecheckMs,
		sockets: () => [...io.of('/').sockets.values()].map((s) => ({ sessionId: s.data.sessionId, disconnect: () => s.disconnect(true) }))
	});

	// frames and ticks: the relay's node sends them to its own sockets at once and to the other
	// nodes as server-side messages, which the adapter sends through Redis pub/sub on one
	// connection, so every node receives them in the order they were sent and a tick never
	// overtakes the frame it follows. (A room broadcast would go through the adapter's stream, read
	// by polling, and reach even the sending node's own sockets only once Redis had answered: the
	// ticks, faster, then showed screens gaps that were not there — a resume a second for every
	// screen — and a Redis restart held the relay's own screens' frames until it came back.) A
	// node that misses some (Redis restarting) sees the gap in the next frame or tick and asks
	// for it. Each node ticks only the region rooms its own sockets are in: a room nobody watches
	// costs nothing.
	const tickLocally = (ticks: FeedTicks) => {
		for (const room of io.of('/').adapter.rooms.keys()) {
			if (!room.startsWith(REGION_ROOM)) continue;
			const tick = tickOf(ticks, room);
			if (tick) io.local.to(room).emit('tick', tick);
		}
	};
	// (a room none of this node's sockets are in is skipped before Socket.io encodes the frame for nobody)
	const frameLocally = (room: string, frame: FeedFrame) => {
		if (room.startsWith(REGION_ROOM) && io.of('/').adapter.rooms.has(room)) io.local.to(room).emit('feed', frame);
	};
	if (options.redis) {
		io.on('frame', frameLocally);
		io.on('ticks', tickLocally);
	}

	const sink: FeedSink = {
		frame(room, frame) {
			frameLocally(room, frame);
			if (options.redis) io.serverSideEmit('frame', room, frame);
		},
		ticks(ticks) {
			tickLocally(ticks);
			if (options.redis) io.serverSideEmit('ticks', ticks);
		},
		letter: (unitId, event) => io.to(unitRoom(unitId)).emit('letter', event),
		endSessions(sessionIds) {
			for (const id of sessionIds) io.in(sessionRoom(id)).disconnectSockets(true);
		},
		socketsByScope() {
			const counts = new Map<string, number>();
			for (const socket of io.of('/').sockets.values()) {
				const scope = socket.data.user?.scope;
				if (scope) counts.set(scope, (counts.get(scope) ?? 0) + 1);
			}
			return counts;
		},
		async screensEverywhere() {
			return (await io.fetchSockets()).map((socket) => ({ node: socket.data.node, scope: socket.data.user.scope }));
		}
	};
	const unsubscribe = hub.subscribe(sink);

	return {
		io,
		async close() {
			unsubscribe();
			stopSweep();
			io.disconnectSockets(true);
			await new Promise<void>((resolve) => io.close(() => resolve()));
		}
	};
}
