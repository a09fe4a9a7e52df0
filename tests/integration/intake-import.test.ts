import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/lib/server/db/connection.ts';
import { commitLedger, previewLedger, PROGRESS_EVERY, type PreviewRow } from '../../src/lib/server/intake/import/jobs.ts';
import { readLedger } from '../../src/lib/server/intake/import/read.ts';
import { ledgerTemplate } from '../../src/lib/server/intake/import/template.ts';
import type { Registrar } from '../../src/lib/server/intake/register.ts';
import { createTestDatabase, type TestDatabase } from '../support/db.ts';
import { idNumberOf, seedIntake } from '../support/intake.ts';

const NOW = new Date('2026-11-20T10:00:00+08:00');
const HEADERS = ['台账编号', '信访形式*', '收件时间*', '问题属地*', '问题类别*', '信访类型*', '内容摘要*', '人数', '责任单位', '信访人姓名', '联系电话', '身份证号'];
type Row = (string | number | Date | null)[];
const good = (n: number): Row => [
	`LX-${String(n).padStart(5, '0')}`, n % 3 ? '来信' : '网上信访', `2026-11-${String(1 + (n % 18)).padStart(2, '0')} 10:${String(n % 60).padStart(2, '0')}`,
	n % 2 ? '历下区' : '370103', '劳动社保', '申诉求决类', `反映拖欠工资问题，第 ${n} 件，要求尽快解决`, 1 + (n % 4),
	n % 2 ? '济南市历下区人力资源和社会保障局' : '', `信访人${n}`, `139${String(n).padStart(8, '0')}`, ''
];

async function xlsx(rows: Row[], options: { title?: string; headers?: string[] } = {}): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('2026年11月台账');
	if (options.title) sheet.addRow([options.title]);
	sheet.addRow(options.headers ?? HEADERS);
	for (const row of rows) sheet.addRow(row);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

/** GB18030 bytes of a text, from the decoder's own table (Node has no GB18030 encoder). */
function gb18030(text: string): Uint8Array {
	const table = new Map<string, number[]>();
	const decoder = new TextDecoder('gb18030');
	for (let a = 0x81; a <= 0xfe; a++) for (let b = 0x40; b <= 0xfe; b++) if (b !== 0x7f) table.set(decoder.decode(new Uint8Array([a, b])), [a, b]);
	const bytes: number[] = [];
	for (const c of text) {
		if (c.charCodeAt(0) < 0x80) bytes.push(c.charCodeAt(0));
		else if (table.has(c)) bytes.push(...table.get(c)!);
		else throw new Error(`no GB18030 two-byte code for ${c}`);
	}
	return new Uint8Array(bytes);
}

