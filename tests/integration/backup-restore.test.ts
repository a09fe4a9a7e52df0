import { randomBytes, createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyTransition } from '../../src/lib/server/lifecycle/index.ts';
import { createMeeting } from '../../src/lib/server/meetings/create.ts';
import { backup } from '../../src/lib/server/ops/backup.ts';
import { MANIFEST, type Manifest } from '../../src/lib/server/ops/manifest.ts';
import { restore } from '../../src/lib/server/ops/restore.ts';
import { wallSnapshot } from '../../src/lib/server/screen/wall.ts';
import { generateDemoData } from '../../src/lib/server/sim/generate.ts';
import { ensureDemoLetters } from '../../src/lib/server/sim/letters.ts';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { withDemoUsers } from '../support/auth.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { relayAll, supervisorAt } from '../support/meetings.ts';
import { issueNextLetter, localYear } from '../support/ops.ts';

const NOW = new Date();
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const documents = (sql: Sql) => sql<{ key: string; bytes: Buffer; sha256: string }[]>`
	select letter_id || '.' || format as key, bytes, sha256 from letter_document
	union all select 'attachment.' || id, bytes, sha256 from letter_attachment
	union all select 'petitioner.' || document_id || '.' || format, bytes, sha256 from petitioner_document_file order by 1`;
const petitionerDocuments = (sql: Sql) => sql`select * from petitioner_document order by id`;
const auditLog = (sql: Sql) => sql`select * from audit_log order by id`;

