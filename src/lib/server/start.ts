import type { Config } from './config.ts';
import { connect, ping, type Sql } from './db/connection.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './db/embedded.ts';
import { migrate } from './db/migrate.ts';
import { grantRuntime, roleOf, roleWarning } from './db/roles.ts';
import { assertSchemaNotNewer } from './ops/schema-guard.ts';
import { startRelay } from './feed/relay.ts';
import { connectRedis, redact, type RedisClient } from './redis.ts';
import { createReads } from './db/replica.ts';
import { setRuntime, type Runtime } from './runtime.ts';
import { StartupError } from './startup-error.ts';
import { createSignInLimits } from './auth/sign-in-limit.ts';
import { memoryRecent, redisRecent } from './feed/recent.ts';
import { createFeedHub, type Region } from './feed/hub.ts';
import { ensureRules } from './clocks/config.ts';
import { startSweeper } from './clocks/sweeper.ts';
import { startRateBoard } from './screen/rate-board.ts';
import { createMetrics, NODE_NAME } from './metrics.ts';
import { startLetterServices } from './letters/services.ts';
import { startAuditArchiver } from './auth/audit-archive.ts';
import { startPersonalData } from './personal-data/startup.ts';
import path from 'node:path';

export type StartHooks = {
	log: (message: string) => void;
	/** long steps (demo data) report here so the operator sees progress */
	progress?: (phase: string, done: number, total: number) => void;
};

/**
 * Brings up a node: database (embedded unless DATABASE_URL), migrations and demo data as the owner
 * role (DATABASE_OWNER_URL, the embedded owner), then serving as the runtime role; demo data when asked,
 * Redis when configured, the relay and the simulator. On any failure it undoes what it started.
 */
