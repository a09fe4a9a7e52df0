import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIntake, type IntakeRecord } from '../../src/lib/domain/intake.ts';
import { transaction } from '../../src/lib/server/db/connection.ts';
import { openPetitioner } from '../../src/lib/server/intake/petitioners.ts';
import { registerItem } from '../../src/lib/server/intake/register.ts';
import { backup } from '../../src/lib/server/ops/backup.ts';
import { findPgTool } from '../../src/lib/server/ops/pg-tools.ts';
import { restore } from '../../src/lib/server/ops/restore.ts';
import { keyring, newKeyFile, parseKeyring } from '../../src/lib/server/personal-data/keyring.ts';
import { startPersonalData } from '../../src/lib/server/personal-data/startup.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { idNumberOf, seedIntake } from '../support/intake.ts';
import { TEST_KEY_FILE } from '../support/personal-data.ts';

const NOW = new Date('2026-11-20T10:00:00+08:00');
const PEOPLE = [
	{ petitionerName: '钱多多', idNumber: idNumberOf('37010219790909876'), phone: '15912348765' },
	{ petitionerName: '孔令仪', idNumber: idNumberOf('37010219881111234'), phone: '18653170001' }
];

/** Every byte of a backup folder as text: gzip'd COPY files unpacked, a pg_dump archive printed by pg_restore. */
function backupText(dir: string): string {
	let text = '';
	const walk = (d: string) => {
		for (const entry of readdirSync(d, { withFileTypes: true })) {
			const file = path.join(d, entry.name);
			if (entry.isDirectory()) walk(file);
			else if (file.endsWith('.gz')) text += gunzipSync(readFileSync(file)).toString('utf8');
			else if (file.endsWith('.dump')) text += execFileSync(findPgTool('pg_restore', 0)!.bin, ['--file=-', file], { maxBuffer: 1 << 28 }).toString('utf8');
			else text += readFileSync(file).toString('utf8');
		}
	};
	walk(dir);
	return text;
}

describe('backups hold ciphertext; the manifest names the keys, a restore without them is refused', () => {
	let source: TestDatabase;
	const targets: TestDatabase[] = [];
	const out = mkdtempSync(path.join(tmpdir(), 'liaowang-pd-backup-'));

	beforeAll(async () => {
		source = await createTestDatabase();
		await startPersonalData(source.sql, out, { PERSONAL_DATA_KEY: TEST_KEY_FILE }, { log: () => {} });
		const { registrar } = await seedIntake(source.sql);
		for (const person of PEOPLE) {
			const record: IntakeRecord = { channel: '来访', receivedAt: '2026-11-18 09:30', region: '370102', category: '劳动社保', type: '申诉求决类', summary: '反映拖欠工资', ...person };
			const checked = checkIntake(record, NOW);
			if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
			await transaction(source.sql, (tx) => registerItem(tx, checked.draft, registrar, { source: 'form', now: NOW, note: '窗口登记' }));
		}
	}, 120_000);
	afterAll(async () => {
		for (const t of targets) await t.drop();
		await source?.drop();
		rmSync(out, { recursive: true, force: true });
	});

	it('the audit log holds no ID number or phone', async () => {
		const [{ text }] = await source.sql<{ text: string }[]>`select string_agg(a::text, ' ') as text from audit_log a`;
		expect(text).toContain('item.register');
		for (const p of PEOPLE) for (const secret of [p.idNumber, p.phone]) expect(text).not.toContain(secret);
	});

	for (const format of ['pg_dump', 'copy'] as const)
		it(`a ${format} backup holds no plaintext ID number or phone, and no key`, async () => {
			const lines: string[] = [];
			const { dir, manifest } = await backup(source.url, { outDir: mkdtempSync(path.join(out, 'b-')), format, log: (m) => lines.push(m) });
			const text = backupText(dir);
			expect(text).toContain('钱多多'); // names are not sealed; the numbers are
			for (const p of PEOPLE) for (const secret of [p.idNumber, p.phone]) expect(text, secret).not.toContain(secret);
			const file = JSON.parse(TEST_KEY_FILE);
			for (const secret of [file.keys['1'], file.index]) expect(text).not.toContain(secret);
			const ring = keyring();
			expect(manifest.personalData).toEqual({
				keys: [{ kind: 'data', id: 1, fingerprint: ring.current.fingerprint }, { kind: 'index', id: 0, fingerprint: ring.index.fingerprint }],
				inUse: [1],
				plaintextRows: 0
			});
			expect(lines).toContain('个人信息以密钥 1 加密；备份不含密钥，恢复时须另行提供密钥文件');
		});

	it('a restore without the key, or with another, is refused before anything is loaded; with the key it reads back', async () => {
		const { dir } = await backup(source.url, { outDir: mkdtempSync(path.join(out, 'b-')), format: 'copy' });
		const target = await createTestDatabase({ migrate: false });
		targets.push(target);
		await expect(restore(dir, target.url, { keys: null })).rejects.toThrow(/密钥 1（指纹 [0-9a-f]{16}）未配置，拒绝恢复/);
		await expect(restore(dir, target.url, { keys: parseKeyring(newKeyFile(), 'other') })).rejects.toThrow(/密钥 1 与备份时的不同/);
		const [{ n }] = await target.sql<{ n: number }[]>`select count(*)::int as n from pg_tables where schemaname = 'public'`;
		expect(n).toBe(0);
		await restore(dir, target.url, { keys: keyring() });
		const rows = await target.sql<{ idNumberEnc: Buffer; phoneEnc: Buffer }[]>`select id_number_enc as "idNumberEnc", phone_enc as "phoneEnc" from petitioner order by id`;
		expect(rows.map((r) => openPetitioner(r))).toEqual(PEOPLE.map((p) => ({ idNumber: p.idNumber, phone: p.phone })));
	});

	it('--without-key restores with a warning', async () => {
		const { dir } = await backup(source.url, { outDir: mkdtempSync(path.join(out, 'b-')), format: 'copy' });
		const target = await createTestDatabase({ migrate: false });
		targets.push(target);
		const lines: string[] = [];
		await restore(dir, target.url, { keys: null, withoutKey: true, log: (m) => lines.push(m) });
		expect(lines.some((l) => l.startsWith('警告：备份中的个人信息无法用本机的密钥解密'))).toBe(true);
		// the node refuses to start with a key that is not the backup's
		await expect(startPersonalData(target.sql, out, { PERSONAL_DATA_KEY: newKeyFile() }, { log: () => {} })).rejects.toThrow(/与数据库登记的不符/);
	});
});