describe('restore drill: a demo with letters and meetings, backed up and restored elsewhere', () => {
	let source: TestDatabase;
	const targets: TestDatabase[] = [];
	const out = mkdtempSync(path.join(tmpdir(), 'liaowang-backup-'));

	beforeAll(async () => {
		source = await createTestDatabase();
		await generateDemoData(source.sql, { items: 3000, seed: 'restore-drill' });
		await withDemoUsers(source.sql);
		expect(await ensureDemoLetters(source.sql)).toBeGreaterThan(10);
		// every letter's PDF (here: stand-in bytes, as immutable as the real ones) and some feedback attachments
		const letters = await source.sql<{ id: number }[]>`select id from supervision_letter order by id`;
		for (const { id } of letters) {
			const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(2000 + id * 37)]);
			await source.sql`insert into letter_document (letter_id, format, bytes, sha256) values (${id}, 'pdf', ${pdf}, ${sha(pdf)})`;
		}
		const feedback = await source.sql<{ id: number }[]>`select id from letter_feedback order by id limit 5`;
		for (const { id } of feedback) {
			const bytes = randomBytes(5000);
			await source.sql`insert into letter_attachment (feedback_id, filename, content_type, size, sha256, bytes) values (${id}, '整改报告.pdf', 'application/pdf', ${bytes.length}, ${sha(bytes)}, ${bytes})`;
		}
		// the petitioner's documents: 受理 (受理告知书) and 办结 (信访处理意见书) by the units' clerks, a stored PDF each
		const routed = await source.sql<{ id: string; unitId: number; scope: string }[]>`
			select i.id::text, i.unit_id as "unitId", u.region as scope from petition_item i join unit u on u.id = i.unit_id where i.status = 'routed' order by i.id limit 4`;
		for (const [n, item] of routed.entries()) {
			const clerk = { role: 'unit', scope: item.scope, unitId: item.unitId, name: '经办人' } as const;
			const steps = n % 2 ? [['accept', {}]] : [['accept', {}], ['start', {}], ['conclude', { outcome: 'support', text: '经调查核实，诉求合理，已督促解决。' }]];
			for (const [action, input] of steps) expect(await applyTransition(source.sql, clerk, item.id, action as 'accept', input as never)).toMatchObject({ ok: true });
		}
		for (const { id } of await source.sql<{ id: string }[]>`select id::text from petitioner_document order by id`) {
			const pdf = Buffer.concat([Buffer.from('%PDF-1.7\n'), randomBytes(3000)]);
			await source.sql`insert into petitioner_document_file (document_id, format, bytes, sha256) values (${id}, 'pdf', ${pdf}, ${sha(pdf)})`;
		}
		const user = await supervisorAt(source.sql);
		await relayAll(source.sql);
		expect('id' in (await createMeeting(source.sql, user, { title: '第四季度联席会议', region: '370000', heldAt: NOW, place: '三楼会议室', attendees: '各成员单位' }, NOW))).toBe(true);
		await relayAll(source.sql);
	}, 240_000);

	afterAll(async () => {
		for (const t of targets) await t.drop();
		await source?.drop();
		rmSync(out, { recursive: true, force: true });
	});

	for (const format of ['pg_dump', 'copy'] as const)
		it(`restores a ${format} backup whole: wall at the same seq, PDFs byte for byte, 文号 without a gap, audit log`, async () => {
			const lines: string[] = [];
			const { dir, manifest } = await backup(source.url, { outDir: out, format, log: (m) => lines.push(m) });
			expect(manifest.database.kind).toBe(format);
			expect(lines.some((l) => l.startsWith('导出表 petition_item'))).toBe(true); // progress, per table
			expect(manifest.documents.length).toBeGreaterThan(10);
			// the petitioner's documents are vouched for too: each row and each stored file
			const kinds = (prefix: string) => manifest.documents.filter((d) => d.key.startsWith(prefix)).length;
			expect(kinds('petitioner_document/')).toBe(manifest.counts.petitioner_document);
			expect(kinds('petitioner_document_file/')).toBe(manifest.counts.petitioner_document_file);
			expect(manifest.counts.petitioner_document).toBeGreaterThanOrEqual(6);
			expect(manifest.counts.meeting).toBe(1);
			expect(manifest.auditLog.rows).toBeGreaterThan(0);

			const target = await createTestDatabase({ migrate: false });
			targets.push(target);
			const progress: string[] = [];
			const result = await restore(dir, target.url, { log: (m) => progress.push(m) });
			expect(result.mismatches).toEqual([]);
			expect(progress.some((l) => l.startsWith('载入表 petition_item'))).toBe(true);

			// the wall, read from both at the same seq
			const [a, b] = [await wallSnapshot(source.sql, '370000', '370000', NOW), await wallSnapshot(target.sql, '370000', '370000', NOW)];
			expect('seq' in b && b.seq).toBe(Number(manifest.feedSeq));
			expect(b).toEqual(a);
			// every letter's PDF, every attachment and every petitioner's document file, byte for byte
			const [docsA, docsB] = [await documents(source.sql), await documents(target.sql)];
			expect(docsB.length).toBe(docsA.length);
			for (const [i, d] of docsB.entries()) {
				expect(d.key).toBe(docsA[i].key);
				expect(Buffer.compare(d.bytes, docsA[i].bytes)).toBe(0);
				expect(sha(d.bytes)).toBe(d.sha256);
			}
			expect(await petitionerDocuments(target.sql)).toEqual(await petitionerDocuments(source.sql));
			// the audit log whole, and still append-only
			expect(await auditLog(target.sql)).toEqual(await auditLog(source.sql));
			await expect(target.sql`delete from audit_log where id = (select min(id) from audit_log)`).rejects.toThrow();
			// the next 文号 continues the series: the same number the source would give next
			const next = await issueNextLetter(target.sql, NOW, 'restore-drill-000001');
			const [{ n }] = await source.sql<{ n: number }[]>`select count(*)::int as n from supervision_letter where kind = 'supervise' and year = ${localYear(NOW)}`;
			expect(next).toMatch(new RegExp(`〔\\d{4}〕${n + 1}号$`));
			// the feed goes on from the restored seq: the new letter's event is stamped after it
			await relayAll(target.sql);
			const [{ seq }] = await target.sql<{ seq: bigint }[]>`select last_seq as seq from feed_state`;
			expect(seq).toBeGreaterThan(BigInt(manifest.feedSeq));
		}, 180_000);

	it('refuses a non-empty target, a backup from a newer version, and a damaged file, changing nothing', async () => {
		const { dir } = await backup(source.url, { outDir: out, format: 'copy' });
		const full = await createTestDatabase(); // migrated: not empty
		targets.push(full);
		await expect(restore(dir, full.url)).rejects.toThrow(/目标数据库不是空的/);

		const empty = await createTestDatabase({ migrate: false });
		targets.push(empty);
		const newer = `${dir}-newer`;
		cpSync(dir, newer, { recursive: true });
		const manifest = JSON.parse(readFileSync(path.join(newer, MANIFEST), 'utf8')) as Manifest;
		writeFileSync(path.join(newer, MANIFEST), JSON.stringify({ ...manifest, app: { ...manifest.app, version: '99.0.0' } }));
		await expect(restore(newer, empty.url)).rejects.toThrow(/备份来自更新的版本 99\.0\.0/);
		writeFileSync(path.join(newer, MANIFEST), JSON.stringify({ ...manifest, migration: { level: '9999', versions: [...manifest.migration.versions, '9999'] } }));
		await expect(restore(newer, empty.url)).rejects.toThrow(/含本程序没有的迁移（9999）/);

		// a petitioner's document that does not match its manifest entry: the restore says so and the data is not handed over
		const altered = `${dir}-altered`;
		cpSync(dir, altered, { recursive: true });
		const documents = manifest.documents.map((d) => (d.key.startsWith('petitioner_document/') ? { ...d, sha256: '0'.repeat(64) } : d));
		writeFileSync(path.join(altered, MANIFEST), JSON.stringify({ ...manifest, documents }));
		const other = await createTestDatabase({ migrate: false });
		targets.push(other);
		await expect(restore(altered, other.url)).rejects.toThrow(/恢复后的数据与备份清单不符：文档：\d+ 份内容不符/);

		const damaged = `${dir}-damaged`;
		cpSync(dir, damaged, { recursive: true });
		const file = path.join(damaged, 'tables', 'audit_log.copy.gz');
		const bytes = readFileSync(file);
		bytes[bytes.length - 5] ^= 0xff;
		writeFileSync(file, bytes);
		await expect(restore(damaged, empty.url)).rejects.toThrow(/audit_log\.copy\.gz 校验和不符/);
		const [{ n }] = await empty.sql<{ n: number }[]>`select count(*)::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace where s.nspname = 'public'`;
		expect(n).toBe(0);
	}, 120_000);
});
