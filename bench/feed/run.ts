/**
 * P1 / P2: commit → screen with many socket clients, ours against a naive baseline and a raw
 * `ws` floor, alternated in one run. Every phase starts a fresh server process, the client
 * processes and the load generator; the database is private and dropped at the end.
 *
 *   npm run bench:p1                    full: 1,000 clients, 500/s then 20/s, 3 rounds × 100 s per variant
 *   BENCH_QUICK=1 npm run bench:p1      quick: 2 rounds × 10 s
 *
 * Settings (env): BENCH_RATES=500,20  BENCH_CLIENTS=1000  BENCH_CLIENT_PROCS=2  BENCH_SECONDS
 * (measured per round)  BENCH_ROUNDS  BENCH_WARMUP (s, per phase)  BENCH_DRAIN (s)
 * BENCH_VARIANTS=ours,baseline,floor[,ours-redis]  BENCH_SCOPES=province|mixed  BENCH_OFFICIAL
 * (official socket.io-client screens per process)  BENCH_VERBOSE=1 (children's stderr).
 */
import { loadavg } from 'node:os';
import { generateSessionToken, createSession } from '../../src/lib/server/auth/session.ts';
import { SERVER_NODE_FLAGS, serverMallocEnv } from '../../src/lib/server/node-flags.ts';
import { Histogram, fmt, ratio, round, type HistogramData, type Summary } from '../lib/stats.ts';
import {
	QUICK,
	backendCpu,
	backendCpuBetween,
	processCpuMs,
	cpuTicks,
	countiesOf,
	createBenchDatabase,
	listSetting,
	machine,
	machineBusy,
	monotonicMs,
	saveResult,
	setting,
	sleep,
	spawnChild,
	type Child
} from '../lib/env.ts';
import { MAX_CHANGES, MODES, type ClientSpec, type Mode, type PhaseSpec, type ServerStats } from './shared.ts';

const RATES = listSetting('RATES', ['500', '20']).map(Number);
const CLIENTS = setting('CLIENTS', 1000);
const PROCS = Math.max(1, setting('CLIENT_PROCS', 2));
const SECONDS = setting('SECONDS', 100, 10);
const ROUNDS = Math.max(1, setting('ROUNDS', 3, 2));
const WARMUP_S = setting('WARMUP', 15, 3);
const DRAIN_S = setting('DRAIN', 10, 5);
const OFFICIAL = setting('OFFICIAL', 10, 5);
const VARIANTS = listSetting('VARIANTS', ['ours', 'baseline', 'floor']) as Mode[];
const SCOPES = process.env.BENCH_SCOPES ?? 'province';
/** BENCH_PROFILE=server,clients: V8 CPU profiles of those processes (open in Chrome DevTools) */
const PROFILE_DIR = new URL('../results/profiles/', import.meta.url).pathname;
for (const v of VARIANTS) if (!MODES.includes(v)) throw new Error(`unknown variant ${v}`);
for (const rate of RATES) if (rate * (WARMUP_S + SECONDS) > MAX_CHANGES) throw new Error(`rate × duration over ${MAX_CHANGES} changes`);

const db = await createBenchDatabase('feed');
const { sql } = db;
const info = await machine(sql);
console.log(`# P1/P2 commit → screen${QUICK ? ' (quick)' : ''}\n${JSON.stringify(info)}`);
console.log(
	`clients ${CLIENTS} in ${PROCS} processes (${OFFICIAL} official socket.io-client each), scopes ${SCOPES}, rates ${RATES.join(', ')}/s, ` +
		`${ROUNDS} rounds × ${SECONDS} s measured after ${WARMUP_S} s warm-up, variants ${VARIANTS.join(', ')}`
);

// the naive baseline's capture: the whole row in a NOTIFY, per row, in the writing transaction
await sql.unsafe(`
	create function bench_notify_row() returns trigger language plpgsql as $$
	declare cur petition_item;
	begin
	  if tg_op = 'DELETE' then cur := old; else cur := new; end if;
	  perform pg_notify('bench_feed', json_build_object(
	    'seq', cur.id, 'topic', 'petition', 'entity', 'petition_item', 'entityId', cur.id::text,
	    'op', lower(tg_op), 'regionPath', (select path from region where adcode = cur.region),
	    'at', clock_timestamp(), 'payload', petition_item_feed_payload(cur))::text);
	  return null;
	end $$;
	create trigger bench_notify_row after insert or update or delete on petition_item
	  for each row execute function bench_notify_row();
	alter table petition_item disable trigger bench_notify_row;`);

