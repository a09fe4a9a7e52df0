import path from 'node:path';
import { auditRetentionMonths } from '../domain/retention.ts';
import { sessionIdleMinutes } from '../domain/password-policy.ts';
import { StartupError } from './startup-error.ts';

/** Everything the server reads from its environment, checked once at start-up. */
export type Config = {
	/** unset: run the embedded Postgres in `dataDir` */
	databaseUrl: string | undefined;
	/** the owner role's connection for migrations, the demo loader and operations; unset: DATABASE_URL's role does it all (warned on /admin/status) */
	databaseOwnerUrl: string | undefined;
	/** a streaming read replica for heavy reads (snapshots, rates, exports); unset: all on the primary */
	databaseReplicaUrl: string | undefined;
	/** seconds a replica may be behind before heavy reads go back to the primary */
	replicaMaxLagSeconds: number;
	/** unset: one node, in-process fan-out */
	redisUrl: string | undefined;
	/** names this deployment's keys in a shared Redis */
	redisPrefix: string;
	port: number;
	host: string;
	dataDir: string;
	/** true when LIAOWANG_DATA_DIR was given (then it is used as given, or start-up fails) */
	dataDirExplicit: boolean;
	/** folder of approved boundary files served ahead of the bundled ones */
	mapsDir: string | undefined;
	demo: { enabled: boolean; items: number; seed: string };
	/** simulated changes per minute; 0 = off */
	simulatorRate: number;
	/** days the outbox keeps relayed changes for resume and replay */
	retentionDays: number;
	/** months the audit log (and sign-in history) stays live before it is archived; ≥ 6 by law */
	auditRetentionMonths: number;
	/** a person's session ends after this long without a request (SESSION_IDLE_MINUTES, default 12 h) */
	sessionIdleMs: number;
	/** how often each node re-checks the sessions of its open sockets (expired, disabled) */
	sessionRecheckMs: number;
	/** a scraper presents it as `Authorization: Bearer …` on /metrics (admins need none) */
	metricsToken: string | null;
	/** 三函 notices off-screen: e-mail over SMTP and a JSON webhook (an SMS gateway) */
	letters: { smtpUrl: string | undefined; mailFrom: string; webhookUrl: string | undefined };
};

type Env = Record<string, string | undefined>;

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
	const raw = env[name];
	if (raw === undefined || raw === '') return fallback;
	const value = Number(raw);
	if (!Number.isInteger(value) || value < min || value > max)
		throw new StartupError(`环境变量 ${name}=${raw} 无效`, `请设为 ${min} 到 ${max} 之间的整数`);
	return value;
}

function url(env: Env, name: string, protocols: string[], example: string): string | undefined {
	const raw = env[name];
	if (raw === undefined || raw === '') return undefined;
	let parsed: URL;
	try {
		parsed = new URL(raw);
	} catch {
		throw new StartupError(`环境变量 ${name} 不是有效的地址`, `格式应如 ${example}`);
	}
	if (!protocols.includes(parsed.protocol))
		throw new StartupError(`环境变量 ${name} 的协议 ${parsed.protocol} 不受支持`, `格式应如 ${example}`);
	return raw;
}

function prefix(raw: string | undefined): string {
	if (raw === undefined || raw === '') return 'liaowang';
	if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(raw))
		throw new StartupError(`环境变量 REDIS_PREFIX=${raw} 无效`, '只能使用字母、数字和 _ . : -，最长 64 个字符');
	return raw;
}

/** Reads the configuration; `--demo` turns on demo data and the live simulator. */
export function readConfig(env: Env = process.env, argv: string[] = []): Config {
	const demo = argv.includes('--demo') || env.LIAOWANG_DEMO === '1';
	return {
		databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:'], 'postgres://user:password@host:5432/liaowang'),
		databaseOwnerUrl: ownerUrl(env),
		databaseReplicaUrl: url(env, 'DATABASE_REPLICA_URL', ['postgres:', 'postgresql:'], 'postgres://user:password@replica-host:5432/liaowang'),
		replicaMaxLagSeconds: integer(env, 'DATABASE_REPLICA_MAX_LAG', 10, 1, 3600),
		redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:'], 'redis://127.0.0.1:6379'),
		redisPrefix: prefix(env.REDIS_PREFIX),
		port: integer(env, 'PORT', 3000, 0, 65535), // 0: any free port (tests)
		host: env.HOST || '0.0.0.0',
		dataDir: path.resolve(env.LIAOWANG_DATA_DIR || 'data'),
		dataDirExplicit: !!env.LIAOWANG_DATA_DIR,
		mapsDir: env.LIAOWANG_MAPS_DIR ? path.resolve(env.LIAOWANG_MAPS_DIR) : undefined,
		demo: {
			enabled: demo,
			items: integer(env, 'DEMO_ITEMS', 200_000, 0, 20_000_000),
			seed: env.DEMO_SEED || 'liaowang'
		},
		simulatorRate: integer(env, 'SIM_RATE', demo ? 120 : 0, 0, 600_000),
		retentionDays: integer(env, 'OUTBOX_RETENTION_DAYS', 30, 1, 3650),
		auditRetentionMonths: auditMonths(env.AUDIT_RETENTION_MONTHS),
		sessionIdleMs: idleMinutes(env.SESSION_IDLE_MINUTES) * 60_000,
		sessionRecheckMs: integer(env, 'LIAOWANG_SESSION_RECHECK_MS', 30_000, 500, 3_600_000),
		metricsToken: metricsToken(env.METRICS_TOKEN),
		letters: {
			smtpUrl: url(env, 'LETTER_SMTP_URL', ['smtp:', 'smtps:'], 'smtp://user:password@mail.example.gov.cn:587'),
			mailFrom: env.LETTER_MAIL_FROM || '瞭望督办 <liaowang@localhost>',
			webhookUrl: url(env, 'LETTER_WEBHOOK_URL', ['http:', 'https:'], 'https://sms-gateway.example.gov.cn/hook')
		}
	};
}

function ownerUrl(env: Env): string | undefined {
	const owner = url(env, 'DATABASE_OWNER_URL', ['postgres:', 'postgresql:'], 'postgres://liaowang_owner:password@host:5432/liaowang');
	if (owner && !env.DATABASE_URL)
		throw new StartupError('设置了 DATABASE_OWNER_URL，却没有设置 DATABASE_URL', 'DATABASE_URL 是应用运行所用的角色，DATABASE_OWNER_URL 是执行迁移的属主角色，两者须同时设置（都不设则使用内嵌数据库）');
	return owner;
}

function idleMinutes(raw: string | undefined): number {
	const choice = sessionIdleMinutes(raw);
	if (!choice.ok) throw new StartupError(choice.message, choice.hint);
	return choice.minutes;
}

function auditMonths(raw: string | undefined): number {
	const choice = auditRetentionMonths(raw);
	if (!choice.ok) throw new StartupError(choice.message, choice.hint);
	return choice.months;
}

function metricsToken(value: string | undefined): string | null {
	if (!value) return null;
	if (value.length < 16) throw new StartupError('METRICS_TOKEN 太短', 'METRICS_TOKEN 至少 16 个字符（建议随机生成 32 字节以上）');
	return value;
}
