/**
 * P7: one click → PDF ready, with 50 concurrent issues. Each "click" is the issuing service the
 * page's action calls (issueAndPrint): the transaction (gap-free 文号, letter, items, audit,
 * outbox, notices), then the PDF on the node's pooled Chromium and the .docx, both stored with
 * their SHA-256. Timed from the moment the burst is released to the stored PDF, on the monotonic
 * clock; a warm-up burst is discarded. Serials are checked gap-free at the end.
 *
 *   npm run bench:p7                 full: 5 bursts of 50 after a warm-up, pools of 2 and 4 pages
 *   BENCH_QUICK=1 npm run bench:p7   quick: 2 bursts, a pool of 2
 * Settings: BENCH_CONCURRENCY=50  BENCH_BURSTS  BENCH_PAGES=2,4
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { DEFAULT_LETTER_RULES, LETTER_KINDS } from '../src/lib/domain/letter-rules.ts';
import { createPdfRenderer } from '../src/lib/server/letters/render/pdf.ts';
import { issueAndPrint } from '../src/lib/server/letters/service.ts';
import { QUICK, createBenchDatabase, listSetting, machine, monotonicMs, saveResult, setting } from './lib/env.ts';
import { round, summarize } from './lib/stats.ts';

const CONCURRENCY = setting('CONCURRENCY', 50);
const BURSTS = setting('BURSTS', 5, 2);
const POOLS = listSetting('PAGES', QUICK ? ['2'] : ['2', '4']).map(Number);
const FONTS = process.env.LETTER_FONTS_DIR || path.resolve('data/fonts');

const db = await createBenchDatabase('p7', { max: 20 });
const { sql } = db;
const info = await machine(sql);
console.log(`# P7 one click → PDF ready${QUICK ? ' (quick)' : ''}\n${JSON.stringify(info)}`);
console.log(`${CONCURRENCY} concurrent issues per burst; ${BURSTS} bursts after a warm-up; page pools ${POOLS.join(', ')}`);

const [unit] = await sql<{ id: number }[]>`insert into unit (name, region, kind, sector) values ('济南市历下区人力资源和社会保障局', '370102', 'government', '人社') returning id`;
const [user] = await sql<{ id: number }[]>`insert into app_user (username, display_name, password_hash, role, scope_region) values ('bench_p7', '基准督查员', 'x', 'supervisor', '370000') returning id`;
const items: string[] = [];
for (let i = 0; i < 20; i++) {
	const [row] = await sql<{ id: string }[]>`
		insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due, unit_id)
		values (${`370102-20261001-${String(700000 + i)}`}, 'visit', now() - interval '90 days', '370102', 'labour', 'appeal',
		        '反映某建筑公司拖欠农民工工资问题，多次来访未果', current_date - 75, ${unit.id}) returning id::text`;
	items.push(row.id);
}
const principal = { userId: user.id, username: 'bench_p7', role: 'supervisor' as const, scope: '370000', unitId: null, displayName: '基准督查员' };
const due = new Date(Date.now() + 8 * 3600_000 + 30 * 86400_000).toISOString().slice(0, 10);
const reason = '经督查，你单位承办的群众反映拖欠农民工工资问题已超过法定办结期限仍未办结，群众多次来访。请你单位高度重视，依法依规妥善解决群众合理诉求。';

type Burst = { pages: number; burst: number; total: number[]; issue: number[]; wallMs: number };
const results: Burst[] = [];

const request = (i: number) => ({
	kind: LETTER_KINDS[i % 3],
	recipientUnitId: unit.id,
	itemIds: [items[i % items.length]],
	reason,
	feedbackDue: due,
	cc: '济南市信访局',
	evidence: [],
	follows: [],
	idempotencyKey: randomUUID()
});

// for scale: one click at a time (no concurrency), after the browser is warm
const single: number[] = [];
{
	const renderer = createPdfRenderer({ fontsDir: FONTS, pages: 1 });
	for (let i = 0; i < 12; i++) {
		const start = monotonicMs();
		await issueAndPrint(sql, renderer, request(i), { user: principal, rules: DEFAULT_LETTER_RULES, now: new Date() });
		if (i >= 2) single.push(monotonicMs() - start);
	}
	await renderer.close();
	const s = summarize(single);
	console.log(`one at a time: p50 ${round(s.p50)} ms, p95 ${round(s.p95)} ms, max ${round(s.max)} ms (${s.count} letters)`);
}

for (const pages of POOLS) {
	const renderer = createPdfRenderer({ fontsDir: FONTS, pages });
	for (let burst = 0; burst <= BURSTS; burst++) {
		const total: number[] = [];
		const issue: number[] = [];
		const start = monotonicMs();
		await Promise.all(
			Array.from({ length: CONCURRENCY }, async (_, i) => {
				const done = await issueAndPrint(sql, renderer, request(i), { user: principal, rules: DEFAULT_LETTER_RULES, now: new Date() });
				if (!done.pdfSha256) throw new Error(`no PDF for ${done.number}`);
				total.push(monotonicMs() - start);
				const [row] = await sql<{ ms: number }[]>`select extract(epoch from (select created_at from letter_document where letter_id = ${done.id} and format = 'pdf') - issued_at) * 1000 as ms from supervision_letter where id = ${done.id}`;
				issue.push(total.at(-1)! - row.ms); // release → committed (the rest is printing)
			})
		);
		const wallMs = monotonicMs() - start;
		const s = summarize(total);
		console.log(`pages ${pages} burst ${burst === 0 ? 'warm-up' : burst}: p50 ${round(s.p50)} ms, p95 ${round(s.p95)} ms, max ${round(s.max)} ms; all ${CONCURRENCY} PDFs in ${round(wallMs)} ms`);
		if (burst > 0) results.push({ pages, burst, total, issue, wallMs });
	}
	await renderer.close();
}

const gaps = await sql<{ kind: string; n: number; top: number }[]>`select kind, count(*)::int as n, max(number) as top from supervision_letter group by kind`;
for (const g of gaps) if (g.n !== g.top) throw new Error(`serials of ${g.kind} have gaps: ${g.n} letters, top ${g.top}`);

console.log('\n| pages | letters | click → PDF p50 | p95 | p99 | max | commit p95 | 50 PDFs wall (median) |\n|---|---|---|---|---|---|---|---|');
const summary = POOLS.map((pages) => {
	const rows = results.filter((r) => r.pages === pages);
	const s = summarize(rows.flatMap((r) => r.total));
	const c = summarize(rows.flatMap((r) => r.issue));
	const walls = rows.map((r) => r.wallMs).sort((a, b) => a - b);
	const line = { pages, letters: s.count, p50: round(s.p50), p95: round(s.p95), p99: round(s.p99), max: round(s.max), commitP95: round(c.p95), wallMedian: round(walls[Math.floor(walls.length / 2)]) };
	console.log(`| ${pages} | ${line.letters} | ${line.p50} ms | ${line.p95} ms | ${line.p99} ms | ${line.max} ms | ${line.commitP95} ms | ${line.wallMedian} ms |`);
	return line;
});
console.log(`target P7: p95 ≤ 1000 ms — ${summary.some((s) => s.p95 <= 1000) ? 'met' : 'not met'} on this machine`);
console.log(`saved ${saveResult('p7-letters', { machine: info, concurrency: CONCURRENCY, bursts: BURSTS, single: summarize(single), summary, results })}`);
await db.drop();
process.exit(0);