async function useTriggers(mode: Mode) {
	const capture = mode === 'ours' || mode === 'ours-redis';
	await sql.unsafe(`alter table petition_item ${capture ? 'enable' : 'disable'} trigger petition_item_capture`);
	await sql.unsafe(`alter table petition_item ${mode === 'baseline' ? 'enable' : 'disable'} trigger bench_notify_row`);
}

// screens: display accounts by scope, one session each
const counties = countiesOf(db.regions);
const cities = db.regions.filter((r) => r.level === 'city');
const province = db.regions.find((r) => r.level === 'province')!;
function scopeOf(k: number): string {
	if (SCOPES === 'province') return province.adcode;
	const bucket = k % 10; // mixed: 1 in 10 province, 3 in 10 a city, 6 in 10 a county
	if (bucket === 0) return province.adcode;
	if (bucket <= 3) return cities[Math.floor(k / 10) % cities.length].adcode;
	return counties[(Math.floor(k / 10) * 6 + bucket - 4) % counties.length].adcode;
}
const scopes = Array.from({ length: CLIENTS }, (_, k) => scopeOf(k));
const users = new Map<string, number>();
for (const scope of new Set(scopes)) {
	const [user] = await sql<{ id: number }[]>`
		insert into app_user (username, display_name, password_hash, role, scope_region, screen_name)
		values (${`bench_${scope}`}, '基准测试大屏', 'not-a-password', 'display', ${scope}, ${`基准大屏 ${scope}`}) returning id`;
	users.set(scope, user.id);
}
const clientSpecs: ClientSpec[] = [];
for (const scope of scopes) {
	const token = generateSessionToken();
	await createSession(sql, token, { id: users.get(scope)!, role: 'display' });
	clientSpecs.push({ token, scope });
}
const spread = (k: number) => clientSpecs.filter((_, i) => i % PROCS === k);

type ClientReport = {
	screens: number;
	connectedAtEnd: number;
	expected: number;
	received: number;
	lost: number;
	missingMeasured: number;
	bytes: number;
	bytesScreens: number;
	catchUps: number;
	duplicates: number;
	outOfOrder: number;
	gaps: number;
	resumes: number;
	resumeFailures: number;
	stale: number;
	disconnects: number;
	frames: number;
	meanFramesPerSecond: number;
	maxFramesInOneSecond: number;
	latency: HistogramData;
	fromCommit: HistogramData;
	unjoined: number;
	cpu: { user: number; system: number };
};
type WriterDone = { written: number; committed: number; errors: number; firstError: string; aborted: string; maxInFlight: number; sendLatency: HistogramData };

type PhaseResult = {
	mode: Mode;
	rate: number;
	round: number;
	connected: number;
	writer: Omit<WriterDone, 'sendLatency'> & { sendLatency: Summary };
	delivery: Omit<ClientReport, 'latency' | 'fromCommit' | 'cpu' | 'meanFramesPerSecond' | 'maxFramesInOneSecond' | 'screens' | 'bytes' | 'bytesScreens'>;
	/** websocket payload received per second by all screens, MB/s */
	receivedMBps: number;
	/** websocket payload bytes per screen per second (the lean and raw screens) */
	bytesPerScreenPerSecond: number;
	/** the machine's 1-minute load average when the phase started */
	loadAverage: number;
	/** what autovacuum worked on during the measured window (sampled once a second), and how long the vacuum before the phase took */
	autovacuum: string[];
	vacuumMs: number;
	/** checkpoints Postgres began in the measured window (a requested one: max_wal_size was reached), and the WAL written, MB */
	checkpoints: { timed: number; requested: number; walMB: number };
	/** ours: commit → batch relayed, relayed → province frame emitted */
	stages: { relay: Summary; coalesce: Summary; emitCall: Summary } | null;
	/** CPU over the measured window, in % of one core, read from /proc */
	cpu: { server: number; clients: number; writer: number; postgres: number };
	framesPerSecond: { mean: number; maxInOneSecond: number };
	latency: Summary;
	fromCommit: Summary;
	server: ServerStats | null;
	machineBusyPercent: number;
	overload: string;
	drainMs: number;
	histograms: { latency: HistogramData; fromCommit: HistogramData; send: HistogramData; relay?: HistogramData; coalesce?: HistogramData; emitCall?: HistogramData };
};

