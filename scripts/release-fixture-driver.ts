// Copied into a checkout of a release and run there by scripts/release-fixture.ts: everything below
// is the release's own code (its migrations, demo generator, lifecycle, printer and backup), so the
// backup it writes is one that release made. Writes the backup folder(s) and fixture.json into --out.
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensureDemoUsers } from '../src/lib/server/auth/demo-users.ts';
import { connect, type Sql } from '../src/lib/server/db/connection.ts';
import { migrate } from '../src/lib/server/db/migrate.ts';
import { stampBatch } from '../src/lib/server/feed/stamp.ts';
import { producePdf } from '../src/lib/server/letters/documents.ts';
import { createLetterPdfRenderer } from '../src/lib/server/letters/render/letter-pdf.ts';
import { applyTransition, type ServiceActor } from '../src/lib/server/lifecycle/index.ts';
import { createMeeting } from '../src/lib/server/meetings/create.ts';
import { backup } from '../src/lib/server/ops/backup.ts';
import { petitionerDocumentFile } from '../src/lib/server/petitioner-docs/files.ts';
import { generateDemoData } from '../src/lib/server/sim/generate.ts';
import { ensureDemoLetters } from '../src/lib/server/sim/letters.ts';

// the letter fonts moved to the print service after 0.1.0: the release's own module, wherever it lives
const fontModules = ['../src/lib/server/print/fonts.ts', '../src/lib/server/letters/render/fonts.ts'];
const { ensureLetterFonts } = (await import(fontModules[0]).catch(() => import(fontModules[1]))) as { ensureLetterFonts: (dir: string) => string };

const arg = (name: string) => process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const out = path.resolve(arg('out') ?? 'fixture');
const letterPdfs = Number(arg('letter-pdfs') ?? 4);
const documents = Number(arg('documents') ?? 12);
const formats = (arg('formats') ?? 'pg_dump,copy').split(',') as ('pg_dump' | 'copy')[];
const admin = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (m: string) => console.log(`[fixture] ${m}`);

const relayAll = async (sql: Sql) => {
	while ((await stampBatch(sql, 5000)).length);
};

