import type { Server as HttpServer, IncomingMessage } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { Server, type Socket } from 'socket.io';
import { can } from '../../domain/access.ts';
import type { ClientToServerEvents, FeedEvent, LetterPayload, ServerToClientEvents, ResumeReply } from '../../feed/protocol.ts';
import { regionRoom, unitRoom } from '../../feed/protocol.ts';
import { NODE_NAME, type Metrics } from '../metrics.ts';
import { createPublisher, type PublisherStats } from './publisher.ts';
import type { RecentFeed } from './recent.ts';
import { SESSION_COOKIE, validateSessionToken, type SessionUser } from '../auth/session.ts';
import type { Sql } from '../db/connection.ts';
import type { RedisClient } from '../redis.ts';
import { readSince } from './outbox.ts';

type SocketData = { user: SessionUser; sessionId: string; node: string };
type FeedServer = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
type FeedSocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;

export type FeedSockets = {
	io: FeedServer;
	/** pushes a committed batch to every room it concerns, coalesced: see publisher.ts */
	publish: (events: FeedEvent[]) => void;
	/** the feed's heartbeat to every region room (called by the relay, about once a second) */
	tick: () => void;
	/** this node became the relay at this feed position */
	lead: (seq: number) => void;
	publisherStats: () => PublisherStats;
	/** connected sockets on this node by scope adcode */
	socketsByScope: () => Map<string, number>;
	/** disconnects the sockets of ended sessions, on every node */
	endSessions: (sessionIds: string[]) => void;
	close: () => Promise<void>;
};

const sessionRoom = (id: string) => `session:${id}`;

function cookie(request: IncomingMessage, name: string): string | null {
	for (const part of (request.headers.cookie ?? '').split(';')) {
		const [key, ...value] = part.trim().split('=');
		if (key !== name) continue;
		try {
			return decodeURIComponent(value.join('='));
		} catch {
			return null; // a malformed cookie is no session, not a crash
		}
	}
	return null;
}

/**
 * The origin this server's pages have, as adapter-node sees it: ORIGIN when the operator set it,
 * else the scheme (a TLS proxy's PROTOCOL_HEADER, or this connection's own) and the host
 * (HOST_HEADER, or Host). Scheme included: a page on http:// must not drive a socket of https://.
 */
export function ownOrigin(request: IncomingMessage, env: Record<string, string | undefined> = process.env): string | null {
	try {
		if (env.ORIGIN) return new URL(env.ORIGIN).origin;
		const header = (name: string | undefined) => {
			const value = name ? request.headers[name.toLowerCase()] : undefined;
			return (Array.isArray(value) ? value[0] : value)?.split(',')[0].trim();
		};
		const proxied = env.PROTOCOL_HEADER && env.PROTOCOL_HEADER !== 'x-liaowang-protocol' ? header(env.PROTOCOL_HEADER) : undefined;
		const scheme = proxied ?? ('encrypted' in request.socket && request.socket.encrypted ? 'https' : 'http');
		const host = header(env.HOST_HEADER) ?? request.headers.host;
		return host && /^https?$/.test(scheme) ? new URL(`${scheme}://${host}`).origin : null;
	} catch {
		return null;
	}
}

/** A websocket from another site (another host, port or scheme) is refused before it is upgraded (browsers send Origin). */
export function sameOrigin(request: IncomingMessage, env: Record<string, string | undefined> = process.env): boolean {
	const origin = request.headers.origin;
	if (!origin) return true; // not a browser; it still needs a valid session cookie
	try {
		const own = ownOrigin(request, env);
		return own !== null && new URL(origin).origin === own;
	} catch {
		return false;
	}
}

/**
 * Socket.io on the app's own HTTP server, websocket transport only (no sticky sessions needed
 * behind a load balancer). A socket needs a valid session allowed to watch the screen; the
 * server puts it in its scope's room — a client never names a room. With Redis, frames reach
 * sockets on every node through the redis-streams adapter.
 */
