import { error, fail } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { noticeStatus, refusedText } from '$lib/domain/calendar-status.ts';
import { localDate } from '$lib/domain/deadlines.ts';
import { archiveCutoff } from '$lib/domain/retention.ts';
import { auditHolding, oldestOutbox } from '$lib/server/auth/audit-archive.ts';
import { loadClockConfig } from '$lib/server/clocks/config.ts';
import { replicaSummary } from '$lib/server/db/replica-lag.ts';
import { latestRebuild } from '$lib/server/feed/rebuild.ts';
import { rateInputsProgress } from '$lib/server/feed/rate-inputs-build.ts';
import { RELAY_LOCK } from '$lib/server/feed/relay.ts';
import { rollupDifferences } from '$lib/server/feed/rollups.ts';
import { feedLag, NODE_NAME, relayOwner } from '$lib/server/metrics.ts';
import { runtime } from '$lib/server/runtime.ts';
import { roleWarning } from '$lib/server/db/roles.ts';
import { unmaskAlertsFor } from '$lib/server/auth/unmask-watch.ts';
import { UNMASK_ALERT_PER_HOUR } from '$lib/domain/unmask.ts';
import { regionNames } from '$lib/server/screen/regions.ts';

type ScreenCount = { node: string; scope: string; name: string; count: number };

/** Screens connected on every node (through the adapter when Redis joins the nodes). */
async function screensEverywhere(): Promise<ScreenCount[] | null> {
	const { hub, sql } = runtime();
	const all = await Promise.race([hub.screensEverywhere(), new Promise<null>((r) => setTimeout(() => r(null), 3000))]).catch(() => null);
	if (!all) return null;
	const counts = new Map<string, ScreenCount>();
	for (const socket of all) {
		const key = `${socket.node}|${socket.scope}`;
		const entry = counts.get(key) ?? { node: socket.node, scope: socket.scope, name: '', count: 0 };
		entry.count++;
		counts.set(key, entry);
	}
	const names = await regionNames(sql, [...new Set([...counts.values()].map((c) => c.scope))]);
	return [...counts.values()]
		.map((c) => ({ ...c, name: names.get(c.scope) ?? c.scope }))
		.sort((a, b) => a.node.localeCompare(b.node) || b.count - a.count);
}

export async function load({ locals }) {
	if (!can(locals.user, 'ops.view')) error(403, '您的账号无权查看运行状态');
	const { sql, relay, hub, redis, startedAt, config: settings, database, reads } = runtime();
	const [lag, owner, screens, config, rebuild, audit, outboxAt, unmask, rateInputs] = await Promise.all([
		feedLag(sql),
		relayOwner(sql, RELAY_LOCK),
		screensEverywhere(),
		loadClockConfig(sql),
		latestRebuild(sql),
		auditHolding(sql),
		oldestOutbox(sql),
		unmaskAlertsFor(sql, locals.user!.scope),
		rateInputsProgress(sql)
	]);
	const published = hub.stats();
	return {
		node: NODE_NAME,
		startedAt: startedAt.toISOString(),
		redis: redis ? (redis.isReady ? '已连接' : '重连中') : '未配置（单节点，进程内推送）',
		replica: replicaSummary(reads.status()),
		relay: { ...relay.status(), owner },
		lag: { ...lag, relayedAt: lag.relayedAt?.toISOString() ?? null },
		published,
		screens,
		rebuild: rebuild && {
			...rebuild,
			requestedAt: rebuild.requestedAt.toISOString(),
			startedAt: rebuild.startedAt?.toISOString() ?? null,
			finishedAt: rebuild.finishedAt?.toISOString() ?? null
		},
		rateInputs,
		retention: {
			auditMonths: settings.auditRetentionMonths,
			archiveBefore: archiveCutoff(new Date(), settings.auditRetentionMonths).toISOString(),
			outboxDays: settings.retentionDays,
			audit: { ...audit, oldestLive: audit.oldestLive?.toISOString() ?? null, oldestArchived: audit.oldestArchived?.toISOString() ?? null },
			oldestOutbox: outboxAt?.toISOString() ?? null
		},
		security: {
			// the role this node serves as: a superuser or the tables' owner is a finding (README: 数据库角色)
			database: { user: database.user, warning: roleWarning(database) },
			unmaskAlerts: unmask,
			unmaskLine: UNMASK_ALERT_PER_HOUR,
			notified: !!settings.letters.webhookUrl
		},
		holidays: { notices: noticeStatus(config.calendar, localDate(new Date())), refused: (config.calendarRefused ?? []).map(refusedText) }
	};
}

export const actions = {
	/** compares rollups with a GROUP BY over the base table */
	async check({ locals }) {
		if (!can(locals.user, 'ops.view')) return fail(403, { message: '您的账号无权执行汇总核对' });
		const started = Date.now();
		const differences = await rollupDifferences(runtime().sql, 50);
		return { checked: { ms: Date.now() - started, differences } };
	}
};
