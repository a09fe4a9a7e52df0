import { error } from '@sveltejs/kit';
import ExcelJS from 'exceljs';
import { can } from '$lib/domain/access.ts';
import { categories, channels, statuses } from '$lib/domain/vocabulary.ts';
import { loadClockConfig } from '$lib/server/clocks/config.ts';
import { runtime } from '$lib/server/runtime.ts';
import { csvField, safeCell } from '$lib/server/work/cell.ts';
import { queueRows, queues, stuckCases } from '$lib/server/work/queues.ts';
import { readQuery } from '../query.ts';
import { formatInstant } from '$lib/time.ts';

const MAX_ROWS = 20_000;
const time = formatInstant;
const label = (vocabulary: Record<string, string>, code: string) => vocabulary[code] ?? code;

/** The list the workspace shows (any queue and filters), as Excel or CSV. */
export async function GET({ locals, url }) {
	const user = locals.user!;
	if (!can(user, 'items.view')) error(403, '您的账号无权导出');
	const format = url.searchParams.get('format') ?? 'xlsx';
	if (format !== 'xlsx' && format !== 'csv') error(400, '导出格式应为 xlsx 或 csv（参数 format）');
	const { queue, filters } = readQuery(url, user);
	const now = new Date();
	const header = queue === 'cases' ? ['包案', '包案领导', '牵头单位', '地区', '限期', '逾期天数', '事项数', '原因'] : ['编号', '收件时间', '地区', '承办单位', '类别', '渠道', '状态', '人数', '亮灯', '期限', '原因'];
	// a heavy read: on the replica where one keeps up
	const table = await runtime().reads.read(async (sql): Promise<(string | number)[][]> => {
		if (queue === 'cases') {
			return (await stuckCases(sql, user, now)).map((c) => [c.title, `${c.leaderTitle}${c.leader}`, c.unitName, c.regionName, c.deadline, c.daysOverdue, c.items, c.reason]);
		}
		const config = await loadClockConfig(sql);
		return (await queueRows(sql, user, queue, filters, config, now, { limit: MAX_ROWS, offset: 0 })).map((r) => [
			r.serial, time(r.receivedAt), r.regionName, r.unitName ?? '', label(categories, r.category), label(channels, r.channel),
			label(statuses, r.status), r.headcount, r.lightLabel, r.clockDue ?? '', r.reason
		]);
	});
	const name = `${queues[queue]}-${now.toISOString().slice(0, 10)}`;
	const disposition = (ext: string) => `attachment; filename="work.${ext}"; filename*=UTF-8''${encodeURIComponent(`${name}.${ext}`)}`;
	if (format === 'csv') {
		const body = '\uFEFF' + [header, ...table].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
		return new Response(body, { headers: { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': disposition('csv') } });
	}
	const book = new ExcelJS.Workbook();
	const sheet = book.addWorksheet(queues[queue]);
	sheet.addRow(header).font = { bold: true };
	for (const row of table) sheet.addRow(row.map(safeCell)); // a leading = is text in Excel too
	sheet.columns.forEach((column, i) => (column.width = i === header.length - 1 ? 80 : 16));
	const buffer = await book.xlsx.writeBuffer();
	return new Response(new Uint8Array(buffer as ArrayBuffer), {
		headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': disposition('xlsx') }
	});
}