export async function attachFeedSockets(
	httpServer: HttpServer,
	options: { sql: Sql; redis: RedisClient | null; redisPrefix: string; sessionRecheckMs: number; sessionIdleMs?: number; recent: RecentFeed; metrics?: Metrics }
): Promise<FeedSockets> {
	const { metrics } = options;
	const io: FeedServer = new Server(httpServer, {
		transports: ['websocket'],
		serveClient: false,
		allowRequest: (request, callback) => callback(sameOrigin(request) ? null : 'origin not allowed', sameOrigin(request)),
		...(options.redis ? { adapter: createAdapter(options.redis, { streamName: `${options.redisPrefix}:socket.io` }) } : {})
	});

	io.use(async (socket, next) => {
		// socket.io does not await middleware: anything thrown here would be an unhandled rejection
		try {
			const token = cookie(socket.request, SESSION_COOKIE);
			const { session, user } = token ? await validateSessionToken(options.sql, token, new Date(), options.sessionIdleMs) : { session: null, user: null };
			// a unit account has no screen: its socket only hears of letters to its own unit
			if (!session || !(can(user, 'screen.view') || (can(user, 'letters.respond') && user.unitId !== null))) return next(new Error('未登录或无权查看'));
			socket.data = { user, sessionId: session.id, node: NODE_NAME };
			next();
		} catch {
			next(new Error('服务暂时不可用'));
		}
	});

	io.on('connection', (socket: FeedSocket) => {
		const { user, sessionId } = socket.data;
		const watcher = can(user, 'screen.view');
		socket.join([watcher ? regionRoom(user.scope) : unitRoom(user.unitId!), sessionRoom(sessionId)]);
		socket.on('resume', async (since, reply) => {
			if (typeof reply !== 'function') return;
			if (!watcher) {
				reply({ ok: false, reason: 'invalid', message: '该账号只接收本单位的函件通知，没有大屏数据' } satisfies ResumeReply);
				return;
			}
			if (!Number.isSafeInteger(since) || since < 0) {
				reply({ ok: false, reason: 'invalid', message: '参数 since 必须是非负整数' } satisfies ResumeReply);
				return;
			}
			try {
				let frame = await options.recent.since(since, user.scope);
				let source = 'recent';
				if (!frame) {
					frame = await readSince(options.sql, since, user.scope);
					source = frame ? 'outbox' : 'snapshot';
				}
				metrics?.resumes.inc({ source });
				reply(frame ? { ok: true, frame } : { ok: false, reason: 'too_old', message: '断线时间过长，请重新加载快照' });
			} catch {
				reply({ ok: false, reason: 'unavailable', message: '服务暂时不可用' });
			}
		});
	});

	// sessions also end by expiry or elsewhere: sweep this node's sockets now and then
	const recheck = setInterval(async () => {
		const sockets = [...io.of('/').sockets.values()];
		if (sockets.length === 0) return;
		const ids = [...new Set(sockets.map((s) => s.data.sessionId))];
		const alive = new Set(
			(
				await options.sql<{ id: string }[]>`
					select s.id from user_session s join app_user u on u.id = s.user_id
					 where s.id = any(${options.sql.array(ids)}) and s.expires_at > now() and s.absolute_expires_at > now()
					   and u.disabled_at is null`.catch(() => ids.map((id) => ({ id })))
			).map((r) => r.id)
		);
		for (const socket of sockets) if (!alive.has(socket.data.sessionId)) socket.disconnect(true);
	}, options.sessionRecheckMs);
	recheck.unref();

	const rooms = (await options.sql<{ adcode: string }[]>`select adcode from region order by adcode`).map((r) => regionRoom(r.adcode));
	const publisher = createPublisher({
		emit: {
			frame(room, frame) {
				io.to(room).emit('feed', frame);
				metrics?.frames.inc();
				metrics?.events.inc(frame.events.length);
			},
			tick: (room, tick) => io.to(room).emit('tick', tick)
		}
	});

	return {
		io,
		publish(events) {
			publisher.publish(events);
			// 三函: the recipient unit's accounts hear of their letters at once (their inbox reloads from the database)
			for (const event of events)
				if (event.topic === 'letter') {
					const letter = event as FeedEvent<LetterPayload>;
					io.to(unitRoom(letter.payload.recipientUnitId)).emit('letter', letter);
				}
		},
		tick: () => publisher.tick(rooms),
		lead: publisher.startAt,
		publisherStats: publisher.stats,
		socketsByScope() {
			const counts = new Map<string, number>();
			for (const socket of io.of('/').sockets.values()) {
				const scope = socket.data.user?.scope;
				if (scope) counts.set(scope, (counts.get(scope) ?? 0) + 1);
			}
			return counts;
		},
		endSessions(sessionIds) {
			for (const id of sessionIds) io.in(sessionRoom(id)).disconnectSockets(true);
		},
		async close() {
			clearInterval(recheck);
			publisher.stop();
			io.disconnectSockets(true);
			await new Promise<void>((resolve) => io.close(() => resolve()));
		}
	};
}
