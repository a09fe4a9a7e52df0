import { createHash } from 'node:crypto';
import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Db } from '../db/connection.ts';
import type { PersonalDataFacts } from '../personal-data/backup-keys.ts';

/** A backup folder: `manifest.json` beside the database (a pg_dump archive, or one file per table). */
export const MANIFEST = 'manifest.json';
export const FORMAT = 'liaowang-backup';
export const FORMAT_VERSION = 1;

export type BackupFile = { path: string; bytes: number; sha256: string };
export type Sequence = { name: string; value: string | null };
export type DocumentSum = { key: string; sha256: string };

export type Manifest = {
	format: typeof FORMAT;
	formatVersion: number;
	createdAt: string;
	app: { name: string; version: string };
	/** the newest migration applied, and every one, in order */
	migration: { level: string; versions: string[] };
	/** feed_state.last_seq in the backup's snapshot */
	feedSeq: string;
	server: { version: string; major: number };
	/** `pg_dump`: database.dump, pg_dump's custom format; `copy`: tables/*.copy.gz, one COPY per table */
	database: { kind: 'pg_dump' | 'copy'; tool: string | null; tables: string[]; sequences: Sequence[] };
	/** rows of every table at the snapshot */
	counts: Record<string, number>;
	/**
	 * each letter document and feedback attachment, each petitioner's document (its frozen row) and
	 * its typeset files, by SHA-256 as read from the snapshot
	 */
	documents: DocumentSum[];
	/** the kinds of document `documents` covers (key prefixes); absent in backups of 0.1.0: the letters' two */
	documentKinds?: string[];
	auditLog: { rows: number; maxId: string | null; sha256: string };
	/** the personal-data keys (ids and fingerprints, never the keys) that sealed the backup's data; null before 0111 */
	personalData?: PersonalDataFacts | null;
	files: BackupFile[];
};

export function appVersion(): { name: string; version: string } {
	const pkg = JSON.parse(readFileSync(fileURLToPath(new URL('../../../../package.json', import.meta.url)), 'utf8')) as { name: string; version: string };
	return { name: pkg.name, version: pkg.version };
}

/** -1, 0, 1 for dotted numeric versions (`0.1.0` < `0.10.0`); a pre-release tag is ignored. */
export function compareVersions(a: string, b: string): number {
	const parts = (v: string) => v.split(/[-+]/)[0].split('.').map((n) => Number(n) || 0);
	const [x, y] = [parts(a), parts(b)];
	for (let i = 0; i < Math.max(x.length, y.length); i++) {
		const d = (x[i] ?? 0) - (y[i] ?? 0);
		if (d !== 0) return Math.sign(d);
	}
	return 0;
}

export function sha256File(file: string): Promise<{ bytes: number; sha256: string }> {
	return new Promise((resolve, reject) => {
		const hash = createHash('sha256');
		let bytes = 0;
		createReadStream(file)
			.on('data', (chunk) => {
				bytes += chunk.length;
				hash.update(chunk);
			})
			.on('error', reject)
			.on('end', () => resolve({ bytes, sha256: hash.digest('hex') }));
	});
}

/** Every base table of the schema, by name. */
export async function listTables(db: Db): Promise<string[]> {
	const rows = await db<{ name: string }[]>`
		select c.relname as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
		 where n.nspname = 'public' and c.relkind = 'r' order by c.relname`;
	return rows.map((r) => r.name);
}

/**
 * The documents a backup vouches for, each kind with the tables it needs (a database from before
 * a kind existed simply has none): a letter's PDF and .docx and a feedback attachment by their
 * bytes; a petitioner's document by its frozen row (文号, addressee, body, date: what the legal
 * record says) and its typeset files by their bytes.
 */
