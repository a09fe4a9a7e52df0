import { spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FeedCursor, type CursorStep } from '../../src/lib/feed/cursor.ts';
import type { ClientToServerEvents, FeedEvent, ServerToClientEvents } from '../../src/lib/feed/protocol.ts';
import { connect, type Sql } from '../../src/lib/server/db/connection.ts';
import { startEmbeddedPostgres, type EmbeddedPostgres } from '../../src/lib/server/db/embedded.ts';
import { migrate } from '../../src/lib/server/db/migrate.ts';
import { sleep, waitFor } from '../support/fixtures.ts';
import { signInByFetch } from '../support/http.ts';
import { startServer, type RunningServer } from '../support/server.ts';
import { seedDemo } from '../support/stack.ts';

/**
 * The feed under faults, on real parts: a private Postgres and Redis this test may restart, two
 * app nodes, screens on both, a steady writer. After every fault each screen must catch up, and
 * at the end hold exactly the events of its scope in the outbox: none lost, none twice, in order.
 */

const DROP_MS = 120_000; // one screen is away for two minutes
const CATCH_UP_MS = 2_000;

function freePort(): Promise<number> {
	return new Promise((resolve) => {
		const server = createServer().listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

function startRedis(port: number): Promise<ChildProcess> {
	return new Promise((resolve, reject) => {
		const child = spawn('/usr/bin/redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: ['ignore', 'pipe', 'pipe'] });
		let out = '';
		child.stdout!.on('data', (chunk: Buffer) => {
			out += chunk;
			if (out.includes('Ready to accept connections')) resolve(child);
		});
		child.on('exit', (code) => reject(new Error(`redis-server exited (${code}): ${out}`)));
	});
}

const stopChild = (child: ChildProcess, signal: NodeJS.Signals = 'SIGKILL') =>
	new Promise<void>((resolve) => {
		if (child.exitCode !== null || child.signalCode !== null) return resolve();
		child.once('exit', () => resolve());
		child.kill(signal);
	});

type Screen = {
	name: string;
	scope: string;
	cursor: FeedCursor;
	/** what it applied, in order: replayed events, and live net frames (the count of events each folds) */
	pieces: (FeedEvent | { from: number; upTo: number; n: number })[];
	startSeq: number;
	/** what it received and asked, in order (printed when its events do not add up) */
	trace: string[];
	connect: () => void;
	disconnect: () => void;
};

/** A wall as the browser's LiveFeed drives it, able to fail over to the other node. */
function screen(name: string, scope: string, cookie: string, urls: () => string[], startSeq: number): Screen {
	const cursor = new FeedCursor(startSeq);
	const pieces: Screen['pieces'] = [];
	const trace: string[] = [];
	const note = (line: string) => trace.push(`${new Date().toISOString().slice(11, 23)} ${line} → seq ${cursor.seq}`);
	let socket: Socket<ServerToClientEvents, ClientToServerEvents> | null = null;
	let attempt = 0;
	let wanted = false;
	const apply = (step: CursorStep) => {
		pieces.push(...step.events, ...step.nets.map((f) => ({ from: f.from, upTo: f.upTo, n: f.net.n })));
		if (step.gap) void resume(step.until);
	};
	async function resume(until?: number) {
		if (!socket?.connected || cursor.resuming) return;
		const since = cursor.seq;
		cursor.beginResume();
		try {
			const reply = await socket.timeout(5000).emitWithAck('resume', until === undefined ? since : { since, upTo: until });
			if (!reply.ok) throw new Error(`resume refused: ${reply.reason}`);
			const step = cursor.endResume(reply.frame);
			note(`resume (${since}, ${until ?? ''}] ← (${reply.frame.from}, ${reply.frame.upTo}] ${reply.frame.events.length} events${step.gap ? ' gap' : ''}`);
			apply(step);
		} catch (error) {
			note(`resume (${since}, ${until ?? ''}] failed: ${(error as Error).message}`);
			cursor.abortResume();
			setTimeout(() => void resume(), 300);
		}
	}
	function open() {
		if (!wanted) return;
		const list = urls();
		const url = list[attempt++ % list.length];
		const s: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, { transports: ['websocket'], reconnection: false, forceNew: true, timeout: 3000, extraHeaders: { cookie, origin: url } });
		socket = s;
		s.on('connect', () => {
			note(`connected to ${url}`);
			void resume();
		});
		s.on('feed', (frame) => {
			const step = cursor.frame(frame);
			note(`frame (${frame.from}, ${frame.upTo}] ${frame.net ? `net of ${frame.net.n}` : `${frame.events.length} events`}${step.gap ? ' gap' : ''}`);
			apply(step);
		});
		s.on('tick', (tick) => {
			const step = cursor.tick(tick);
			note(`tick last ${tick.last} upTo ${tick.upTo}${step.gap ? ' gap' : ''}`);
			apply(step);
		});
		const retry = (why: unknown) => {
			if (socket !== s) return;
			note(`lost ${url}: ${String(why)}`);
			socket = null;
			cursor.abortResume();
			s.removeAllListeners();
			s.close();
			setTimeout(open, 200);
		};
		s.on('disconnect', retry);
		s.on('connect_error', retry);
	}
	return {
		name,
		scope,
		cursor,
		pieces,
		startSeq,
		trace,
		connect() {
			wanted = true;
			open();
		},
		disconnect() {
			wanted = false;
			const s = socket;
			socket = null;
			s?.removeAllListeners();
			s?.close();
		}
	};
}

describe('the change feed through faults (relay, node, Redis, Postgres, a long drop)', () => {
	let dir: string;
	let pgPort: number;
	let pg: EmbeddedPostgres;
	let redisPort: number;
	let redis: ChildProcess;
	let sql: Sql;
	let nodes: RunningServer[] = [];
	/** every node started, the killed one too: their relay lines explain a frame that does not add up */
	let everyNode: RunningServer[] = [];
	const screens: Screen[] = [];
	let writing = true;
	let written = 0;
	let writer: Promise<void>;

	const lastSeq = async () => Number((await sql<{ s: string }[]>`select last_seq::text as s from feed_state`)[0].s);
	/** when each fault came, and the feed's position then */
	const faults: string[] = [];
	const fault = async (what: string) => faults.push(`${new Date().toISOString().slice(11, 23)} ${what} at seq ${await lastSeq().catch(() => '?')}`);
	const live = () => screens.filter((s) => s.name !== 'away');
	/** what each node's relay and feed said (the killed node's too) */
	const relayLog = () => everyNode.map((n, i) => `node ${i}:\n${n.output().split('\n').filter((line) => /中继|推送|relay|Redis/i.test(line)).join('\n')}`).join('\n');

	/**
	 * Every connected screen (or `who`) reaches the feed position of now (or `target`); returns how
	 * long that took.
	 */
	async function caughtUp(what: string, options: { target?: number; who?: Screen[] } = {}): Promise<number> {
		const since = Date.now();
		const target = options.target ?? (await lastSeq());
		const who = options.who ?? live();
		try {
			await waitFor(() => who.every((s) => s.cursor.seq >= target), `${what}: screens reach seq ${target}`, 20_000);
		} catch (error) {
			// which screens stayed behind, what they last heard, and what the nodes' relays said
			for (const s of who.filter((s) => s.cursor.seq < target))
				console.log(`${s.name} stays at ${s.cursor.seq}${s.cursor.resuming ? ' (resuming)' : ''}:\n${s.trace.slice(-15).join('\n')}`);
			console.log(`faults: ${faults.join(' | ')}\n${relayLog()}`);
			throw error;
		}
		return Date.now() - since;
	}

	beforeAll(async () => {
		dir = await mkdtemp(path.join(tmpdir(), 'lw-faults-'));
		await chmod(dir, 0o755); // as root, Postgres runs as the postgres user, who must enter it
		pgPort = await freePort();
		pg = await startEmbeddedPostgres(dir, { port: pgPort });
		sql = connect(pg.url, { max: 4, appName: 'liaowang-faults-test' });
		await migrate(sql);
		await seedDemo(sql, 1500, 'faults'); // its own Postgres (restarted below), so no stack
		redisPort = await freePort();
		redis = await startRedis(redisPort);
		const env = { DATABASE_URL: pg.url, REDIS_URL: `redis://127.0.0.1:${redisPort}`, REDIS_PREFIX: 'faults', LIAOWANG_SESSION_RECHECK_MS: '600000' };
		nodes = [await startServer(env), await startServer(env)];
		everyNode = [...nodes];
		const urls = () => nodes.map((n) => n.url);
		const accounts: [string, string][] = [['dapin', '370000'], ['jinan.dapin', '370100'], ['sheng.lingdao', '370000'], ['jinan.lingdao', '370100'], ['lixia.lingdao', '370102']];
		const start = await lastSeq();
		for (const [i, [username, scope]] of accounts.entries()) {
			const { cookie } = await signInByFetch(nodes[i % 2].url, username);
			expect(cookie, username).toBeTruthy();
			for (let k = 0; k < 3; k++) screens.push(screen(k === 0 && i === 0 ? 'away' : `${username}#${k}`, scope, cookie!, () => (k % 2 ? [...urls()].reverse() : urls()), start));
		}
		for (const s of screens) s.connect();
		await waitFor(() => screens.every((s) => !s.cursor.resuming && s.cursor.seq >= start), 'screens connected');

		// a steady writer, straight into Postgres, riding out its restarts
		const counties = (await sql<{ adcode: string }[]>`select adcode from region where level = 'county' order by adcode`).map((r) => r.adcode);
		const wsql = connect(pg.url, { max: 2, appName: 'liaowang-faults-writer' });
		writer = (async () => {
			let n = 0;
			while (writing) {
				const region = counties[n % counties.length];
				const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
				try {
					if (n % 4 === 3)
						await wsql`update petition_item set headcount = headcount % 9 + 1 where id = (select id from petition_item where region = ${region} order by id desc limit 1)`;
					else
						await wsql`insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due)
						           values (${`${region}-${day.replaceAll('-', '')}-${String(800000 + n)}`}, 'online', now(), ${region}, 'labour', 'appeal', '故障测试：反映拖欠工资', ${day}::date + 15)`;
					written++;
				} catch {
					await sleep(200); // the database is restarting
				}
				n++;
				await sleep(25); // about 40 changes a second
			}
			await wsql.end({ timeout: 2 });
		})();
	}, 240_000);

	afterAll(async () => {
		writing = false;
		await writer?.catch(() => {});
		for (const s of screens) s.disconnect();
		for (const node of nodes) await node.kill();
		await sql?.end({ timeout: 2 }).catch(() => {});
		if (redis) await stopChild(redis);
		await pg?.stop();
		if (dir) await rm(dir, { recursive: true, force: true });
	}, 60_000);

	it('recovers from every fault within seconds and every screen ends with exactly its scope, in order, once', async () => {
		const away = screens.find((s) => s.name === 'away')!;
		const dropped = Date.now();
		away.disconnect();
		const timings: Record<string, number> = {};
		await sleep(3000);
		timings.steady = await caughtUp('steady load');
		// with nothing failing, frames and ticks reach every screen in order: none sees a gap (a
		// tick that overtook its frame would send it to resume, every second, for nothing)
		for (const s of live()) expect(s.trace.filter((line) => line.includes(' gap')), `${s.name}: no gap while nothing fails`).toEqual([]);

		await fault('relay killed');
		// 1. the relay's session dies: a relay (either node) takes the lock again
		await sql`select pg_terminate_backend(l.pid) from pg_locks l
		           where l.locktype = 'advisory' and l.objid = ${0x6c770001} and l.granted
		             and l.database = (select oid from pg_database where datname = current_database())`;
		timings.relayKilled = await caughtUp('relay killed');
		await sleep(2000);

		// 2. a node dies: its screens move to the other one and resume there
		const [{ holder }] = await sql<{ holder: string | null }[]>`
			select a.application_name as holder from pg_locks l join pg_stat_activity a on a.pid = l.pid
			 where l.locktype = 'advisory' and l.objid = ${0x6c770001} and l.granted`;
		const victim = nodes.find((n) => holder?.endsWith(`:${n.pid}`)) ?? nodes[0];
		await fault('node killed');
		await victim.kill();
		nodes = nodes.filter((n) => n !== victim);
		timings.nodeKilled = await caughtUp('node killed');
		await sleep(2000);

		// 3. Redis restarts
		await fault('Redis stopped');
		await stopChild(redis);
		await sleep(1000);
		redis = await startRedis(redisPort);
		await fault('Redis started');
		timings.redisRestarted = await caughtUp('Redis restarted');
		await sleep(2000);

		// 4. Postgres restarts
		await fault('Postgres stopped');
		await pg.stop();
		await sleep(1000);
		pg = await startEmbeddedPostgres(dir, { port: pgPort });
		await fault('Postgres started');
		timings.postgresRestarted = await caughtUp('Postgres restarted');

		// 5. the screen that was away for two minutes comes back
		await sleep(Math.max(0, DROP_MS - (Date.now() - dropped)));
		screens.splice(screens.indexOf(away), 1);
		screens.push(away);
		away.connect();
		const since = Date.now();
		await waitFor(async () => away.cursor.seq >= (await lastSeq()) && !away.cursor.resuming, 'the screen back from two minutes away catches up', 20_000);
		timings.backAfterTwoMinutes = Date.now() - since;

		writing = false;
		await writer;
		// the relay may be a step behind the writer: the end is where the feed stands once every change
		// written is stamped, and every screen (the one back from two minutes too) reaches it before its
		// events are counted (the end read after the screens had caught up could be past what they were sent)
		await waitFor(async () => (await sql<{ n: number }[]>`select count(*)::int as n from outbox where seq is null`)[0].n === 0, 'the relay stamps the last changes');
		const end = await lastSeq();
		await caughtUp('the end', { target: end, who: screens });
		console.log('catch-up after each fault (ms):', timings, 'changes written:', written);

		for (const s of screens) {
			const expected = (
				await sql<{ seq: string }[]>`select seq::text from outbox o where seq > ${s.startSeq} and seq <= ${end} and ${s.scope} = any(region_path) order by o.seq`
			).map((r) => Number(r.seq));
			// a net frame stands for its scope's events in its range: exactly as many as it folded
			const got: number[] = [];
			for (const piece of s.pieces) {
				if ('seq' in piece) {
					expect(piece.regionPath.includes(s.scope), `${s.name}: nothing outside its scope`).toBe(true);
					got.push(piece.seq);
					continue;
				}
				const folded = expected.filter((seq) => seq > piece.from && seq <= piece.upTo);
				if (piece.upTo <= end && piece.n !== folded.length) {
					const near = (line: string) => [...line.matchAll(/\d{3,}/g)].some((m) => Math.abs(Number(m[0]) - piece.from) < 60);
					console.log(`${s.name}: the frame (${piece.from}, ${piece.upTo}] folds ${piece.n}, the outbox has ${folded.join(' ')}\nfaults: ${faults.join(' | ')}\n${s.trace.filter(near).join('\n')}\n${relayLog()}`);
				}
				if (piece.upTo <= end) expect(piece.n, `${s.name}: the frame (${piece.from}, ${piece.upTo}] folds its scope's events`).toBe(folded.length);
				got.push(...folded);
			}
			const upToEnd = got.filter((seq) => seq <= end);
			const held = new Set(upToEnd);
			const missing = expected.filter((seq) => !held.has(seq));
			if (missing.length) {
				// the messages around the first and last missing event, to tell which fault let them pass
				const near = (line: string) => [...line.matchAll(/\d{3,}/g)].some((m) => Math.abs(Number(m[0]) - missing[0]) < 200 || Math.abs(Number(m[0]) - missing[missing.length - 1]) < 200);
				console.log(`${s.name} misses ${missing.length}: ${missing.join(' ')}\nfaults: ${faults.join(' | ')}\n${s.trace.filter(near).join('\n')}`);
			}
			expect(new Set(upToEnd).size, `${s.name}: no duplicates`).toBe(upToEnd.length);
			expect(upToEnd, `${s.name}: exactly its scope's events, in order`).toEqual(expected);
			expect(s.pieces.some((p) => !('seq' in p)), `${s.name}: live frames are net frames`).toBe(true);
		}
		expect(written).toBeGreaterThan(1000);
		for (const [fault, ms] of Object.entries(timings)) expect(ms, `${fault}: caught up within ${CATCH_UP_MS} ms`).toBeLessThanOrEqual(CATCH_UP_MS);
	}, 300_000);
});
