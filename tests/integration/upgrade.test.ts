import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { migrate, readMigrations } from '../../src/lib/server/db/migrate.ts';
import { backup } from '../../src/lib/server/ops/backup.ts';
import { applyTransition } from '../../src/lib/server/lifecycle/index.ts';
import { compareVersions, listTables, MANIFEST, type Manifest } from '../../src/lib/server/ops/manifest.ts';
import { restore } from '../../src/lib/server/ops/restore.ts';
import { wallSnapshot } from '../../src/lib/server/screen/wall.ts';
import { generateDemoData } from '../../src/lib/server/sim/generate.ts';
import { ensureDemoLetters } from '../../src/lib/server/sim/letters.ts';
import { withDemoUsers } from '../support/auth.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { relayAll } from '../support/meetings.ts';
import { issueNextLetter, localYear, rollupDrift } from '../support/ops.ts';

/**
 * An upgrade that keeps the data: a database at the previous release's migration level (every
 * migration but the newest), with demo data, letters and users, is backed up and restored by this
 * version, which applies its newer migration after loading; counts, rollups against their GROUP BY,
 * letters and the audit log come through.
 */
describe('upgrading a backup of the previous schema', () => {
	let old: TestDatabase;
	let previousLevel: string;
	let newest: string;
	const out = mkdtempSync(path.join(tmpdir(), 'liaowang-upgrade-'));
	const targets: TestDatabase[] = [];

	beforeAll(async () => {
		const all = await readMigrations();
		newest = `${all.at(-1)!.version}_${all.at(-1)!.name}`;
		previousLevel = all.at(-2)!.version;
		const dir = path.join(out, 'migrations');
		rmSync(dir, { recursive: true, force: true });
		mkdirSync(dir);
		for (const m of all.slice(0, -1)) writeFileSync(path.join(dir, `${m.version}_${m.name}.sql`), m.sql);
		old = await createTestDatabase({ migrate: false });
		await migrate(old.sql, dir);
		await generateDemoData(old.sql, { items: 2000, seed: 'upgrade' });
		await withDemoUsers(old.sql);
		await ensureDemoLetters(old.sql);
		await old.sql`insert into audit_log (username, action, target) values ('admin', 'auth.sign_in', 'admin')`;
	}, 240_000);

	afterAll(async () => {
		for (const t of targets) await t.drop();
		await old?.drop();
		rmSync(out, { recursive: true, force: true });
	});

	for (const format of ['pg_dump', 'copy'] as const)
		it(`restores a ${format} backup of the previous level and migrates it forward, keeping the data`, async () => {
			const { dir, manifest } = await backup(old.url, { outDir: out, format });
			expect(manifest.migration.level).toBe(previousLevel);
			const target = await createTestDatabase({ migrate: false });
			targets.push(target);
			const result = await restore(dir, target.url);
			expect(result.applied).toEqual([newest]);
			for (const [table, n] of Object.entries(manifest.counts)) {
				const [row] = await target.sql<{ n: number }[]>`select count(*)::int as n from ${target.sql(table)}`;
				expect(row.n, table).toBe(table === 'schema_migration' ? n + 1 : n); // the newer migration recorded
			}
			for (const rollup of ['rollup_daily', 'rollup_state', 'rollup_area']) expect(await rollupDrift(target.sql, rollup), rollup).toBe(0);
			const letters = (sql: Sql) => sql`select id, number_text, status, kind from supervision_letter order by id`;
			expect(await letters(target.sql)).toEqual(await letters(old.sql));
			const audit = (sql: Sql) => sql`select * from audit_log order by id`;
			expect(await audit(target.sql)).toEqual(await audit(old.sql));
		}, 180_000);
});

/** What scripts/release-fixture-driver.ts recorded beside the release's backups. */
type Fixture = {
	release: string;
	commit: string;
	backups: ('pg_dump' | 'copy')[];
	auditColumns: string[];
	letterPdfs: { letterId: number; number: string; sha256: string }[];
	letterSeries: { kind: string; year: number; last: number }[];
	petitionerDocSeries: { code: string; kind: string; year: number; last: number }[];
	petitionerDocuments: { id: string; number: string; kind: string }[];
	petitionerFiles: { documentId: string; format: string; sha256: string }[];
};

