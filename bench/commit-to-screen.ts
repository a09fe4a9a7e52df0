// Commit → Socket.io receipt on one node, at a low open-loop rate (the wall's everyday case).
// Run by hand: `npm run bench` (needs `npm run build` first, and the local Postgres).
// Not a timed test: it prints a distribution for BENCHMARKS.md.
import { io } from 'socket.io-client';
import { generateDemoData } from '../src/lib/server/sim/generate.ts';
import { createTestDatabase } from '../tests/support/db.ts';
import { startServer } from '../tests/support/server.ts';
import { DEMO_PASSWORD, withDemoUsers } from '../tests/support/auth.ts';
import type { FeedFrame } from '../src/lib/feed/protocol.ts';

const CHANGES = Number(process.env.BENCH_CHANGES ?? 400);
const RATE = Number(process.env.BENCH_RATE ?? 20); // changes per second
const WARMUP = 40;

const db = await createTestDatabase();
await generateDemoData(db.sql, { items: 20_000, seed: 'bench' });
await withDemoUsers(db.sql);
const server = await startServer({ DATABASE_URL: db.url });
try {
	const login = await fetch(`${server.url}/login`, {
		method: 'POST',
		headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded' },
		body: new URLSearchParams({ username: 'dapin', password: DEMO_PASSWORD }),
		redirect: 'manual'
	});
	const cookie = /lw_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')?.[0];
	if (!cookie) throw new Error('登录失败');
	const socket = io(server.url, { transports: ['websocket'], extraHeaders: { cookie, origin: server.url } });
	await new Promise<void>((resolve, reject) => {
		socket.on('connect', () => resolve());
		socket.on('connect_error', reject);
	});
	const committed = new Map<string, number>(); // serial → monotonic time the commit returned
	const received = new Map<string, number>();
	// live frames carry net changes over seq ranges: a change arrived with the first frame covering its seq
	const ranges: [from: number, upTo: number, at: number][] = [];
	socket.on('feed', (frame: FeedFrame) => {
		const now = performance.now();
		if (frame.net) ranges.push([frame.from, frame.upTo, now]);
		for (const e of frame.events) if (e.op === 'insert') received.set(String(e.payload.serial), now);
	});
	async function resolveRanges() {
		const rows = await db.sql<{ seq: string; serial: string }[]>`
			select seq::text, payload->>'serial' as serial from outbox where seq is not null and topic = 'petition' and op = 'insert' and payload->>'serial' = any(${[...committed.keys()]})`;
		for (const { seq, serial } of rows) {
			const hit = ranges.find(([from, upTo]) => Number(seq) > from && Number(seq) <= upTo);
			if (hit && !received.has(serial)) received.set(serial, hit[2]);
		}
	}
	const day = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
	const start = performance.now();
	const pending: Promise<void>[] = [];
	for (let i = 0; i < CHANGES; i++) {
		const intended = start + (i * 1000) / RATE;
		const wait = intended - performance.now();
		if (wait > 0) await new Promise((r) => setTimeout(r, wait));
		const serial = `370102-${day.replaceAll('-', '')}-${String(800000 + i)}`;
		pending.push(
			db.sql`insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due)
			       values (${serial}, 'online', now(), '370102', 'labour', 'appeal', '基准测试', ${day}::date + 15)`.then(() => {
				committed.set(serial, performance.now());
			})
		);
	}
	await Promise.all(pending);
	const deadline = performance.now() + 10_000;
	while (received.size < CHANGES && performance.now() < deadline) {
		await new Promise((r) => setTimeout(r, 200));
		await resolveRanges();
	}
	socket.disconnect();
	const delays = [...committed]
		.slice(WARMUP)
		.map(([serial, at]) => (received.has(serial) ? received.get(serial)! - at : Infinity))
		.sort((a, b) => a - b);
	const q = (p: number) => delays[Math.min(delays.length - 1, Math.floor(p * delays.length))];
	console.log(
		JSON.stringify({
			changes: CHANGES,
			ratePerSecond: RATE,
			measured: delays.length,
			lost: delays.filter((d) => d === Infinity).length,
			p50ms: +q(0.5).toFixed(1),
			p95ms: +q(0.95).toFixed(1),
			p99ms: +q(0.99).toFixed(1),
			maxMs: +delays[delays.length - 1].toFixed(1)
		})
	);
} finally {
	await server.stop();
	await db.drop();
}
