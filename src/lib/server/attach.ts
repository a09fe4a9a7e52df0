import type { Server as HttpServer } from 'node:http';
import { attachFeedSockets, type FeedSockets } from './feed/socket.ts';
import type { Runtime } from './runtime.ts';

/**
 * Hosts the live side on an HTTP server: the one place dev (Vite plugin), preview and
 * production attach Socket.io, so all three behave the same.
 */
export async function attach(httpServer: HttpServer, runtime: Runtime): Promise<FeedSockets> {
	const sockets = await attachFeedSockets(httpServer, {
		sql: runtime.sql,
		redis: runtime.redis,
		redisPrefix: runtime.config.redisPrefix,
		sessionRecheckMs: runtime.config.sessionRecheckMs,
		sessionIdleMs: runtime.config.sessionIdleMs,
		recent: runtime.recent,
		metrics: runtime.metrics
	});
	// a relay that took over before the sockets existed continues from where it stands now
	const relay = runtime.relay.status();
	if (relay.leader) sockets.lead(relay.lastSeq);
	runtime.sockets = sockets;
	runtime.publish = sockets.publish;
	runtime.tick = sockets.tick;
	runtime.lead = sockets.lead;
	runtime.metrics.probe({
		leader: () => runtime.relay.status().leader,
		published: () => sockets.publisherStats().position,
		sockets: sockets.socketsByScope
	});
	runtime.endSessions = sockets.endSessions;
	return sockets;
}