const DOCUMENT_SOURCES = [
	{ kind: 'letter_document', tables: ['letter_document'], query: `select 'letter_document/' || letter_id || '.' || format as key, encode(sha256(bytes), 'hex') as sha256 from letter_document` },
	{ kind: 'letter_attachment', tables: ['letter_attachment'], query: `select 'letter_attachment/' || id, encode(sha256(bytes), 'hex') from letter_attachment` },
	{ kind: 'petitioner_document', tables: ['petitioner_document'], query: `select 'petitioner_document/' || id, encode(sha256(convert_to(d::text, 'UTF8')), 'hex') from petitioner_document d` },
	{ kind: 'petitioner_document_file', tables: ['petitioner_document_file'], query: `select 'petitioner_document_file/' || document_id || '.' || format, encode(sha256(bytes), 'hex') from petitioner_document_file` }
];
/** What a manifest without `documentKinds` (made before petitioner's documents were counted) covers. */
const LETTER_KINDS = ['letter_document', 'letter_attachment'];

/**
 * What a restore is compared with, read in the caller's (repeatable-read) transaction: the
 * migration level, feed seq, row counts, the documents' digests and the audit log's digest.
 */
export async function readFacts(db: Db, tables: string[]) {
	const migrations = await db<{ version: string }[]>`select version from schema_migration order by version`;
	const [feed] = await db<{ seq: bigint }[]>`select last_seq as seq from feed_state`;
	const counts: Record<string, number> = {};
	for (const table of tables) {
		const [row] = await db<{ n: bigint }[]>`select count(*) as n from ${db(table)}`;
		counts[table] = Number(row.n);
	}
	const kinds = DOCUMENT_SOURCES.filter((d) => d.tables.every((t) => tables.includes(t)));
	const documents = kinds.length ? await db<DocumentSum[]>`${db.unsafe(kinds.map((d) => d.query).join(' union all '))} order by 1` : [];
	const [audit] = await db<{ rows: bigint; maxId: bigint | null; sha256: string | null }[]>`
		select count(*) as rows, max(id) as "maxId",
		       encode(sha256(convert_to(coalesce(string_agg(a::text, E'\n' order by id), ''), 'UTF8')), 'hex') as sha256
		  from audit_log a`;
	return {
		migration: { level: migrations.at(-1)?.version ?? '0000', versions: migrations.map((m) => m.version) },
		feedSeq: String(feed?.seq ?? 0n),
		counts,
		documents: documents.map((d) => ({ key: d.key, sha256: d.sha256 })),
		documentKinds: kinds.map((d) => d.kind),
		auditLog: { rows: Number(audit.rows), maxId: audit.maxId === null ? null : String(audit.maxId), sha256: audit.sha256 ?? '' }
	};
}

export type Facts = Awaited<ReturnType<typeof readFacts>>;

/** Where a restored database differs from its manifest, one line each (empty: it matches). */
export function compareFacts(expected: Omit<Facts, 'documentKinds'> & { documentKinds?: string[] }, actual: Facts): string[] {
	const out: string[] = [];
	if (expected.migration.level !== actual.migration.level) out.push(`迁移级别：备份 ${expected.migration.level}，恢复后 ${actual.migration.level}`);
	if (expected.feedSeq !== actual.feedSeq) out.push(`feed seq：备份 ${expected.feedSeq}，恢复后 ${actual.feedSeq}`);
	for (const [table, n] of Object.entries(expected.counts))
		if (actual.counts[table] !== n) out.push(`表 ${table}：备份 ${n} 行，恢复后 ${actual.counts[table] ?? '缺失'} 行`);
	// only the kinds the backup vouched for: an older manifest says nothing of later kinds
	const kinds = new Set(expected.documentKinds ?? LETTER_KINDS);
	const got = new Map(actual.documents.filter((d) => kinds.has(d.key.split('/')[0])).map((d) => [d.key, d.sha256]));
	let wrong = 0;
	for (const d of expected.documents) if (got.get(d.key) !== d.sha256) wrong++;
	if (wrong || got.size !== expected.documents.length) out.push(`文档：${wrong} 份内容不符，备份 ${expected.documents.length} 份，恢复后 ${got.size} 份`);
	if (expected.auditLog.sha256 !== actual.auditLog.sha256 || expected.auditLog.rows !== actual.auditLog.rows) out.push(`审计日志：备份 ${expected.auditLog.rows} 条，恢复后 ${actual.auditLog.rows} 条，摘要${expected.auditLog.sha256 === actual.auditLog.sha256 ? '一致' : '不一致'}`);
	return out;
}