const FIXTURES = fileURLToPath(new URL('../fixtures/upgrade/', import.meta.url));
const releases = readdirSync(FIXTURES).sort(compareVersions);
/**
 * The records an upgrade must carry over row for row; other tables may gain rows from a migration
 * (a data migration's updates reach the outbox; one may write an audit entry), never lose any.
 */
const RECORDS = ['petition_item', 'petition_event', 'petitioner', 'unit', 'region', 'app_user', 'supervision_letter', 'letter_document', 'letter_event',
	'letter_feedback', 'petitioner_document', 'petitioner_document_file', 'petitioner_doc_serial', 'meeting', 'meeting_snapshot', 'lead_case'];
/**
 * Derived tables a migration may prune on purpose, each with the migration that says why: their rows
 * are conclusions the software drew, not records anyone made.
 */
const PRUNED_BY: Record<string, string> = {
	item_quality_warning: '0150_quality_one_level_up' // 责任单位为上级单位 fired for every unit outside the item's region
};
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * An upgrade from a real release: the backups under tests/fixtures/upgrade/<version>/ were made by
 * that release's own code (`npm run release:fixture`), from a demo with letters and their printed
 * PDFs, lifecycle transitions with the petitioner's documents, a meeting and audit entries. This
 * version restores each and applies every migration the release lacked (whatever the newest is).
 */
