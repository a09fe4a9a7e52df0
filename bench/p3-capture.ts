/**
 * P3: what change capture costs the writers. pgbench (its own process) runs a one-row petition
 * insert, each its own transaction, at 1, 4 and 16 clients against a private database built by
 * our migrations, in four variants alternated round by round:
 *   plain         the capture trigger disabled
 *   outbox        our capture trigger (an outbox row per changed row), the write path as shipped
 *   outbox+relay  the same with our relay stamping and folding rollups meanwhile (the whole cost)
 *   notify        the capture trigger plus a NOTIFY per transaction (the design we avoid)
 * Ratios are against plain in the same round.
 *
 *   npm run bench:p3                  full: 3 rounds × 30 s per variant and client count
 *   BENCH_QUICK=1 npm run bench:p3    quick: 1 round × 5 s
 * Settings: BENCH_SECONDS, BENCH_ROUNDS, BENCH_CLIENT_COUNTS=1,4,16, BENCH_VARIANTS=plain,outbox,outbox+relay,notify
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startRelay, type Relay } from '../src/lib/server/feed/relay.ts';
import { connect } from '../src/lib/server/db/connection.ts';
import { round } from './lib/stats.ts';
import { QUICK, countiesOf, createBenchDatabase, cpuTicks, listSetting, machine, machineBusy, saveResult, setting } from './lib/env.ts';

const SECONDS = setting('SECONDS', 30, 5);
const ROUNDS = Math.max(1, setting('ROUNDS', 3, 1));
const CLIENT_COUNTS = listSetting('CLIENT_COUNTS', ['1', '4', '16']).map(Number);
const VARIANTS = listSetting('VARIANTS', ['plain', 'outbox', 'outbox+relay', 'notify']);

const db = await createBenchDatabase('p3', { max: 4 });
const { sql } = db;
const info = await machine(sql);
const settings = await sql<{ name: string; setting: string }[]>`
	select name, setting from pg_settings
	 where name in ('shared_buffers', 'synchronous_commit', 'fsync', 'wal_level', 'max_wal_size', 'checkpoint_timeout', 'wal_sync_method')`;
console.log(`# P3 write cost of change capture${QUICK ? ' (quick)' : ''}\n${JSON.stringify(info)}`);
console.log(`postgres: ${settings.map((s) => `${s.name}=${s.setting}`).join(' ')}`);
console.log(`${ROUNDS} rounds × ${SECONDS} s per variant and client count; variants ${VARIANTS.join(', ')}; clients ${CLIENT_COUNTS.join(', ')}`);

const counties = countiesOf(db.regions);
await sql.unsafe(`
	create table bench_county (k integer primary key, adcode text not null);
	create sequence bench_serial;
	-- the alternative design: wake the relay with a NOTIFY from every writing transaction
	create function bench_notify_tx() returns trigger language plpgsql as $$
	begin
	  perform pg_notify('liaowang_feed', '');
	  return null;
	end $$;
	create trigger bench_notify_tx after insert or update or delete on petition_item
	  for each statement execute function bench_notify_tx();
	alter table petition_item disable trigger bench_notify_tx;`);
await sql`insert into bench_county ${sql(counties.map((c, k) => ({ k, adcode: c.adcode })))}`;

const dir = mkdtempSync(path.join(os.tmpdir(), 'liaowang-p3-'));
const script = path.join(dir, 'insert.sql');
// the serial is unique by a sequence, the county drawn at random; the same statement in every variant
writeFileSync(
	script,
	`\\set r random(0, ${counties.length - 1})
insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due)
select c.adcode || '-' || lpad((s.n / 1000000 + 10000000)::text, 8, '0') || '-' || lpad((s.n % 1000000)::text, 6, '0'),
       'online', now(), c.adcode, 'labour', 'appeal', '基准测试：反映拖欠工资问题', current_date + 15
  from bench_county c, (select nextval('bench_serial') as n) s
 where c.k = :r;
`
);

function pgbench(clients: number): Promise<{ tps: number; latencyMs: number; failed: number; output: string }> {
	const url = new URL(db.url);
	const args = ['-n', '-M', 'prepared', '-c', String(clients), '-j', String(Math.min(clients, 2)), '-T', String(SECONDS), '-f', script];
	args.push('-h', url.hostname, '-p', url.port || '5432', '-U', url.username || 'postgres', db.name);
	return new Promise((resolve, reject) =>
		execFile('pgbench', args, { timeout: (SECONDS + 60) * 1000 }, (error, stdout, stderr) => {
			const output = `${stdout}\n${stderr}`;
			if (error) return reject(new Error(`pgbench failed: ${error.message}\n${output}`));
			const tps = Number(/tps = ([\d.]+) \(without initial connection time\)/.exec(output)?.[1]);
			const latencyMs = Number(/latency average = ([\d.]+) ms/.exec(output)?.[1]);
			const failed = Number(/number of failed transactions: (\d+)/.exec(output)?.[1] ?? 0);
			if (!Number.isFinite(tps)) return reject(new Error(`no tps in pgbench output:\n${output}`));
			resolve({ tps, latencyMs, failed, output });
		})
	);
}

async function prepare(variant: string) {
	// every run starts from empty tables, so none inherits a bigger index from another
	await sql.unsafe(`truncate petition_item, outbox, rollup_daily restart identity cascade; update feed_state set last_seq = 0`);
	await sql.unsafe(`alter table petition_item ${variant === 'plain' ? 'disable' : 'enable'} trigger petition_item_capture`);
	await sql.unsafe(`alter table petition_item ${variant === 'notify' ? 'enable' : 'disable'} trigger bench_notify_tx`);
	await sql`checkpoint`; // a checkpoint inside one run and not another would be noise
}

type Run = { variant: string; clients: number; round: number; tps: number; latencyMs: number; failed: number; busy: number; relayed?: number };
const runs: Run[] = [];
const listener = connect(db.url, { max: 1, appName: 'liaowang-bench-listener' });
let notifications = 0;
await listener.listen('liaowang_feed', () => void notifications++);
try {
	for (const clients of CLIENT_COUNTS) {
		console.log(`\n## ${clients} client${clients > 1 ? 's' : ''}`);
		for (let r = 1; r <= ROUNDS; r++) {
			const order = VARIANTS.map((_, k) => VARIANTS[(k + r - 1) % VARIANTS.length]);
			for (const variant of order) {
				await prepare(variant);
				let relay: Relay | null = null;
				let relayed = 0;
				const relaySql = variant === 'outbox+relay' ? connect(db.url, { max: 4, appName: 'liaowang-bench-relay' }) : null;
				if (relaySql) relay = startRelay(relaySql, { lockUrl: db.url, onEvents: (events) => void (relayed += events.length) });
				const ticks = cpuTicks();
				const result = await pgbench(clients);
				const busy = machineBusy(ticks, cpuTicks());
				await relay?.stop();
				await relaySql?.end({ timeout: 5 });
				const run: Run = { variant, clients, round: r, tps: round(result.tps, 0), latencyMs: result.latencyMs, failed: result.failed, busy, ...(relay ? { relayed } : {}) };
				runs.push(run);
				console.log(
					`  r${r} ${variant.padEnd(13)} ${String(run.tps).padStart(6)} tps, latency ${run.latencyMs} ms, failed ${run.failed}, machine ${busy}% busy` +
						`${relay ? `, relayed ${relayed}` : ''}${variant === 'notify' ? `, ${notifications} notifications heard so far` : ''}`
				);
			}
		}
	}
} finally {
	await listener.end({ timeout: 5 });
	rmSync(dir, { recursive: true, force: true });
	await db.drop();
}

// per client count: mean tps per variant, ratio of means to plain, and the per-round ratios' range
const table: Record<string, unknown>[] = [];
console.log('\n| clients | variant | tps (mean of rounds) | × plain (ratio of means) | × plain per round (min–max) | machine busy |');
console.log('|---|---|---|---|---|---|');
for (const clients of CLIENT_COUNTS) {
	const mean = (variant: string) => {
		const rs = runs.filter((r) => r.clients === clients && r.variant === variant);
		return rs.reduce((a, r) => a + r.tps, 0) / rs.length;
	};
	const plain = mean('plain');
	for (const variant of VARIANTS) {
		const perRound = Array.from({ length: ROUNDS }, (_, k) => {
			const a = runs.find((r) => r.clients === clients && r.variant === variant && r.round === k + 1)!;
			const b = runs.find((r) => r.clients === clients && r.variant === 'plain' && r.round === k + 1);
			return b ? a.tps / b.tps : NaN;
		});
		const busy = Math.round(runs.filter((r) => r.clients === clients && r.variant === variant).reduce((a, r) => a + r.busy, 0) / ROUNDS);
		const entry = {
			clients,
			variant,
			tps: Math.round(mean(variant)),
			ratio: round(mean(variant) / plain, 2),
			perRoundMin: round(Math.min(...perRound), 2),
			perRoundMax: round(Math.max(...perRound), 2),
			busy
		};
		table.push(entry);
		console.log(`| ${clients} | ${variant} | ${entry.tps} | ${entry.ratio.toFixed(2)}× | ${entry.perRoundMin.toFixed(2)}–${entry.perRoundMax.toFixed(2)} | ${busy}% |`);
	}
}
const capture = table.filter((t) => t.variant === 'outbox');
console.log(
	`\nP3 target (outbox ≥ 0.80× plain at every client count): ${capture.every((t) => (t.ratio as number) >= 0.8) ? 'met' : 'MISSED'} — ${capture.map((t) => `${t.clients}: ${(t.ratio as number).toFixed(2)}×`).join(', ')}`
);
console.log(`results: ${saveResult(`p3${QUICK ? '-quick' : ''}`, { machine: info, postgres: settings, settings: { SECONDS, ROUNDS, CLIENT_COUNTS, VARIANTS }, table, runs })}`);
process.exit(0);