let phaseNo = 0;

async function phase(mode: Mode, rate: number, roundNo: number): Promise<PhaseResult> {
	phaseNo++;
	/** the serials this phase writes carry it (shared.ts serialOf) */
	const tag = String(10_000_000 + phaseNo);
	await useTriggers(mode);
	// every phase starts from vacuumed tables: the rows an earlier phase left (or deleted) are not
	// cleaned by an autovacuum in the middle of this one's measured window
	const vacuumStart = monotonicMs();
	await sql`vacuum (analyze)`;
	const vacuumMs = Math.round(monotonicMs() - vacuumStart);
	const [{ lastSeq }] = await sql<{ lastSeq: string }[]>`select last_seq::text as "lastSeq" from feed_state`;
	const redisPrefix = `lwbench${process.pid}p${phaseNo}`;
	const started: Child[] = [];
	let overload = '';
	try {
		const loadAtStart = loadavg()[0];
		const server = spawnChild('../feed/server.ts', [mode], {
			// the V8 flags the server ships with (node-flags.ts)
			execArgv: [...SERVER_NODE_FLAGS, ...(process.env.BENCH_PROFILE?.split(',').includes('server') ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [])],
			env: { ...serverMallocEnv(), BENCH_DB_URL: db.url, BENCH_REDIS_PREFIX: redisPrefix }
		});
		started.push(server);
		server.on('overload', (m) => (overload = `server RSS ${m.rssMB} MB`));
		const { port, floorPort } = await server.next<{ port: number; floorPort: number }>('ready', 60_000);
		const url = `http://127.0.0.1:${port}`;

		const profile = (who: string) => (process.env.BENCH_PROFILE?.split(',').includes(who) ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : []);
		const clients = Array.from({ length: PROCS }, () => spawnChild('../feed/clients.ts', [], { execArgv: profile('clients') }));
		started.push(...clients);
		await Promise.all(clients.map((c) => c.next('ready', 30_000)));
		clients.forEach((c, k) =>
			c.send({ type: 'start', url, mode, clients: spread(k), startSeq: Number(lastSeq), official: OFFICIAL, idle: false, connectTimeoutMs: 60_000 })
		);
		const connected = (await Promise.all(clients.map((c) => c.next<{ connected: number; refused: number; reason: string }>('connected', 600_000)))).reduce(
			(a, r) => {
				if (r.refused && !a.reason) a.reason = r.reason;
				return { connected: a.connected + r.connected, reason: a.reason };
			},
			{ connected: 0, reason: '' }
		);
		if (connected.connected < CLIENTS) console.log(`  ! only ${connected.connected}/${CLIENTS} screens connected: ${connected.reason}`);

		const writer = spawnChild('../feed/writer.ts');
		started.push(writer);
		await writer.next('ready', 30_000);
		const total = Math.round(rate * (WARMUP_S + SECONDS));
		const commitAt = new Float64Array(total);
		writer.on('commits', (m) => {
			clients.forEach((c) => c.send(m));
			const idx = m.idx as Int32Array;
			const at = m.at as Float64Array;
			for (let k = 0; k < idx.length; k++) commitAt[idx[k]] = at[k];
		});

		const spec: PhaseSpec = {
			mode,
			tag,
			rate,
			total,
			warmup: Math.round(rate * WARMUP_S),
			t0: monotonicMs() + 1000,
			counties: counties.map((c) => ({ adcode: c.adcode, path: c.path }))
		};
		const forwardSeqs = (m: Record<string, unknown>) => clients.forEach((c) => c.send(m));
		server.on('seqs', forwardSeqs);
		clients.forEach((c) => c.send({ type: 'go', spec }));
		server.send({ type: 'go', spec });
		writer.send({ type: 'start', url: db.url, spec, floorPort, pool: 8, lateLimitMs: 10_000 });
		// the measured window starts when warm-up ends
		const measureAt = spec.t0 + WARMUP_S * 1000;
		await sleep(Math.max(0, measureAt - monotonicMs()));
		server.send({ type: 'measure-start' });
		const ticks0 = cpuTicks();
		const cpuOf = () => ({
			server: processCpuMs(server.process.pid),
			clients: clients.reduce((a, c) => a + processCpuMs(c.process.pid), 0),
			writer: processCpuMs(writer.process.pid),
			at: monotonicMs()
		});
		const cpu0 = cpuOf();
		const pg0 = await backendCpu(sql);
		const walState = () =>
			sql<{ timed: number; requested: number; lsn: string }[]>`
				select checkpoints_timed::int as timed, checkpoints_req::int as requested, pg_current_wal_lsn()::text as lsn from pg_stat_bgwriter`.then((r) => r[0]);
		const wal0 = await walState();
		const autovacuum = new Set<string>();
		const watchVacuum = setInterval(async () => {
			const rows = await sql<{ query: string }[]>`select query from pg_stat_activity where backend_type = 'autovacuum worker' and datname = current_database()`.catch(() => []);
			for (const r of rows) autovacuum.add(r.query.replace(/^autovacuum: /, ''));
		}, 1000);

		const done = await Promise.race([
			writer.next<WriterDone>('done', (WARMUP_S + SECONDS) * 1000 + 60_000),
			new Promise<null>((resolve) => server.on('overload', () => resolve(null)))
		]);
		const drainStart = monotonicMs();
		let drainMs = 0;
		if (done) {
			while (monotonicMs() - drainStart < DRAIN_S * 1000 && !overload) {
				// a client process still busy with its backlog answers late: that is "not yet"
				const missing = await Promise.all(
					clients.map((c) => (c.send({ type: 'progress' }), c.next<{ missing: number }>('progress', DRAIN_S * 1000).catch(() => ({ missing: -1 }))))
				);
				if (missing.every((m) => m.missing === 0)) break;
				await sleep(100);
			}
			drainMs = Math.round(monotonicMs() - drainStart);
		}
		clearInterval(watchVacuum);
		const wal1 = await walState();
		const [{ walBytes }] = await sql<{ walBytes: number }[]>`select pg_wal_lsn_diff(${wal1.lsn}, ${wal0.lsn})::float8 as "walBytes"`;
		const checkpoints = { timed: wal1.timed - wal0.timed, requested: wal1.requested - wal0.requested, walMB: round(walBytes / 2 ** 20, 1) };
		const ticks1 = cpuTicks();
		const cpu1 = cpuOf();
		const pg1 = await backendCpu(sql);
		const percent = (ms: number) => Math.round((100 * ms) / (cpu1.at - cpu0.at));
		let serverStats: ServerStats | null = null;
		if (!overload) {
			server.send({ type: 'measure-end' });
			serverStats = (await server.next<{ stats: ServerStats }>('stats', 10_000).catch(() => null))?.stats ?? null;
		}
		let stages: PhaseResult['stages'] = null;
		const stageHistograms: { relay?: HistogramData; coalesce?: HistogramData; emitCall?: HistogramData } = {};
		if (mode.startsWith('ours') && !overload) {
			server.send({ type: 'timeline' });
			const timeline = await server.next<{ handoff: Float64Array; emitted: Float64Array; emitCall: HistogramData }>('timeline', 30_000).catch(() => null);
			if (timeline) {
				const relay = new Histogram();
				const coalesce = new Histogram();
				for (let i = spec.warmup; i < total; i++) {
					if (commitAt[i] && timeline.handoff[i]) relay.add(timeline.handoff[i] - commitAt[i]);
					if (timeline.handoff[i] && timeline.emitted[i]) coalesce.add(timeline.emitted[i] - timeline.handoff[i]);
				}
				stages = { relay: relay.summary(), coalesce: coalesce.summary(), emitCall: Histogram.from(timeline.emitCall).summary() };
				stageHistograms.relay = relay.toData();
				stageHistograms.coalesce = coalesce.toData();
				stageHistograms.emitCall = timeline.emitCall;
			}
		}
		const reports = await Promise.all(clients.map((c) => (c.send({ type: 'report' }), c.next<ClientReport>('report', 60_000))));
		const latency = new Histogram();
		const fromCommit = new Histogram();
		for (const r of reports) {
			latency.merge(r.latency);
			fromCommit.merge(r.fromCommit);
		}
		const sum = (f: (r: ClientReport) => number) => reports.reduce((a, r) => a + f(r), 0);
		const writerDone: WriterDone = done ?? {
			written: 0,
			committed: 0,
			errors: 0,
			firstError: '',
			aborted: 'server overloaded',
			maxInFlight: 0,
			sendLatency: new Histogram().toData()
		};
		const { sendLatency, ...writerRest } = writerDone;
		return {
			mode,
			rate,
			round: roundNo,
			connected: connected.connected,
			writer: { ...writerRest, sendLatency: Histogram.from(sendLatency).summary() },
			delivery: {
				connectedAtEnd: sum((r) => r.connectedAtEnd),
				expected: sum((r) => r.expected),
				received: sum((r) => r.received),
				lost: sum((r) => r.lost),
				missingMeasured: sum((r) => r.missingMeasured),
				duplicates: sum((r) => r.duplicates),
				outOfOrder: sum((r) => r.outOfOrder),
				gaps: sum((r) => r.gaps),
				resumes: sum((r) => r.resumes),
				catchUps: sum((r) => r.catchUps ?? 0),
				resumeFailures: sum((r) => r.resumeFailures),
				stale: sum((r) => r.stale),
				disconnects: sum((r) => r.disconnects),
				frames: sum((r) => r.frames),
				unjoined: sum((r) => r.unjoined)
			},
			framesPerSecond: {
				mean: round(sum((r) => r.meanFramesPerSecond * r.screens) / Math.max(1, sum((r) => r.screens)), 2),
				maxInOneSecond: Math.max(...reports.map((r) => r.maxFramesInOneSecond))
			},
			// bytes are counted over the measured window (warm-up and connect-time replays left out)
			receivedMBps: round(sum((r) => r.bytes) / 2 ** 20 / SECONDS, 1),
			bytesPerScreenPerSecond: Math.round(sum((r) => r.bytes) / Math.max(1, sum((r) => r.bytesScreens)) / SECONDS),
			loadAverage: round(loadAtStart, 2),
			autovacuum: [...autovacuum],
			vacuumMs,
			checkpoints,
			latency: latency.summary(sum((r) => r.missingMeasured)),
			fromCommit: fromCommit.summary(sum((r) => r.missingMeasured)),
			stages,
			cpu: {
				server: percent(cpu1.server - cpu0.server),
				clients: percent(cpu1.clients - cpu0.clients),
				writer: percent(cpu1.writer - cpu0.writer),
				postgres: percent(backendCpuBetween(pg0, pg1))
			},
			server: serverStats,
			machineBusyPercent: machineBusy(ticks0, ticks1),
			overload,
			drainMs,
			histograms: { latency: latency.toData(), fromCommit: fromCommit.toData(), send: sendLatency, ...stageHistograms }
		};
	} finally {
		await Promise.all(started.map((c) => c.stop()));
		// the other variants insert with the capture trigger off, so nothing lights their items: the
		// next ours phase's sweeper would light them all at once, a burst of events on top of its
		// measured load (the frame-chain gaps of P2's round 2). Their rows go with their phase.
		if (!mode.startsWith('ours')) await sql`delete from petition_item where serial like ${`%-${tag}-%`}`;
		if (mode === 'ours-redis') {
			const { createClient } = await import('redis');
			const redis = createClient({ url: 'redis://127.0.0.1:6379' });
			await redis.connect();
			const keys = await redis.keys(`${redisPrefix}:*`);
			if (keys.length) await redis.del(keys);
			await redis.quit();
		}
	}
}

