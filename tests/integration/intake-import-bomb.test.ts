import { randomBytes } from 'node:crypto';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewLedger } from '../../src/lib/server/intake/import/jobs.ts';
import { parseInWorker, PARSE_LIMITS } from '../../src/lib/server/intake/import/parse.ts';
import type { Registrar } from '../../src/lib/server/intake/register.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { seedIntake } from '../support/intake.ts';
import { entriesOf, zeros, zipOf, type BombEntry } from '../support/zip-bomb.ts';

/**
 * 台账导入 and zip bombs (issue #15, finding 1): a valid workbook plus entries that inflate to
 * hundreds of megabytes is refused from the zip's directory, and one whose directory lies about
 * an entry's size is stopped while inflating — quickly, with a bounded memory rise, nothing written.
 */
const NOW = new Date('2026-11-20T10:00:00+08:00');
const MB = 1024 * 1024;
const said = (value: { ok: boolean; message?: string }) => (value.ok ? 'accepted' : value.message);

async function workbookEntries(): Promise<BombEntry[]> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('台账');
	sheet.addRow(['台账编号', '信访形式', '收件时间', '问题属地', '问题类别', '信访类型', '内容摘要']);
	sheet.addRow(['B-1', '来信', '2026-11-18 09:00', '历下区', '劳动社保', '申诉求决类', '反映拖欠工资问题，请尽快解决']);
	return entriesOf(new Uint8Array(await workbook.xlsx.writeBuffer()));
}

/**
 * Runs fn while sampling memory: the process's RSS (a parse worker's memory is part of it) and
 * this thread's heap plus buffers (RSS alone hides what reuses pages an earlier test left behind).
 */
async function measured<T>(fn: () => Promise<T>): Promise<{ value: T; ms: number; riseMb: number }> {
	const sample = () => {
		const m = process.memoryUsage();
		return { rss: m.rss, js: m.heapUsed + m.external + m.arrayBuffers };
	};
	const before = sample();
	let peak = before;
	const take = () => {
		const now = sample();
		peak = { rss: Math.max(peak.rss, now.rss), js: Math.max(peak.js, now.js) };
	};
	const timer = setInterval(take, 5);
	const started = performance.now();
	try {
		const value = await fn();
		take();
		return { value, ms: Math.round(performance.now() - started), riseMb: Math.round(Math.max(peak.rss - before.rss, peak.js - before.js) / MB) };
	} finally {
		clearInterval(timer);
	}
}