describe('ledger (台账) import: dry run, then all-or-nothing commit', () => {
	let db: TestDatabase;
	let registrar: Registrar & { userId: number };
	const counts = async () =>
		(
			await db.sql<{ items: number; petitioners: number; events: number; outbox: number; warnings: number }[]>`
				select (select count(*)::int from petition_item) as items, (select count(*)::int from petitioner) as petitioners,
				       (select count(*)::int from petition_event) as events, (select count(*)::int from outbox) as outbox,
				       (select count(*)::int from item_quality_warning) as warnings`
		)[0];
	const preview = async (bytes: Uint8Array, name = '台账.xlsx') => {
		const result = await previewLedger(db.sql, registrar, { name, bytes }, NOW);
		if (!result.ok) throw new Error(result.message);
		const [job] = await db.sql<{ status: string; total: number; errorRows: number; warningRows: number; errors: unknown[]; rows: { rows: PreviewRow[]; ignored: string[] } }[]>`
			select status, total_rows as total, error_rows as "errorRows", warning_rows as "warningRows", errors, rows from import_job where id = ${result.jobId}`;
		return { id: result.jobId, ...job };
	};

	beforeAll(async () => {
		db = await createTestDatabase();
		({ registrar } = await seedIntake(db.sql));
	});
	afterAll(async () => {
		await db?.drop();
	});

	it('serves a template the import reads back: every column, marked required, no data rows', async () => {
		const bytes = await ledgerTemplate();
		expect(await readLedger(bytes, '模板.xlsx')).toBe('表头下面没有数据行');
		const workbook = new ExcelJS.Workbook();
		await workbook.xlsx.load(bytes.buffer as ArrayBuffer);
		expect(workbook.worksheets.map((s) => s.name)).toEqual(['台账', '填写说明']);
		const headers = (workbook.getWorksheet('台账')!.getRow(1).values as string[]).slice(1);
		expect(headers).toEqual(['信访形式*', '收件时间*', '问题属地*', '问题类别*', '信访类型*', '内容摘要*', '人数', '责任单位', '转送交办时间', '信访人姓名', '联系电话', '身份证号', '台账编号']);
		const row = good(1);
		const filled = await xlsx([headers.map((h) => row[HEADERS.indexOf(h)] ?? '')], { headers });
		expect((await preview(filled)).errorRows).toBe(0);
	});

	it('previews without writing: rows numbered as the spreadsheet shows them, errors naming the file’s own column', async () => {
		const before = await counts();
		const lost = 370102197001011234; // typed into a number cell: the last digits are gone
		const job = await preview(
			await xlsx(
				[
					good(1),
					['LX-X2', '飞鸽', '2026-11-18 09:00', '历下区', '劳动社保', '申诉求决类', '反映拖欠工资问题请尽快处理', 1, '', '王五', '', lost],
					[null, null, null, null, null, null, null, null, null, null, null, null],
					['LX-X3', '来访', new Date('2026-11-14T22:10:00Z'), '市中区', '教育', '建议意见类', '建议', 1, '', '', '', ''],
					['LX-X4', '来信', new Date('2026-11-17T00:00:00Z'), '济南市市中区', '其他', '检举控告类', '检举某单位违规发放津贴补贴', 1, '', '', '', '']
				],
				{ title: '历下区信访局 2026 年 11 月信访台账' }
			)
		);
		expect(job).toMatchObject({ status: 'previewed', total: 4, errorRows: 2 });
		expect(job.errors).toEqual([
			{ row: 4, column: '信访形式*', field: 'channel', message: expect.stringContaining('“飞鸽”无效') },
			{ row: 4, column: '身份证号', field: 'idNumber', message: expect.stringContaining('科学计数法') },
			{ row: 6, column: '问题属地*', field: 'region', message: expect.stringContaining('对应多个地区') }
		]);
		const rows = job.rows.rows;
		expect(rows.map((r) => r.line)).toEqual([3, 4, 6, 7]);
		// an Excel date cell is wall-clock time; midnight means only a date was given
		expect(rows[2].record.receivedAt).toBe('2026-11-14 22:10');
		expect(rows[3].record.receivedAt).toBe('2026-11-17');
		expect(rows[3].warnings.map((w) => w.code)).toEqual(['unit_missing', 'petitioner_missing']);
		expect(await counts()).toEqual(before);
		expect(await commitLedger(db.sql, registrar, job.id, NOW)).toEqual({ ok: false, message: '有 2 行存在错误，请修正后重新上传', errors: [] });
		expect(await counts()).toEqual(before);
	});

	it('reads a GB18030 CSV as Excel saves it, with quotes, line breaks in a field and duplicate 台账编号 found', async () => {
		const csv = [
			'台账编号,信访形式,收件时间,问题属地,问题类别,信访类型,内容摘要,人数,责任单位,信访人姓名,联系电话,身份证号,备注',
			`LX-C1,来信,2026/11/18 9:30,历下区,劳动社保,申诉求决类,"反映拖欠工资，""包工头""失联\n要求解决",3,济南市历下区人力资源和社会保障局,张三,13800000000,${idNumberOf('37010219700101123')},无`,
			'LX-C1,来信,2026/11/18 9:30,历下区,劳动社保,申诉求决类,重复的一行内容足够长,1,,李四,,,'
		].join('\r\n');
		const job = await preview(gb18030(csv), '台账.csv');
		expect(job.total).toBe(2);
		expect(job.rows.ignored).toEqual(['备注']);
		expect(job.rows.rows[0].record.summary).toBe('反映拖欠工资，"包工头"失联\n要求解决');
		expect(job.errors).toEqual([{ row: 3, column: '台账编号', field: 'sourceId', message: '台账编号 LX-C1 与第 2 行重复' }]);
	});

	it.each([
		['an old .xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0, 0]), 'a.xls', '.xls'],
		['a broken .xlsx', new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3]), 'a.xlsx', '损坏'],
		['a PDF', new TextEncoder().encode('%PDF-1.4'), 'a.pdf', '只支持'],
		['a CSV without the headers', new TextEncoder().encode('a,b,c\n1,2,3'), 'a.csv', '没有找到表头'],
		['a CSV missing required columns', new TextEncoder().encode('信访形式,收件时间,内容摘要\n来信,2026-11-18,反映问题'), 'a.csv', '缺少必填列：问题属地、问题类别、信访类型'],
		['a column named twice', new TextEncoder().encode('信访形式,渠道,收件时间,问题属地,问题类别,信访类型,内容摘要\n来信,来信,2026-11-18,历下区,其他,建议意见类,建议'), 'a.csv', '都表示信访形式']
	])('refuses %s with a message saying what to do', async (_, bytes, name, says) => {
		const result = await previewLedger(db.sql, registrar, { name, bytes }, NOW);
		expect(result.ok).toBe(false);
		expect(!result.ok && result.message).toContain(says);
	});

	it('imports a row received before 2000: a warning in the preview and stored with the item, not a failure', async () => {
		const old = good(201);
		old[2] = '1999-12-30 10:00';
		const job = await preview(await xlsx([old]));
		expect(job).toMatchObject({ total: 1, errorRows: 0, warningRows: 1 });
		const result = await commitLedger(db.sql, registrar, job.id, NOW);
		expect(result).toMatchObject({ ok: true, items: 1 });
		const stored = await db.sql`select w.code from item_quality_warning w join petition_item i on i.id = w.item_id where i.import_job_id = ${job.id}`;
		expect(stored.map((w) => w.code)).toContain('received_before_2000');
	});

	it('commits nothing when one row fails at commit time (its 台账编号 taken by another import meanwhile)', async () => {
		const first = await preview(await xlsx([good(101), good(102), good(103)]));
		expect(first.errorRows).toBe(0);
		const [{ id: otherUser }] = await db.sql<{ id: number }[]>`
			insert into app_user (username, display_name, password_hash, role, scope_region) values ('lixia.ducha', '历下区督查', 'x', 'supervisor', '370102') returning id`;
		const other = { ...registrar, userId: otherUser, username: 'lixia.ducha', scope: '370102' };
		const second = await previewLedger(db.sql, other, { name: '另一份.xlsx', bytes: await xlsx([good(103)]) }, NOW);
		expect(second.ok && (await commitLedger(db.sql, other, second.jobId, NOW))).toEqual({ ok: true, items: 1, warnings: 1 });

		const before = await counts();
		const result = await commitLedger(db.sql, registrar, first.id, NOW);
		expect(result).toMatchObject({ ok: false, errors: [{ row: 4, column: '台账编号', field: 'sourceId' }] });
		expect(!result.ok && result.message).toContain('第 4 行无法登记，整个文件均未导入');
		expect(await counts()).toEqual(before);
		const [job] = await db.sql`select status, rows, error_rows from import_job where id = ${first.id}`;
		expect(job).toEqual({ status: 'failed', rows: null, error_rows: 1 });
		// and it cannot be committed again
		expect(await commitLedger(db.sql, registrar, first.id, NOW)).toMatchObject({ ok: false, message: '该文件导入失败，没有写入任何数据，请修正后重新上传' });
	});

	it('imports 5,000 rows from .xlsx in one transaction, reporting progress every 500 rows to a poller', async () => {
		const rows = Array.from({ length: 5000 }, (_, i) => good(1000 + i));
		let started = performance.now();
		const bytes = await xlsx(rows);
		const job = await preview(bytes, '五千行台账.xlsx');
		const previewMs = performance.now() - started;
		expect(job).toMatchObject({ total: 5000, errorRows: 0 });
		const before = await counts();

		const poller = connect(db.url, { max: 1, appName: 'import-poller' });
		const seen: number[] = [];
		let polling = true;
		const poll = (async () => {
			while (polling) {
				const [row] = await poller<{ processed: number; items: number }[]>`
					select processed_rows as processed, (select count(*)::int from petition_item where import_job_id = ${job.id}) as items
					  from import_job where id = ${job.id}`;
				seen.push(row.processed);
				// nothing of the import is visible before the commit
				if (row.processed < 5000) expect(row.items).toBe(0);
				await new Promise((r) => setTimeout(r, 25));
			}
		})();
		started = performance.now();
		const result = await commitLedger(db.sql, registrar, job.id, NOW);
		const commitMs = performance.now() - started;
		polling = false;
		await poll;
		await poller.end();
		console.log(`5,000-row import: preview ${Math.round(previewMs)} ms, commit ${Math.round(commitMs)} ms; progress seen: ${[...new Set(seen)].join(', ')}`);

		expect(result).toMatchObject({ ok: true, items: 5000 });
		const intermediate = [...new Set(seen)].filter((n) => n > 0 && n < 5000);
		expect(intermediate.length, `progress values seen: ${[...new Set(seen)]}`).toBeGreaterThanOrEqual(2);
		for (const n of intermediate) expect(n % PROGRESS_EVERY).toBe(0);
		const after = await counts();
		expect(after.items - before.items).toBe(5000);
		expect(after.events - before.events).toBe(5000);
		expect(after.outbox - before.outbox).toBe(5000);
		const [job2] = await db.sql`select status, processed_rows, rows, committed_at is not null as done from import_job where id = ${job.id}`;
		expect(job2).toEqual({ status: 'committed', processed_rows: 5000, rows: null, done: true });
		const [{ serials, sources }] = await db.sql`
			select count(distinct serial)::int as serials, count(distinct source_id)::int as sources from petition_item where import_job_id = ${job.id}`;
		expect({ serials, sources }).toEqual({ serials: 5000, sources: 5000 });
		const entries = await db.sql`select detail from audit_log where action = 'import.commit' and detail->>'jobId' = ${String(job.id)}`;
		expect(entries).toHaveLength(1);
		expect(entries[0].detail).toMatchObject({ items: 5000 });
		// a second commit of the same job is refused
		expect(await commitLedger(db.sql, registrar, job.id, NOW)).toMatchObject({ ok: false, message: '该文件已经导入，不能重复导入' });
	}, 180_000);
});