function line(r: PhaseResult): string {
	const l = r.latency;
	return (
		`  ${r.mode.padEnd(10)} r${r.round} ${r.rate}/s: p50 ${fmt(l.p50)} p95 ${fmt(l.p95)} p99 ${fmt(l.p99)} max ${fmt(l.max)} ms ` +
		`(from commit p99 ${fmt(r.fromCommit.p99)}); lost ${r.delivery.lost} dup ${r.delivery.duplicates} ooo ${r.delivery.outOfOrder} gaps ${r.delivery.gaps}; ` +
		`frames/s ${r.framesPerSecond.mean} (max ${r.framesPerSecond.maxInOneSecond} in 1 s); ${r.receivedMBps} MB/s received, ` +
		`${r.bytesPerScreenPerSecond} B per screen per s; catch-up resumes ${r.delivery.catchUps}; load ${r.loadAverage}; ` +
		`vacuum before ${r.vacuumMs} ms, autovacuum during: ${r.autovacuum.join(', ') || 'none'}; ` +
		`checkpoints during: ${r.checkpoints.timed} timed, ${r.checkpoints.requested} requested (WAL ${r.checkpoints.walMB} MB); ` +
		(r.stages
			? `relay p50/p99 ${r.stages.relay.p50}/${r.stages.relay.p99}, coalesce p50/p99 ${r.stages.coalesce.p50}/${r.stages.coalesce.p99}, ` +
				`province emit call p50/p99 ${r.stages.emitCall.p50}/${r.stages.emitCall.p99} ms; `
			: '') +
		`CPU server ${r.cpu.server}% clients ${r.cpu.clients}% writer ${r.cpu.writer}% postgres ${r.cpu.postgres}%, machine ${r.machineBusyPercent}% of 2 cores; ` +
		`server loop p99 ${r.server?.eventLoopP99Ms ?? '–'} ms; insert p99 ${r.writer.sendLatency.p99} ms` +
		`${r.writer.aborted ? `; WRITER ABORTED: ${r.writer.aborted}` : ''}${r.overload ? `; OVERLOAD: ${r.overload}` : ''}` +
		`${r.writer.errors ? `; ${r.writer.errors} write errors: ${r.writer.firstError}` : ''}`
	);
}

