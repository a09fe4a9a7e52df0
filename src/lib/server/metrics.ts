import { hostname } from 'node:os';
import { Counter, Gauge, Registry, collectDefaultMetrics } from 'prom-client';
import type { Sql } from './db/connection.ts';

/** This node's name in metrics, the status page and Postgres' application_name. */
export const NODE_NAME = `${hostname()}:${process.pid}`;

export type FeedProbe = {
	/** is this node the relay now */
	leader: () => boolean;
	/** the last seq this node published (meaningful on the relay) */
	published: () => number;
	/** connected screens on this node, by scope adcode */
	sockets: () => Map<string, number>;
};

export type Metrics = {
	registry: Registry;
	frames: Counter;
	events: Counter;
	resumes: Counter<'source'>;
	/** wires the gauges read at scrape time */
	probe: (probe: FeedProbe) => void;
};

/** The feed's state as operations sees it: lag at each stage, who relays, who watches. */
export async function feedLag(sql: Sql) {
	const [row] = await sql<{ newestId: string | null; pending: string; oldestPendingSeconds: number | null; relayed: string; relayedAt: Date | null }[]>`
		select (select max(id) from outbox)::text as "newestId",
		       (select count(*) from outbox where seq is null)::text as pending,
		       (select extract(epoch from now() - min(created_at)) from outbox where seq is null)::float8 as "oldestPendingSeconds",
		       last_seq::text as relayed, relayed_at as "relayedAt"
		  from feed_state`;
	return {
		pending: Number(row.pending),
		oldestPendingSeconds: row.oldestPendingSeconds ?? 0,
		relayed: Number(row.relayed),
		relayedAt: row.relayedAt
	};
}

/** Who holds the relay's advisory lock, by the application_name of the holding session. */
export async function relayOwner(sql: Sql, lockKey: number): Promise<string | null> {
	const [row] = await sql<{ name: string }[]>`
		select a.application_name as name
		  from pg_locks l join pg_stat_activity a on a.pid = l.pid
		 where l.locktype = 'advisory' and l.granted and l.objid = ${lockKey} and l.database = (select oid from pg_database where datname = current_database())
		 limit 1`;
	return row?.name ?? null;
}

export function createMetrics(sql: Sql): Metrics {
	const registry = new Registry();
	registry.setDefaultLabels({ node: NODE_NAME });
	collectDefaultMetrics({ register: registry });
	let probe: FeedProbe = { leader: () => false, published: () => 0, sockets: () => new Map() };

	const pending = new Gauge({ name: 'liaowang_feed_pending_rows', help: '尚未被中继编号的变更行数', registers: [registry] });
	const pendingAge = new Gauge({ name: 'liaowang_feed_pending_age_seconds', help: '最早一条未编号变更已等待的秒数', registers: [registry] });
	new Gauge({
		name: 'liaowang_feed_relayed_seq',
		help: '中继已编号并计入汇总的最新序号',
		registers: [registry],
		async collect() {
			try {
				const lag = await feedLag(sql);
				this.set(lag.relayed);
				pending.set(lag.pending);
				pendingAge.set(lag.oldestPendingSeconds);
			} catch {
				// the database is down: the gauges keep their last values, the scrape still answers
			}
		}
	});
	new Gauge({
		name: 'liaowang_feed_published_seq',
		help: '本节点已推送的最新序号（仅中继节点）',
		registers: [registry],
		collect() {
			this.set(probe.published());
		}
	});
	new Gauge({
		name: 'liaowang_relay_leader',
		help: '本节点是否为中继（1 是，0 否）',
		registers: [registry],
		collect() {
			this.set(probe.leader() ? 1 : 0);
		}
	});
	new Gauge({
		name: 'liaowang_screens_connected',
		help: '本节点已连接的大屏与页面数，按范围',
		labelNames: ['scope'],
		registers: [registry],
		collect() {
			this.reset();
			for (const [scope, count] of probe.sockets()) this.set({ scope }, count);
		}
	});
	return {
		registry,
		frames: new Counter({ name: 'liaowang_feed_frames_total', help: '推送的帧数（每房间一帧）', registers: [registry] }),
		events: new Counter({ name: 'liaowang_feed_events_total', help: '推送的变更事件数（按房间计）', registers: [registry] }),
		resumes: new Counter({ name: 'liaowang_feed_resumes_total', help: '客户端补齐请求数，按来源', labelNames: ['source'], registers: [registry] }),
		probe(next) {
			probe = next;
		}
	};
}
