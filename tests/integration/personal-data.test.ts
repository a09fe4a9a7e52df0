import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIntake, type IntakeRecord } from '../../src/lib/domain/intake.ts';
import { transaction } from '../../src/lib/server/db/connection.ts';
import { migrate, readMigrations } from '../../src/lib/server/db/migrate.ts';
import { findPetitioners, openPetitioner } from '../../src/lib/server/intake/petitioners.ts';
import { registerItem, type Registrar } from '../../src/lib/server/intake/register.ts';
import { commitLedger, previewLedger } from '../../src/lib/server/intake/import/jobs.ts';
import { rowsOf } from '../../src/lib/server/intake/import/view.ts';
import { blindIndex, keyIdOf, type Keyring } from '../../src/lib/server/personal-data/codec.ts';
import { convertPlaintext, rekey, staleValues } from '../../src/lib/server/personal-data/jobs.ts';
import { addKey, keyring, newKeyFile, parseKeyring, setKeyring } from '../../src/lib/server/personal-data/keyring.ts';
import { startPersonalData } from '../../src/lib/server/personal-data/startup.ts';
import { plaintextRemaining, registerKeys } from '../../src/lib/server/personal-data/store.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { idNumberOf, seedIntake } from '../support/intake.ts';
import { TEST_KEY_FILE } from '../support/personal-data.ts';

const NOW = new Date('2026-11-20T10:00:00+08:00');
const WANG = idNumberOf('37010219650315421');
const LI = idNumberOf('37010219720601332');
const sha = (s: string) => createHash('sha256').update(s).digest();

/** Petitioners as a database before encryption held them: plaintext, keyed by SHA-256. */
const LEGACY = [
	{ name: '王建国', id: WANG, phone: '13912345678', hash: sha(WANG) },
	{ name: '李秀兰', id: LI, phone: null, hash: sha(LI) },
	{ name: '赵海', id: null, phone: '13700000001', hash: sha('name+phone:赵海|13700000001') },
	{ name: '孙某', id: null, phone: '13600000009', hash: randomBytes(32) }, // a random key, phone added later
	...Array.from({ length: 7 }, (_, i) => ({ name: `周${i}`, id: idNumberOf(`3701021980010${i}111`), phone: `1380000100${i}`, hash: sha(idNumberOf(`3701021980010${i}111`)) }))
];