const results: PhaseResult[] = [];
try {
	for (const rate of RATES) {
		console.log(`\n## ${rate} changes/s`);
		for (let r = 1; r <= ROUNDS; r++) {
			// rotate the order each round so no variant always runs first (or last)
			const order = VARIANTS.map((_, k) => VARIANTS[(k + r - 1) % VARIANTS.length]);
			for (const mode of order) {
				const result = await phase(mode, rate, r);
				results.push(result);
				console.log(line(result));
			}
		}
	}
} finally {
	await db.drop();
}

// merged over rounds, per rate and variant; ratios per round and merged
type Merged = {
	rate: number;
	mode: Mode;
	latency: Summary;
	fromCommit: Summary;
	relay: Summary | null;
	coalesce: Summary | null;
	emitCall: Summary | null;
	lost: number;
	duplicates: number;
	outOfOrder: number;
	gaps: number;
	expected: number;
	received: number;
	meanFrames: number;
	maxFrames: number;
	receivedMBps: number;
	cpu: PhaseResult['cpu'];
	busy: number;
	aborted: number;
};
const merged: Merged[] = [];
const mean = (xs: number[]) => (xs.length ? Math.round(xs.reduce((a, b) => a + b, 0) / xs.length) : NaN);
for (const rate of RATES)
	for (const mode of VARIANTS) {
		const rs = results.filter((r) => r.rate === rate && r.mode === mode);
		const h = (pick: (r: PhaseResult) => HistogramData | undefined) => {
			const all = new Histogram();
			let any = false;
			for (const r of rs) {
				const data = pick(r);
				if (data) (all.merge(data), (any = true));
			}
			return any ? all : null;
		};
		const sum = (f: (r: PhaseResult) => number) => rs.reduce((a, r) => a + f(r), 0);
		const missing = sum((r) => r.delivery.missingMeasured);
		merged.push({
			rate,
			mode,
			latency: h((r) => r.histograms.latency)!.summary(missing),
			fromCommit: h((r) => r.histograms.fromCommit)!.summary(missing),
			relay: h((r) => r.histograms.relay)?.summary() ?? null,
			coalesce: h((r) => r.histograms.coalesce)?.summary() ?? null,
			emitCall: h((r) => r.histograms.emitCall)?.summary() ?? null,
			lost: sum((r) => r.delivery.lost),
			duplicates: sum((r) => r.delivery.duplicates),
			outOfOrder: sum((r) => r.delivery.outOfOrder),
			gaps: sum((r) => r.delivery.gaps),
			expected: sum((r) => r.delivery.expected),
			received: sum((r) => r.delivery.received),
			meanFrames: round(sum((r) => r.framesPerSecond.mean) / rs.length, 2),
			maxFrames: Math.max(...rs.map((r) => r.framesPerSecond.maxInOneSecond)),
			receivedMBps: round(sum((r) => r.receivedMBps) / rs.length, 1),
			cpu: {
				server: mean(rs.map((r) => r.cpu.server)),
				clients: mean(rs.map((r) => r.cpu.clients)),
				writer: mean(rs.map((r) => r.cpu.writer)),
				postgres: mean(rs.map((r) => r.cpu.postgres))
			},
			busy: mean(rs.map((r) => r.machineBusyPercent)),
			aborted: rs.filter((r) => r.writer.aborted || r.overload).length
		});
	}

