/**
 * P7: one click → PDF ready, with 50 concurrent issues. Each "click" is the issuing service the
 * page's action calls (issueAndPrint): the transaction (gap-free 文号, letter, items, audit,
 * outbox, notices), then the PDF and the .docx, both stored with their SHA-256. Timed from the
 * moment the burst is released to the stored PDF, on the monotonic clock; a warm-up burst is
 * discarded. Serials are checked gap-free at the end.
 *
 * Variants: `direct` — the PDF drawn by our writer (what the node runs); `chromium-N` — the
 * baseline, the same letter's HTML printed by a pooled headless Chromium of N pages (how it was
 * printed before), run in the same process after the direct bursts.
 *
 *   npm run bench:p7                 full: 5 bursts of 50 after a warm-up; direct, then Chromium with 4 pages
 *   BENCH_QUICK=1 npm run bench:p7   quick: 2 bursts, direct only
 * Settings: BENCH_CONCURRENCY=50  BENCH_BURSTS  BENCH_PAGES=4 (Chromium pools; BENCH_PAGES= for none)
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { DEFAULT_LETTER_RULES, LETTER_KINDS } from '../src/lib/domain/letter-rules.ts';
import os from 'node:os';
import { loadLetterDocument } from '../src/lib/server/letters/documents.ts';
import { letterHtml } from '../src/lib/server/letters/render/html.ts';
import { createLetterPdfRenderer, type LetterPdfRenderer } from '../src/lib/server/letters/render/letter-pdf.ts';
import { createPagePool } from '../src/lib/server/print/pages.ts';
import { issueAndPrint } from '../src/lib/server/letters/service.ts';
import { QUICK, createBenchDatabase, listSetting, machine, monotonicMs, saveResult, setting } from './lib/env.ts';
import { round, summarize } from './lib/stats.ts';

const CONCURRENCY = setting('CONCURRENCY', 50);
const BURSTS = setting('BURSTS', 5, 2);
const POOLS = listSetting('PAGES', QUICK ? [] : ['4']).filter(Boolean).map(Number);
const FONTS = process.env.LETTER_FONTS_DIR || path.resolve('data/fonts');

const db = await createBenchDatabase('p7', { max: 20 });
const { sql } = db;
const info = await machine(sql);
console.log(`# P7 one click → PDF ready${QUICK ? ' (quick)' : ''}\n${JSON.stringify(info)}`);
console.log(`${CONCURRENCY} concurrent issues per burst; ${BURSTS} bursts after a warm-up; direct writer${POOLS.length ? `, then Chromium with ${POOLS.join(', ')} pages` : ''}`);

/** A variant: how the PDF is made, behind the interface issueAndPrint takes. */
type Variant = { name: string; make: () => LetterPdfRenderer };
const chromium = (pages: number): Variant => ({
	name: `chromium-${pages}`,
	make: () => {
		const browser = createPagePool({ fontsDir: FONTS, pages });
		return { render: (doc) => browser.render(letterHtml(doc)), missingGlyphs: () => [], fallbackGlyphs: () => [], close: () => browser.close() };
	}
});
const VARIANTS: Variant[] = [{ name: 'direct', make: () => createLetterPdfRenderer({ fontsDir: FONTS }) }, ...POOLS.map(chromium)];
const cpuMs = (since: NodeJS.CpuUsage) => {
	const u = process.cpuUsage(since);
	return (u.user + u.system) / 1000;
};

const [unit] = await sql<{ id: number }[]>`insert into unit (name, region, kind, sector) values ('济南市历下区人力资源和社会保障局', '370102', 'government', '人社') returning id`;
const [user] = await sql<{ id: number }[]>`insert into app_user (username, display_name, password_hash, role, scope_region) values ('bench_p7', '基准督查员', 'x', 'supervisor', '370000') returning id`;
// one open letter per item and kind: every request takes a fresh item
const items = (await sql<{ id: string }[]>`
	insert into petition_item (serial, channel, received_at, region, category, type, summary, route_due, unit_id)
	select '370102-20261001-' || (700000 + g)::text, 'visit', now() - interval '90 days', '370102', 'labour', 'appeal',
	       '反映某建筑公司拖欠农民工工资问题，多次来访未果', current_date - 75, ${unit.id}
	  from generate_series(0, 19999) g returning id::text`).map((r) => r.id);
let taken = 0;
const principal = { userId: user.id, username: 'bench_p7', role: 'supervisor' as const, scope: '370000', unitId: null, displayName: '基准督查员' };
const due = new Date(Date.now() + 8 * 3600_000 + 30 * 86400_000).toISOString().slice(0, 10);
const reason = '经督查，你单位承办的群众反映拖欠农民工工资问题已超过法定办结期限仍未办结，群众多次来访。请你单位高度重视，依法依规妥善解决群众合理诉求。';