describe('personal data encrypted at rest (SM4, HMAC-SM3 blind index)', () => {
	let db: TestDatabase;
	let ring: Keyring;
	let registrar: Registrar & { userId: number };
	const keyDir = mkdtempSync(path.join(tmpdir(), 'liaowang-keys-'));
	const record = (over: Partial<IntakeRecord>): IntakeRecord => ({
		channel: '来访', receivedAt: '2026-11-18 09:30', region: '370102', category: '劳动社保', type: '申诉求决类',
		summary: '反映某建筑工地拖欠农民工工资三个月未支付', petitionerName: '王建国', phone: '', idNumber: '', ...over
	});
	const register = (r: IntakeRecord) => {
		const checked = checkIntake(r, NOW);
		if (!checked.ok) throw new Error(JSON.stringify(checked.errors));
		return transaction(db.sql, (tx) => registerItem(tx, checked.draft, registrar, { source: 'form', now: NOW, note: '窗口登记' }));
	};

	beforeAll(async () => {
		// a database at the level before encryption, with plaintext petitioners, then upgraded
		const dir = path.join(keyDir, 'migrations');
		mkdirSync(dir);
		for (const m of await readMigrations()) if (m.version < '0110') writeFileSync(path.join(dir, `${m.version}_${m.name}.sql`), m.sql);
		db = await createTestDatabase({ migrate: false });
		await migrate(db.sql, dir);
		for (const p of LEGACY) await db.sql`insert into petitioner (name, id_number, phone, identity_hash) values (${p.name}, ${p.id}, ${p.phone}, ${p.hash})`;
		await migrate(db.sql);
		({ registrar } = await seedIntake(db.sql));
		ring = keyring();
	}, 120_000);
	afterAll(async () => {
		setKeyring(parseKeyring(TEST_KEY_FILE, '测试密钥'));
		await db?.drop();
		rmSync(keyDir, { recursive: true, force: true });
	});

	it('converts plaintext rows in batches with progress, re-keys the identity hashes, and leaves no plaintext', async () => {
		expect(await plaintextRemaining(db.sql)).toBe(LEGACY.length);
		const progress: [number, number][] = [];
		expect(await convertPlaintext(db.sql, ring, { batch: 3, onProgress: (d, t) => progress.push([d, t]) })).toBe(LEGACY.length);
		expect(progress).toEqual([[0, 11], [3, 11], [6, 11], [9, 11], [11, 11]]);
		expect(await plaintextRemaining(db.sql)).toBe(0);
		const rows = await db.sql<{ name: string; idNumberEnc: Buffer | null; phoneEnc: Buffer | null; phoneIndex: Buffer | null; hash: Buffer }[]>`
			select name, id_number_enc as "idNumberEnc", phone_enc as "phoneEnc", phone_index as "phoneIndex", identity_hash as hash from petitioner order by id`;
		rows.forEach((row, i) => {
			const was = LEGACY[i];
			expect(openPetitioner(row)).toEqual({ idNumber: was.id, phone: was.phone });
			const key = was.id ? blindIndex(ring, 'id', was.id) : i === 2 ? blindIndex(ring, 'name+phone', `${was.name}|${was.phone}`) : was.hash;
			expect(row.hash.equals(key), was.name).toBe(true);
			expect(row.phoneIndex === null ? null : row.phoneIndex.equals(blindIndex(ring, 'phone', was.phone!))).toBe(was.phone ? true : null);
		});
		// the whole table as text holds none of the numbers, nor their old unkeyed hashes
		const [{ dump }] = await db.sql<{ dump: string }[]>`select string_agg(t::text, ' ') as dump from petitioner t`;
		for (const p of LEGACY) {
			if (p.id) expect(dump).not.toContain(p.id);
			if (p.phone) expect(dump).not.toContain(p.phone);
			if (p.id) expect(dump).not.toContain(p.hash.toString('hex'));
		}
	});

	it('starts: records the keys, validates the no-plaintext check, and refuses plaintext from now on', async () => {
		const lines: string[] = [];
		await startPersonalData(db.sql, keyDir, { PERSONAL_DATA_KEY: TEST_KEY_FILE }, { log: (m) => lines.push(m) });
		expect(lines.join('\n')).toContain('SM4 密钥 1');
		expect(lines.join('\n')).not.toContain(JSON.parse(TEST_KEY_FILE).keys['1']);
		const keys = await db.sql`select kind, id, fingerprint from personal_data_key order by kind, id`;
		expect(keys).toEqual([{ kind: 'data', id: 1, fingerprint: ring.current.fingerprint }, { kind: 'index', id: 0, fingerprint: ring.index.fingerprint }]);
		await db.sql`alter table petitioner validate constraint petitioner_no_plaintext`;
		await expect(db.sql`insert into petitioner (name, legacy_id_number, identity_hash) values ('某', ${LI}, ${randomBytes(32)})`).rejects.toThrow(/petitioner_no_plaintext/);
		await expect(db.sql`insert into petitioner (name, id_number_enc, identity_hash) values ('某', ${Buffer.from(LI)}, ${randomBytes(32)})`).rejects.toThrow(/check/);
	});

	it('refuses to start with another key under the same id, or another index key', async () => {
		const other = newKeyFile();
		await expect(startPersonalData(db.sql, keyDir, { PERSONAL_DATA_KEY: other }, { log: () => {} })).rejects.toThrow(/与数据库登记的不符/);
		const sameDataOtherIndex = JSON.stringify({ ...JSON.parse(TEST_KEY_FILE), index: JSON.parse(other).index });
		await expect(startPersonalData(db.sql, keyDir, { PERSONAL_DATA_KEY: sameDataOtherIndex }, { log: () => {} })).rejects.toThrow(/索引密钥/);
	});

	it('generates a key file (0600) in the data folder on first start when none is configured', async () => {
		const fresh = await createTestDatabase();
		try {
			const folder = path.join(keyDir, 'data');
			const lines: string[] = [];
			await startPersonalData(fresh.sql, folder, {}, { log: (m) => lines.push(m) });
			const file = path.join(folder, 'personal-data.key');
			expect(statSync(file).mode & 0o777).toBe(0o600);
			expect(lines[0]).toContain(`已生成个人信息加密密钥文件 ${file}`);
			const made = parseKeyring(readFileSync(file, 'utf8'), file);
			expect(keyring().current.fingerprint).toBe(made.current.fingerprint);
			// a second start reads the same file
			await startPersonalData(fresh.sql, folder, {}, { log: () => {} });
			expect(keyring().current.fingerprint).toBe(made.current.fingerprint);
		} finally {
			setKeyring(ring);
			await fresh.drop();
		}
	});

	it('matches a repeat petitioner and finds people by ID number or phone, on encrypted (and converted) rows', async () => {
		const [wang] = await db.sql<{ id: bigint }[]>`select id from petitioner where name = '王建国'`;
		const first = await register(record({ idNumber: WANG.toLowerCase(), phone: '' }));
		const second = await register(record({ idNumber: WANG, phone: '13912345678', receivedAt: '2026-11-19 10:00' }));
		const items = await db.sql<{ petitionerId: bigint; repeatOf: string | null }[]>`
			select petitioner_id as "petitionerId", repeat_of::text as "repeatOf" from petition_item where id in (${first.id}, ${second.id}) order by id`;
		expect(items.map((i) => String(i.petitionerId))).toEqual([String(wang.id), String(wang.id)]);
		expect(second.detection.repeat?.earlierId).toBe(String(first.id));
		expect(await findPetitioners(db.sql, { idNumber: ` ${WANG} ` })).toEqual([wang.id]);
		expect(await findPetitioners(db.sql, { phone: '13912345678' })).toEqual([wang.id]);
		expect(await findPetitioners(db.sql, { idNumber: idNumberOf('11010519491231002') })).toEqual([]);
		// a person registered by name and phone is found by the phone too
		const zhao = await register(record({ petitionerName: '赵海', phone: '13700000001' }));
		const [row] = await db.sql<{ petitionerId: bigint }[]>`select petitioner_id as "petitionerId" from petition_item where id = ${zhao.id}`;
		expect(await findPetitioners(db.sql, { phone: '13700000001' })).toEqual([row.petitionerId]);
		expect(await db.sql`select 1 from petitioner where id = ${row.petitionerId} and name = '赵海'`).toHaveLength(1);
	});

	it('keeps a pending import’s ID numbers and phones sealed between the preview and the commit', async () => {
		const id = idNumberOf('37010219900505123');
		const csv = ['信访形式,收件时间,问题属地,问题类别,信访类型,内容摘要,信访人姓名,联系电话,身份证号', `来信,2026/11/18 9:30,历下区,劳动社保,申诉求决类,反映拖欠工资三个月,吴用,15100001111,${id}`].join('\r\n');
		const preview = await previewLedger(db.sql, registrar, { name: '台账.csv', bytes: new TextEncoder().encode(csv) }, NOW);
		if (!preview.ok) throw new Error(preview.message);
		const [{ text }] = await db.sql<{ text: string }[]>`select rows::text as text from import_job where id = ${preview.jobId}`;
		expect(text).toContain('吴用');
		expect(text).not.toContain(id);
		expect(text).not.toContain('15100001111');
		const { rows } = await rowsOf(db.sql, preview.jobId, 'all', 1);
		expect(rows[0].record).toMatchObject({ idNumber: id, phone: '15100001111' });
		expect(await commitLedger(db.sql, registrar, preview.jobId, NOW)).toMatchObject({ ok: true, items: 1 });
		expect(await findPetitioners(db.sql, { idNumber: id })).toHaveLength(1);
	});

	it('rotates: a new key, re-encryption in batches with progress, resumable after an interruption; the blind index unchanged', async () => {
		const rotatedFile = addKey(TEST_KEY_FILE).text;
		const rotated = parseKeyring(rotatedFile, 'rotated');
		await registerKeys(db.sql, rotated);
		const before = await db.sql<{ id: string; hash: Buffer; phoneIndex: Buffer | null; idNumberEnc: Buffer | null; phoneEnc: Buffer | null }[]>`
			select id::text, identity_hash as hash, phone_index as "phoneIndex", id_number_enc as "idNumberEnc", phone_enc as "phoneEnc" from petitioner order by id`;
		const plain = before.map((r) => openPetitioner(r, ring));
		const total = before.filter((r) => r.idNumberEnc || r.phoneEnc).length;
		expect(await staleValues(db.sql, rotated)).toBeGreaterThan(0);
		// stopped after the first batch (a crash, a kill): the batch done stays done
		await expect(rekey(db.sql, rotated, { batch: 4, onProgress: (d) => { if (d > 0) throw new Error('中断'); } })).rejects.toThrow('中断');
		const progress: [number, number][] = [];
		expect(await rekey(db.sql, rotated, { batch: 4, onProgress: (d, t) => progress.push([d, t]) })).toBe(total - 4);
		expect(progress[0]).toEqual([0, total - 4]);
		expect(progress.at(-1)).toEqual([total - 4, total - 4]);
		expect(await staleValues(db.sql, rotated)).toBe(0);
		const after = await db.sql<typeof before>`
			select id::text, identity_hash as hash, phone_index as "phoneIndex", id_number_enc as "idNumberEnc", phone_enc as "phoneEnc" from petitioner order by id`;
		after.forEach((r, i) => {
			expect(openPetitioner(r, rotated)).toEqual(plain[i]);
			for (const v of [r.idNumberEnc, r.phoneEnc]) if (v) expect(keyIdOf(v)).toBe(2);
			expect(r.hash.equals(before[i].hash)).toBe(true);
		});
		expect(await rekey(db.sql, rotated)).toBe(0);
		// a node still holding only key 1 cannot read the data: refused at start-up; once nothing uses key 1, it may go
		await expect(registerKeys(db.sql, ring)).rejects.toThrow(/仍有用密钥 2 加密/);
		const file = JSON.parse(rotatedFile);
		delete file.keys['1'];
		await expect(registerKeys(db.sql, parseKeyring(JSON.stringify(file), 'only key 2'))).resolves.toBeUndefined();
	});
});