console.log(
	'\n| rate | variant | deliveries measured (not delivered) | lost | dup | out of order | p50 | p95 | p99 | max | p99 from commit | frames/s per screen (mean / max in 1 s) | MB/s to screens | CPU server / screens / writer / postgres (% of a core) | machine busy |'
);
console.log('|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|');
for (const m of merged)
	console.log(
		`| ${m.rate}/s | ${m.mode}${m.aborted ? ` (${m.aborted} aborted)` : ''} | ${m.latency.count.toLocaleString('en')}${m.latency.missing ? ` (${m.latency.missing.toLocaleString('en')})` : ''} | ` +
			`${m.lost} | ${m.duplicates} | ${m.mode.startsWith('ours') ? m.outOfOrder : 'n/a'} | ` +
			`${fmt(m.latency.p50)} | ${fmt(m.latency.p95)} | ${fmt(m.latency.p99)} | ${fmt(m.latency.max)} | ${fmt(m.fromCommit.p99)} | ${m.meanFrames} / ${m.maxFrames} | ${m.receivedMBps} | ` +
			`${m.cpu.server} / ${m.cpu.clients} / ${m.cpu.writer} / ${m.cpu.postgres} | ${m.busy}% |`
	);
for (const m of merged)
	if (m.relay && m.coalesce && m.emitCall)
		console.log(
			`stages of ${m.mode} at ${m.rate}/s: commit → relayed p50 ${m.relay.p50} / p99 ${m.relay.p99} ms; relayed → province frame emitted p50 ${m.coalesce.p50} / p99 ${m.coalesce.p99} ms; ` +
				`one province frame's emit call (writes to its sockets) p50 ${m.emitCall.p50} / p99 ${m.emitCall.p99} / max ${m.emitCall.max} ms`
		);