export async function startRuntime(config: Config, hooks: StartHooks): Promise<Runtime> {
	const { log } = hooks;
	const cleanups: (() => Promise<unknown>)[] = [];
	const undo = async () => {
		for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {});
	};
	try {
		// two roles: the owner migrates and loads the demo; the app serves as the runtime role
		let url = config.databaseUrl;
		let ownerUrl = config.databaseOwnerUrl ?? config.databaseUrl;
		let embedded: EmbeddedPostgres | null = null;
		if (!url) {
			const started = Date.now();
			embedded = await startEmbeddedPostgres(config.dataDir, {
				fallbackDir: config.dataDirExplicit ? undefined : '/var/lib/liaowang',
				log
			});
			cleanups.push(() => embedded!.stop());
			url = embedded.appUrl;
			ownerUrl = embedded.url;
			log(`内嵌 PostgreSQL 已启动（${embedded.dir}，${Date.now() - started} ms）`);
		}
		const sql = connect(url, { max: 20, appName: `liaowang ${NODE_NAME}` });
		cleanups.push(() => sql.end({ timeout: 5 }));
		const separate = ownerUrl !== url;
		const owner = separate ? connect(ownerUrl!, { max: 4, appName: `liaowang-owner ${NODE_NAME}` }) : sql;
		try {
			const pools: { pool: Sql; setting: string; url: string }[] = [{ pool: sql, setting: embedded ? '内嵌数据库（运行角色）' : 'DATABASE_URL', url }];
			if (separate) pools.push({ pool: owner, setting: embedded ? '内嵌数据库（属主角色）' : 'DATABASE_OWNER_URL', url: ownerUrl! });
			for (const { pool, setting, url: shown } of pools) {
				try {
					await ping(pool);
				} catch (error) {
					throw new StartupError(`无法连接数据库 ${redact(shown)}：${(error as Error).message}`, `请检查 ${setting} 与数据库服务`);
				}
			}
			await assertSchemaNotNewer(owner);
			const applied = await migrate(owner, undefined, { log });
			if (applied.length) log(`已执行数据库迁移：${applied.join('、')}`);
			if (separate) await grantRuntime(owner, (await roleOf(sql)).user);
			// the personal-data keys: beside the embedded database's folder, or the configured data folder
			await startPersonalData(owner, embedded ? path.dirname(embedded.dir) : config.dataDir, process.env, hooks);
			await ensureRules(owner);

			if (config.demo.enabled) {
				const { generateDemoData } = await import('./sim/generate.ts');
				const started = Date.now();
				const result = await generateDemoData(owner, {
					items: config.demo.items,
					seed: config.demo.seed,
					onProgress: (done, total, phase) => hooks.progress?.(phase, done, total)
				});
				if (result.generated) log(`演示数据已生成：${config.demo.items} 件信访事项，用时 ${((Date.now() - started) / 1000).toFixed(1)} s`);
				const { ensureDemoUsers, DEMO_PASSWORD } = await import('./auth/demo-users.ts');
				if ((await ensureDemoUsers(owner)) > 0) log(`已创建演示账号（密码均为 ${DEMO_PASSWORD}，见 README）`);
				const { ensureDemoLetters } = await import('./sim/letters.ts');
				const letters = await ensureDemoLetters(owner);
				if (letters > 0) log(`已生成演示函件台账：${letters} 份三函`);
				// after the letters register (its 文号 series continue): the 历下区信访局 account's own work
				const { ensureDemoUnitDesk } = await import('./sim/unit-desk.ts');
				try {
					const desk = await ensureDemoUnitDesk(owner);
					if (desk) log(`已为演示承办单位账号生成待办：${desk.items} 件信访事项、${desk.letters} 份三函、${desk.cases} 个包案`);
				} catch (error) {
					// the demo runs without it: the rest of the data is whole
					log(`注意：演示承办单位账号的待办未能生成：${(error as Error).message}`);
				}
			}
		} finally {
			// the owner's rights end with start-up: nothing the node runs afterwards holds them
			if (separate) await owner.end({ timeout: 5 });
		}
		const database = await roleOf(sql);
		const warning = roleWarning(database);
		if (warning) log(`注意：${warning}`);
		const [root] = await sql<{ adcode: string }[]>`select adcode from region where level = 'province' order by adcode limit 1`;
		if (!root)
			throw new StartupError('数据库中还没有行政区划数据', '首次体验请运行 npm run demo 载入演示数据');

		let redis: RedisClient | null = null;
		if (config.redisUrl) {
			redis = await connectRedis(config.redisUrl, log);
			cleanups.push(() => redis!.quit());
		}

		const reads = createReads(sql, { replicaUrl: config.databaseReplicaUrl, maxLagMs: config.replicaMaxLagSeconds * 1000, log, appName: `liaowang ${NODE_NAME} replica` });
		cleanups.push(() => reads.close());
		if (config.databaseReplicaUrl) log(`只读副本：${redact(config.databaseReplicaUrl)}（快照、考核指标与导出在此读取，落后超过 ${config.replicaMaxLagSeconds} 秒时改用主库）`);

		// the feed, in the order an event travels: the hub (recent buffer, publisher; sockets subscribe
		// to it once the HTTP server attaches them), then the relay that feeds it
		const metrics = createMetrics(sql);
		const regions = await sql<Region[]>`select adcode, level, parent from region order by adcode`;
		const [rules] = await sql<{ at: number }[]>`select group_threshold() as at`;
		const recent = redis ? redisRecent(redis, `${config.redisPrefix}:feed`) : memoryRecent();
		const hub = createFeedHub({ recent, regions, groupThreshold: rules.at, metrics });
		cleanups.push(async () => hub.stop());
		const relay = startRelay(sql, {
			lockUrl: url,
			appName: `liaowang ${NODE_NAME}`,
			onEvents: hub.publish,
			onLeader: hub.lead,
			onTick: hub.tick,
			retentionDays: config.retentionDays,
			log
		});
		cleanups.push(() => relay.stop());
		metrics.probe({ leader: () => relay.status().leader, published: () => hub.stats().position, sockets: hub.socketsByScope });
		const sweeper = startSweeper(sql, { log });
		cleanups.push(() => sweeper.stop());
		const stopRateBoard = startRateBoard(sql, log);
		cleanups.push(() => stopRateBoard());
		cleanups.push(await startLetterServices(sql, config, log));
		const stopArchiver = startAuditArchiver(sql, { keepMonths: config.auditRetentionMonths, log });
		cleanups.push(async () => stopArchiver());

		if (config.simulatorRate > 0) {
			const { startSimulator } = await import('./sim/simulator.ts');
			const simulator = startSimulator(sql, {
				ratePerMinute: config.simulatorRate,
				seed: `${config.demo.seed}-live`,
				onError: (error: Error) => log(`模拟器：${error.message}`)
			});
			cleanups.push(() => simulator.stop());
			log(`实时模拟器已开启：每分钟约 ${config.simulatorRate} 次变化`);
		}
		const runtime: Runtime = {
			config,
			sql,
			database,
			reads,
			redis,
			rootRegion: root.adcode,
			hub,
			relay,
			metrics,
			endSessions: hub.endSessions,
			signInLimits: createSignInLimits(redis, config.redisPrefix),
			startedAt: new Date(),
			stop: async () => {
				setRuntime(undefined);
				await undo();
			}
		};
		setRuntime(runtime);
		return runtime;
	} catch (error) {
		await undo();
		throw error;
	}
}