type Burst = { variant: string; burst: number; total: number[]; issue: number[]; wallMs: number; cpuMs: number; load: number };
const results: Burst[] = [];

const request = (i: number) => ({
	kind: LETTER_KINDS[i % 3],
	recipientUnitId: unit.id,
	itemIds: [items[taken++ % items.length]],
	reason,
	feedbackDue: due,
	cc: '济南市信访局',
	evidence: [],
	follows: [],
	idempotencyKey: randomUUID()
});

// for scale: one click at a time (no concurrency), after the renderer is warm; and the writer's own CPU per letter
const single: Record<string, number[]> = {};
let renderCpuMs = NaN;
for (const variant of VARIANTS) {
	const renderer = variant.make();
	const times: number[] = (single[variant.name] = []);
	for (let i = 0; i < 12; i++) {
		const start = monotonicMs();
		await issueAndPrint(sql, renderer, request(i), { user: principal, rules: DEFAULT_LETTER_RULES, now: new Date() });
		if (i >= 2) times.push(monotonicMs() - start);
	}
	if (variant.name === 'direct') {
		const [{ id }] = await sql<{ id: number }[]>`select max(id)::int as id from supervision_letter`;
		const doc = (await loadLetterDocument(sql, id))!;
		const before = process.cpuUsage();
		for (let i = 0; i < 100; i++) await renderer.render(doc);
		renderCpuMs = cpuMs(before) / 100;
		console.log(`direct writer alone: ${round(renderCpuMs, 2)} ms CPU per letter (100 renders of one letter)`);
	}
	await renderer.close();
	const s = summarize(times);
	console.log(`${variant.name}, one at a time: p50 ${round(s.p50)} ms, p95 ${round(s.p95)} ms, max ${round(s.max)} ms (${s.count} letters)`);
}

for (const variant of VARIANTS) {
	const renderer = variant.make();
	for (let burst = 0; burst <= BURSTS; burst++) {
		const total: number[] = [];
		const issue: number[] = [];
		const cpu = process.cpuUsage();
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
		const used = cpuMs(cpu);
		const load = os.loadavg()[0];
		const s = summarize(total);
		console.log(`${variant.name} burst ${burst === 0 ? 'warm-up' : burst}: p50 ${round(s.p50)} ms, p95 ${round(s.p95)} ms, max ${round(s.max)} ms; all ${CONCURRENCY} PDFs in ${round(wallMs)} ms; this process ${round(used)} ms CPU; load ${load.toFixed(2)}`);
		if (burst > 0) results.push({ variant: variant.name, burst, total, issue, wallMs, cpuMs: used, load });
	}
	await renderer.close();
}

const gaps = await sql<{ kind: string; n: number; top: number }[]>`select kind, count(*)::int as n, max(number) as top from supervision_letter group by kind`;
for (const g of gaps) if (g.n !== g.top) throw new Error(`serials of ${g.kind} have gaps: ${g.n} letters, top ${g.top}`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log('\n| variant | letters | click → PDF p50 | p95 | p99 | max | commit p95 | 50 PDFs wall (median) | CPU per letter, this process | load (1 min) |\n|---|---|---|---|---|---|---|---|---|---|');
const summary = VARIANTS.map(({ name }) => {
	const rows = results.filter((r) => r.variant === name);
	const s = summarize(rows.flatMap((r) => r.total));
	const c = summarize(rows.flatMap((r) => r.issue));
	const line = {
		variant: name, letters: s.count, p50: round(s.p50), p95: round(s.p95), p99: round(s.p99), max: round(s.max), commitP95: round(c.p95),
		wallMedian: round(median(rows.map((r) => r.wallMs))), cpuPerLetter: round(rows.reduce((a, r) => a + r.cpuMs, 0) / s.count, 2),
		load: `${Math.min(...rows.map((r) => r.load)).toFixed(1)}–${Math.max(...rows.map((r) => r.load)).toFixed(1)}`
	};
	console.log(`| ${name} | ${line.letters} | ${line.p50} ms | ${line.p95} ms | ${line.p99} ms | ${line.max} ms | ${line.commitP95} ms | ${line.wallMedian} ms | ${line.cpuPerLetter} ms | ${line.load} |`);
	return line;
});
const direct = summary[0];
for (const other of summary.slice(1)) console.log(`${other.variant} p95 ÷ direct p95: ${round(other.p95 / direct.p95, 1)}×`);
console.log(`target P7: p95 ≤ 1000 ms — ${direct.p95 <= 1000 ? 'met' : 'not met'} by the direct writer on this machine`);
console.log(`saved ${saveResult('p7-letters', { machine: info, concurrency: CONCURRENCY, bursts: BURSTS, renderCpuMs, single: Object.fromEntries(Object.entries(single).map(([k, v]) => [k, summarize(v)])), summary, results })}`);
await db.drop();
process.exit(0);