const ratios: Record<string, unknown>[] = [];
for (const rate of RATES) {
	const get = (mode: Mode, r?: number) =>
		r === undefined ? merged.find((m) => m.rate === rate && m.mode === mode)?.latency : results.find((x) => x.rate === rate && x.mode === mode && x.round === r)?.latency;
	const rows: string[] = [];
	for (const r of [...Array.from({ length: ROUNDS }, (_, k) => k + 1), undefined]) {
		const ours = get('ours', r);
		const baseline = get('baseline', r);
		const floor = get('floor', r);
		const entry = {
			rate,
			round: r ?? 'all',
			baselineOverOursP99: ratio(baseline?.p99 ?? NaN, ours?.p99 ?? NaN, 2, baseline?.max),
			baselineOverOursP50: ratio(baseline?.p50 ?? NaN, ours?.p50 ?? NaN, 2, baseline?.max),
			oursOverFloorP99: ratio(ours?.p99 ?? NaN, floor?.p99 ?? NaN),
			oursOverFloorP50: ratio(ours?.p50 ?? NaN, floor?.p50 ?? NaN)
		};
		ratios.push(entry);
		rows.push(`| ${rate}/s | ${entry.round} | ${entry.baselineOverOursP99} | ${entry.baselineOverOursP50} | ${entry.oursOverFloorP99} | ${entry.oursOverFloorP50} |`);
	}
	console.log(`\n| rate | round | baseline p99 ÷ ours p99 | baseline p50 ÷ ours p50 | ours p99 ÷ floor p99 | ours p50 ÷ floor p50 |\n|---|---|---|---|---|---|\n${rows.join('\n')}`);
}

const file = saveResult(`feed${QUICK ? '-quick' : ''}`, {
	machine: info,
	settings: { RATES, CLIENTS, PROCS, SECONDS, ROUNDS, WARMUP_S, DRAIN_S, OFFICIAL, VARIANTS, SCOPES },
	merged,
	ratios,
	phases: results.map(({ histograms: _h, ...rest }) => rest)
});
console.log(`\nresults: ${file}`);
process.exit(0);
