import type { Config } from './config.ts';
import type { Sql } from './db/connection.ts';
import type { DatabaseRole } from './db/roles.ts';
import type { Reads } from './db/replica.ts';
import type { Relay } from './feed/relay.ts';
import type { RedisClient } from './redis.ts';
import type { SignInLimits } from './auth/sign-in-limit.ts';
import type { Metrics } from './metrics.ts';
import type { FeedHub } from './feed/hub.ts';

/**
 * What a running node holds: one pool, the feed hub and the relay feeding it. Built whole by
 * start.ts, in order; nothing is filled in later. SvelteKit's bundle and the
 * server entry load this code as separate module copies, so the one instance lives on
 * globalThis under a registered symbol.
 */
export type Runtime = {
	config: Config;
	sql: Sql;
	/** the role the pool serves as (a superuser or the tables' owner is warned about on /admin/status) */
	database: DatabaseRole;
	/** heavy reads: on the read replica where configured and keeping up, else on `sql` */
	reads: Reads;
	redis: RedisClient | null;
	/** the adcode of the province this deployment serves */
	rootRegion: string;
	/** the feed on this node: recent buffer, publisher; the sockets subscribe to it (attach.ts) */
	hub: FeedHub;
	/** stamps the outbox and hands each committed batch to the hub */
	relay: Relay;
	metrics: Metrics;
	/** disconnects every socket of these sessions, on every node */
	endSessions: (sessionIds: string[]) => void;
	signInLimits: SignInLimits;
	startedAt: Date;
	stop: () => Promise<void>;
};

const KEY = Symbol.for('liaowang.runtime');
type Holder = { [KEY]?: Runtime };

export function setRuntime(runtime: Runtime | undefined): void {
	(globalThis as Holder)[KEY] = runtime;
}

export function runtime(): Runtime {
	const current = (globalThis as Holder)[KEY];
	if (!current) throw new Error('服务尚未启动完成');
	return current;
}

export function hasRuntime(): boolean {
	return (globalThis as Holder)[KEY] !== undefined;
}