describe('ledger import refuses zip bombs before they inflate', () => {
	let db: TestDatabase;
	let registrar: Registrar & { userId: number };
	let entries: BombEntry[];
	const jobs = async () => (await db.sql<{ n: number }[]>`select count(*)::int as n from import_job`)[0].n;

	beforeAll(async () => {
		db = await createTestDatabase();
		({ registrar } = await seedIntake(db.sql));
		entries = await workbookEntries();
	});
	afterAll(async () => {
		await db?.drop();
	});

	it('reads the workbook the bombs are built on (the harness itself is sound)', async () => {
		const result = await previewLedger(db.sql, registrar, { name: '台账.xlsx', bytes: await zipOf(entries) }, NOW);
		expect(result.ok).toBe(true);
	});

	// first of the bombs: RSS an earlier test left behind would hide its rise
	it('stops a sheet whose directory claims 4 KB but which inflates to 200 MB while inflating it (beside a lying picture)', async () => {
		const lying: BombEntry = {
			name: 'xl/worksheets/sheet1.xml',
			declaredSize: 4096,
			repeat: { ...zeros(200), chunk: new Uint8Array(MB).fill(0x20), head: '<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>', tail: '</sheetData></worksheet>' }
		};
		// and a picture that claims 4 KB too: never inflated here, while the Excel library inflated all 200 MB of it
		const picture: BombEntry = { name: 'xl/media/image1.png', declaredSize: 4096, repeat: zeros(200) };
		const bomb = await zipOf([...entries.filter((e) => e.name !== 'xl/worksheets/sheet1.xml'), picture, lying]);
		const before = await jobs();
		const { value, ms, riseMb } = await measured(() => previewLedger(db.sql, registrar, { name: '台账.xlsx', bytes: bomb }, NOW));
		console.log(`lying sheet and picture (${Math.round(bomb.length / 1024)} KB, declared 4 KB each → 200 MB each): ${ms} ms, RSS rise ${riseMb} MB → ${said(value)}`);
		expect(value).toMatchObject({ ok: false, message: expect.stringMatching(/解压|损坏/) });
		expect(ms).toBeLessThan(3000); // a worker starts: seconds on a loaded machine
		expect(riseMb).toBeLessThan(48);
		expect(await jobs()).toBe(before);
	});

	it('refuses a workbook with 4 × 64 MB media entries of zeros from the directory: fast, bounded memory, nothing written', async () => {
		const media = [1, 2, 3, 4].map((n) => ({ name: `xl/media/image${n}.png`, repeat: zeros(64) }));
		const bomb = await zipOf([...entries, ...media]);
		expect(bomb.length).toBeLessThan(2 * MB);
		const before = await jobs();
		const { value, ms, riseMb } = await measured(() => previewLedger(db.sql, registrar, { name: '台账.xlsx', bytes: bomb }, NOW));
		console.log(`media bomb (${Math.round(bomb.length / 1024)} KB → 256 MB): ${ms} ms, RSS rise ${riseMb} MB → ${said(value)}`);
		expect(value).toMatchObject({ ok: false, message: expect.stringMatching(/解压|压缩比/) });
		expect(ms).toBeLessThan(1000);
		expect(riseMb).toBeLessThan(48);
		expect(await jobs()).toBe(before);
	});

	it('refuses an honest sheet that inflates past the limit (a 1,000× ratio) without inflating it', async () => {
		const big: BombEntry = {
			name: 'xl/sharedStrings.xml',
			repeat: { ...zeros(200), chunk: new Uint8Array(MB).fill(0x20), head: '<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">', tail: '</sst>' }
		};
		const bomb = await zipOf([...entries.filter((e) => e.name !== 'xl/sharedStrings.xml'), big]);
		const { value, ms, riseMb } = await measured(() => previewLedger(db.sql, registrar, { name: '台账.xlsx', bytes: bomb }, NOW));
		console.log(`honest 200 MB shared strings (${Math.round(bomb.length / 1024)} KB): ${ms} ms, RSS rise ${riseMb} MB → ${said(value)}`);
		expect(value).toMatchObject({ ok: false, message: expect.stringMatching(/解压|压缩比/) });
		expect(ms).toBeLessThan(1000);
		expect(riseMb).toBeLessThan(48);
	});

	it('still reads a real workbook with a 3 MB picture, a note, a hyperlink, a table and another sheet (the picture is never inflated)', async () => {
		const workbook = new ExcelJS.Workbook();
		workbook.addWorksheet('说明').addRow(['本表为十一月台账']);
		const sheet = workbook.addWorksheet('11月台账');
		sheet.addRow(['台账编号', '信访形式', '收件时间', '问题属地', '问题类别', '信访类型', '内容摘要']);
		sheet.addRow(['P-1', '来信', new Date('2026-11-18T09:30:00Z'), '历下区', '其他', '建议意见类', { text: '建议增设便民服务窗口', hyperlink: 'https://example.org/' }]);
		sheet.getCell('A2').note = '附照片';
		sheet.addImage(workbook.addImage({ buffer: randomBytes(3 * MB) as unknown as ExcelJS.Buffer, extension: 'png' }), 'I2:K8');
		sheet.addTable({ name: 'Extra', ref: 'M1', columns: [{ name: '备注' }], rows: [['无']] });
		const result = await previewLedger(db.sql, registrar, { name: '带图片的台账.xlsx', bytes: new Uint8Array(await workbook.xlsx.writeBuffer()) }, NOW);
		expect(result).toMatchObject({ ok: true });
		const [job] = await db.sql<{ rows: { rows: { record: Record<string, string> }[] } }[]>`select rows from import_job where id = ${result.ok ? result.jobId : 0n}`;
		expect(job.rows.rows[0].record).toMatchObject({ receivedAt: '2026-11-18 09:30', summary: '建议增设便民服务窗口', sourceId: 'P-1' });
	});

	it('stops a read that needs more heap or time than the worker is given, and reads the next file as before', async () => {
		const workbook = new ExcelJS.Workbook();
		const sheet = workbook.addWorksheet('台账');
		sheet.addRow(['台账编号', '信访形式', '收件时间', '问题属地', '问题类别', '信访类型', '内容摘要']);
		for (let n = 1; n <= 5000; n++) sheet.addRow([`M-${n}`, '来信', '2026-11-18 09:00', '历下区', '劳动社保', '申诉求决类', `反映拖欠工资问题，第 ${n} 件，请尽快解决`]);
		const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
		expect(await parseInWorker(bytes, '台账.xlsx', { ...PARSE_LIMITS, heapMb: 16, youngMb: 4 })).toBe('文件内容过大，读取时超出内存上限，已停止；请拆分后分批导入');
		expect(await parseInWorker(bytes, '台账.xlsx', { ...PARSE_LIMITS, timeoutMs: 30 })).toBe('读取文件超过 0.03 秒仍未完成，已停止；请拆分后分批导入');
		const ledger = await parseInWorker(bytes, '台账.xlsx');
		expect(typeof ledger !== 'string' && ledger.rows.length).toBe(5000);
	});
});