const name = `lw_fixture_${process.pid}_${randomBytes(3).toString('hex')}`;
const root = connect(admin, { max: 1 });
await root.unsafe(`create database ${name}`);
const url = new URL(admin);
url.pathname = `/${name}`;
const sql = connect(url.toString(), { max: 4 });
try {
	await migrate(sql);
	const generated = await generateDemoData(sql, { items: Number(arg('items') ?? 2000), seed: 'release-fixture' });
	log(`demo: ${JSON.stringify(generated.counts)}`);
	await ensureDemoUsers(sql);
	log(`letters: ${await ensureDemoLetters(sql)}`);
	const renderer = createLetterPdfRenderer({ fontsDir: ensureLetterFonts(process.env.LETTER_FONTS_DIR || path.resolve('data/fonts')) });
	// the first letters printed, as a download would: the record PDF stored with its SHA-256
	const letters = await sql<{ id: number }[]>`select id from supervision_letter order by id limit ${letterPdfs}`;
	for (const { id } of letters) await producePdf(sql, renderer, id);

	// lifecycle transitions by the unit's clerk: 受理 → 受理告知书, then 办理 and 办结 → 信访处理意见书,
	// or 不予受理 → 不予受理告知书 (each audited, each numbered in its transaction)
	const routed = await sql<{ id: string; unitId: number; scope: string }[]>`
		select i.id::text, i.unit_id as "unitId", u.region as scope from petition_item i join unit u on u.id = i.unit_id
		 where i.status = 'routed' order by i.id limit ${documents}`;
	let issued = 0;
	for (const [n, item] of routed.entries()) {
		const clerk: ServiceActor = { role: 'unit', scope: item.scope, unitId: item.unitId, name: '经办人', username: 'fixture' };
		const steps: [string, object][] =
			n % 4 === 3 ? [['reject', { reason: '该事项已由人民法院受理，依法不予受理', noticeOn: new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10) }]]
				: n % 2 === 0 ? [['accept', {}], ['start', {}], ['conclude', { outcome: 'support', text: '经调查核实，诉求合理，已督促责任单位依法解决。' }]]
					: [['accept', {}]];
		for (const [action, input] of steps) {
			const result = await applyTransition(sql, clerk, item.id, action as 'accept', input as never);
			if (!result.ok) throw new Error(`${action} refused on item ${item.id}: ${result.rule} ${result.message}`);
		}
		issued++;
	}
	// one printed PDF of each kind (a PDF with its font subsets is about 65 kB: the fixture stays small)
	const docs = await sql<{ id: string; kind: string }[]>`select id::text, kind from petitioner_document order by id`;
	const firstOfKind = docs.filter((d, i) => docs.findIndex((e) => e.kind === d.kind) === i);
	for (const { id } of firstOfKind) await petitionerDocumentFile(sql, renderer, id, 'pdf');
	log(`transitions on ${issued} items, ${docs.length} petitioner documents`);

	const [ducha] = await sql<{ id: number }[]>`select id from app_user where username = 'ducha'`;
	await relayAll(sql);
	const meeting = await createMeeting(sql, { userId: ducha.id, username: 'ducha', role: 'supervisor', scope: '370000', unitId: null } as never, { title: '第四季度联席会议', region: '370000', heldAt: new Date(), place: '三楼会议室', attendees: '各成员单位' } as never);
	if (!('id' in meeting)) throw new Error(`meeting refused: ${JSON.stringify(meeting)}`);
	await sql`insert into audit_log (username, action, target, ip) values ('admin', 'auth.sign_in', 'admin', '127.0.0.1')`;
	await relayAll(sql);

	mkdirSync(out, { recursive: true });
	const made: Record<string, string> = {};
	for (const format of formats) {
		const { dir, manifest } = await backup(url.toString(), { outDir: out, format, log });
		renameSync(dir, path.join(out, format));
		made[format] = format;
		log(`${format}: ${manifest.files.reduce((n, f) => n + f.bytes, 0)} bytes, level ${manifest.migration.level}, seq ${manifest.feedSeq}`);
	}
	// what the upgrade test checks beyond the backup's own manifest
	const pdfs = await sql<{ letterId: number; number: string; sha256: string }[]>`
		select d.letter_id as "letterId", l.number_text as number, d.sha256 from letter_document d join supervision_letter l on l.id = d.letter_id where d.format = 'pdf' order by 1`;
	const series = await sql<{ kind: string; year: number; last: number }[]>`select kind, year, max(number)::int as last from supervision_letter group by 1, 2 order by 1, 2`;
	const docSeries = await sql<{ code: string; kind: string; year: number; last: number }[]>`select code, kind, year, last from petitioner_doc_serial order by 1, 2, 3`;
	const petitionerDocs = await sql<{ id: string; number: string; kind: string }[]>`select id::text, number_text as number, kind from petitioner_document order by id`;
	const petitionerFiles = await sql<{ documentId: string; format: string; sha256: string }[]>`select document_id::text as "documentId", format, sha256 from petitioner_document_file order by 1, 2`;
	// the audit log's columns at this release: a later migration may add one, and the digest is then taken over these
	const auditColumns = (await sql<{ name: string }[]>`select attname as name from pg_attribute where attrelid = 'audit_log'::regclass and attnum > 0 and not attisdropped order by attnum`).map((c) => c.name);
	writeFileSync(
		path.join(out, 'fixture.json'),
		JSON.stringify({ madeAt: new Date().toISOString(), backups: Object.keys(made), auditColumns, letterPdfs: pdfs, letterSeries: series, petitionerDocSeries: docSeries, petitionerDocuments: petitionerDocs, petitionerFiles }, null, '\t') + '\n'
	);
} finally {
	await sql.end({ timeout: 5 });
	await root.unsafe(`drop database if exists ${name} with (force)`);
	await root.end({ timeout: 5 });
}
