import { error } from '@sveltejs/kit';
import ExcelJS from 'exceljs';
import { can } from '$lib/domain/access.ts';
import { letterKinds } from '$lib/domain/letter-rules.ts';
import { letterStatuses } from '$lib/domain/letters.ts';
import { lightLabels, type Light } from '$lib/domain/lights.ts';
import { letterRegister } from '$lib/server/letters/queries.ts';
import { runtime } from '$lib/server/runtime.ts';
import { readRegisterQuery } from '../query.ts';
import { formatInstant } from '$lib/time.ts';

const MAX_ROWS = 20_000;
const time = (d: Date | null) => (d ? formatInstant(d) : '');
/** A leading = + - @ is neutralised so a spreadsheet never runs a cell as a formula. */
const cell = (s: string) => (/^[=+\-@\t\r]/.test(s) ? `'${s}` : s);

/** 台账 as Excel, with the register's filters. */
export async function GET({ locals, url }) {
	const user = locals.user!;
	if (!can(user, 'letters.view')) error(403, '您的账号无权导出函件台账');
	const { filters } = readRegisterQuery(url);
	const rows = await runtime().reads.read((sql) => letterRegister(sql, user, filters, { limit: MAX_ROWS, offset: 0 }));
	const book = new ExcelJS.Workbook();
	const sheet = book.addWorksheet('三函台账');
	sheet.addRow(['文号', '种类', '标题', '主送单位', '地区', '签发时间', '反馈期限', '亮灯', '状态', '签收时间', '反馈时间', '涉及事项']).font = { bold: true };
	for (const r of rows)
		sheet.addRow([r.number, letterKinds[r.kind], cell(r.title), cell(r.addresseeName ? `${r.addresseeName}（抄送${r.unitName}）` : r.unitName), r.regionName, time(r.issuedAt), r.feedbackDue, lightLabels[r.light as Light] ?? r.light, letterStatuses[r.status], time(r.signedAt), time(r.repliedAt), r.items]);
	sheet.columns.forEach((column, i) => (column.width = [24, 12, 50, 30][i] ?? 16));
	const buffer = await book.xlsx.writeBuffer();
	const name = `三函台账-${new Date().toISOString().slice(0, 10)}.xlsx`;
	return new Response(new Uint8Array(buffer as ArrayBuffer), {
		headers: { 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'content-disposition': `attachment; filename="letters.xlsx"; filename*=UTF-8''${encodeURIComponent(name)}` }
	});
}
