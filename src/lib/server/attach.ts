import type { Server as HttpServer } from 'node:http';
import { attachFeedSockets, type FeedSockets } from './feed/socket.ts';
import type { Runtime } from './runtime.ts';

/**
 * Hosts the live side on an HTTP server: the one place dev (Vite plugin), preview and
 * production attach Socket.io, so all three behave the same. The sockets subscribe to the
 * runtime's feed hub; nothing of the runtime changes.
 */
export function attach(httpServer: HttpServer, runtime: Runtime): Promise<FeedSockets> {
	return attachFeedSockets(httpServer, {
		sql: runtime.sql,
		redis: runtime.redis,
		redisPrefix: runtime.config.redisPrefix,
		sessionRecheckMs: runtime.config.sessionRecheckMs,
		sessionIdleMs: runtime.config.sessionIdleMs,
		hub: runtime.hub,
		metrics: runtime.metrics
	});
}
