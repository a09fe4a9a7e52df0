import type { Server as HttpServer } from 'node:http';
import { createAdapter } from '@socket.io/redis-streams-adapter';
import { createClient } from 'redis';
import { Server } from 'socket.io';
import type { ClientToServerEvents, FeedEvent, ServerToClientEvents, ResumeReply } from '../../feed/protocol.ts';
import { regionRoom } from '../../feed/protocol.ts';
import type { Sql } from '../db/connection.ts';
import { readSince } from './outbox.ts';

export type FeedSockets = {
	io: Server<ClientToServerEvents, ServerToClientEvents>;
	/** pushes a committed batch to every room it concerns: one encoded frame per room */
	publish: (events: FeedEvent[]) => void;
	close: () => Promise<void>;
};

type RedisClient = ReturnType<typeof createClient>;

/** Groups a batch by the region rooms it belongs to (every level of each event's path). */
export function framesByRoom(events: FeedEvent[]): Map<string, FeedEvent[]> {
	const rooms = new Map<string, FeedEvent[]>();
	for (const event of events) {
		for (const adcode of event.regionPath) {
			const room = regionRoom(adcode);
			const list = rooms.get(room);
			if (list) list.push(event);
			else rooms.set(room, [event]);
		}
	}
	return rooms;
}

/**
 * Socket.io on the app's own HTTP server, websocket transport only (no sticky sessions needed
 * behind a load balancer). With Redis, frames reach sockets on every node through the
 * redis-streams adapter; without it, the in-memory adapter serves one node.
 */
export async function attachFeedSockets(
	httpServer: HttpServer,
	options: { sql: Sql; redis: RedisClient | null; redisPrefix: string; scope: () => string }
): Promise<FeedSockets> {
	const io = new Server<ClientToServerEvents, ServerToClientEvents>(httpServer, {
		transports: ['websocket'],
		serveClient: false,
		...(options.redis ? { adapter: createAdapter(options.redis, { streamName: `${options.redisPrefix}:socket.io` }) } : {})
	});

	io.on('connection', (socket) => {
		// TODO(#3): rooms from the signed-in user's region scope; until then everyone sees the province
		const scope = options.scope();
		socket.join(regionRoom(scope));
		socket.on('resume', async (since, reply) => {
			if (typeof reply !== 'function') return;
			if (!Number.isSafeInteger(since) || since < 0) {
				reply({ ok: false, reason: 'invalid', message: '参数 since 必须是非负整数' } satisfies ResumeReply);
				return;
			}
			try {
				const frame = await readSince(options.sql, since, scope);
				reply(frame ? { ok: true, frame } : { ok: false, reason: 'too_old', message: '断线时间过长，请重新加载快照' });
			} catch {
				reply({ ok: false, reason: 'unavailable', message: '服务暂时不可用' });
			}
		});
	});

	return {
		io,
		publish(events) {
			if (events.length === 0) return;
			const upTo = events[events.length - 1].seq;
			for (const [room, list] of framesByRoom(events)) io.to(room).emit('feed', { upTo, events: list });
		},
		async close() {
			io.disconnectSockets(true);
			await new Promise<void>((resolve) => io.close(() => resolve()));
		}
	};
}