describe.each(releases)('upgrading a backup made by release %s', (release) => {
	const fixture = JSON.parse(readFileSync(path.join(FIXTURES, release, 'fixture.json'), 'utf8')) as Fixture;
	const targets: TestDatabase[] = [];
	const NOW = new Date();
	afterAll(async () => {
		for (const t of targets) await t.drop();
	});

	it('has a small fixture, made by that release', () => {
		expect(fixture.release).toBe(release);
		expect(fixture.backups.length).toBeGreaterThan(0);
		const bytes = fixture.backups.flatMap((f) => (JSON.parse(readFileSync(path.join(FIXTURES, release, f, MANIFEST), 'utf8')) as Manifest).files).reduce((n, f) => n + f.bytes, 0);
		expect(bytes).toBeLessThan(3 << 20);
	});

	it.each(fixture.backups)('restores its %s backup and migrates it forward, keeping every record', async (format) => {
		const dir = path.join(FIXTURES, release, format);
		const manifest = JSON.parse(readFileSync(path.join(dir, MANIFEST), 'utf8')) as Manifest;
		expect(manifest.app.version).toBe(release);
		const newer = (await readMigrations()).filter((m) => m.version > manifest.migration.level).map((m) => `${m.version}_${m.name}`);
		const target = await createTestDatabase({ migrate: false });
		targets.push(target);
		const sql = target.sql;

		const result = await restore(dir, target.url);
		expect(result.mismatches).toEqual([]);
		expect(result.applied).toEqual(newer);

		// counts: the records row for row; nothing anywhere lost; the newer migrations recorded
		const tables = new Set(await listTables(sql));
		for (const [table, n] of Object.entries(manifest.counts)) {
			expect(tables.has(table), `${table} dropped by an upgrade`).toBe(true);
			const [row] = await sql<{ n: number }[]>`select count(*)::int as n from ${sql(table)}`;
			if (table === 'schema_migration') expect(row.n).toBe(n + newer.length);
			else if (RECORDS.includes(table)) expect(row.n, table).toBe(n);
			else if (table in PRUNED_BY && newer.some((m) => m.startsWith(PRUNED_BY[table]))) expect(row.n, table).toBeLessThanOrEqual(n);
			else expect(row.n, table).toBeGreaterThanOrEqual(n);
		}
		for (const rollup of ['rollup_daily', 'rollup_state', 'rollup_area']) expect(await rollupDrift(sql, rollup), rollup).toBe(0);

		// letters' PDFs byte for byte: the stored bytes hash to what the release's manifest and fixture recorded
		expect(fixture.letterPdfs.length).toBeGreaterThan(0);
		const sums = new Map(manifest.documents.map((d) => [d.key, d.sha256]));
		for (const pdf of fixture.letterPdfs) {
			const [doc] = await sql<{ bytes: Buffer; sha256: string; number: string }[]>`
				select d.bytes, d.sha256, l.number_text as number from letter_document d join supervision_letter l on l.id = d.letter_id where d.letter_id = ${pdf.letterId} and d.format = 'pdf'`;
			expect(doc.number).toBe(pdf.number);
			expect(doc.bytes.subarray(0, 5).toString()).toBe('%PDF-');
			expect(sha(doc.bytes)).toBe(pdf.sha256);
			expect(sums.get(`letter_document/${pdf.letterId}.pdf`)).toBe(pdf.sha256);
		}
		// the petitioner's documents: every 文号 still there, the printed files byte for byte
		const numbers = await sql<{ id: string; number: string; kind: string }[]>`select id::text, number_text as number, kind from petitioner_document order by id`;
		expect(numbers).toEqual(fixture.petitionerDocuments);
		for (const file of fixture.petitionerFiles) {
			const [row] = await sql<{ bytes: Buffer }[]>`select bytes from petitioner_document_file where document_id = ${file.documentId} and format = ${file.format}`;
			expect(sha(row.bytes)).toBe(file.sha256);
		}

		// the audit log whole: the release's entries, their digest over the release's columns as its manifest took it; still append-only
		const columns = fixture.auditColumns;
		const [audit] = await sql<{ rows: number; sha256: string }[]>`
			select count(*)::int as rows, encode(sha256(convert_to(coalesce(string_agg(${sql.unsafe(`row(${columns.map((c) => `a.${c}`).join(', ')})`)}::text, E'\n' order by id), ''), 'UTF8')), 'hex') as sha256
			  from audit_log a where id <= ${manifest.auditLog.maxId}`;
		expect(audit).toEqual({ rows: manifest.auditLog.rows, sha256: manifest.auditLog.sha256 });
		await expect(sql`delete from audit_log where id = (select min(id) from audit_log)`).rejects.toThrow();

		// the wall reads at the backup's feed seq
		const wall = await wallSnapshot(sql, '370000', '370000', NOW);
		expect('seq' in wall && wall.seq).toBe(Number(manifest.feedSeq));

		// the next 督办函 continues its series without a gap
		const year = localYear(NOW);
		const last = fixture.letterSeries.find((s) => s.kind === 'supervise' && s.year === year)?.last ?? 0;
		expect(await issueNextLetter(sql, NOW, `upgrade-${release}-${format}`)).toMatch(new RegExp(`〔${year}〕${last + 1}号$`));

		// and so does a petitioner's document: 受理 by a unit that issued a 受理告知书 in the release
		// (its series goes on; in a later year it starts again at 1)
		const series = fixture.petitionerDocSeries.find((s) => s.kind === 'accept')!;
		const [unit] = await sql<{ id: number; region: string }[]>`
			select u.id, u.region from petitioner_document d join unit u on u.id = d.unit_id where d.kind = 'accept' and d.code = ${series.code} limit 1`;
		// an item of the unit's county waiting for 受理, handed to that unit
		const [item] = await sql<{ id: string }[]>`select id::text from petition_item where status = 'routed' and region = ${unit.region} order by id limit 1`;
		await sql`update petition_item set unit_id = ${unit.id} where id = ${item.id}`;
		const accepted = await applyTransition(sql, { role: 'unit', scope: unit.region, unitId: unit.id, name: '经办人' }, item.id, 'accept', {}, { at: NOW, now: NOW }); // the year the expectation reads, even across a midnight
		expect(accepted).toMatchObject({ ok: true });
		const [doc] = await sql<{ serial: number; code: string }[]>`select serial, code from petitioner_document where item_id = ${item.id} and kind = 'accept'`;
		expect(doc).toEqual({ serial: series.year === year ? series.last + 1 : 1, code: series.code });

		// the feed goes on from the restored seq
		await relayAll(sql);
		const [{ seq }] = await sql<{ seq: bigint }[]>`select last_seq as seq from feed_state`;
		expect(seq).toBeGreaterThan(BigInt(manifest.feedSeq));
	}, 180_000);
});
