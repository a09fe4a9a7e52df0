import ExcelJS from 'exceljs';
import { categories, channels, itemTypes } from '../../../domain/vocabulary.ts';
import { LEDGER_COLUMNS } from './columns.ts';

/** One filled-in row, shown on the instructions sheet (not in the ledger, where it would be imported). */
const EXAMPLE: Record<string, string | number> = {
	channel: '来访',
	receivedAt: '2026-11-20 09:30',
	region: '历下区',
	category: '劳动社保',
	type: '申诉求决类',
	summary: '反映某建筑工地拖欠农民工工资三个月未支付，要求尽快解决',
	headcount: 1,
	unit: '济南市历下区人力资源和社会保障局',
	routedAt: '',
	petitionerName: '张某某',
	phone: '13800000000',
	idNumber: '',
	sourceId: 'LX-2026-0001'
};

/** The ledger template: the columns the import reads (required ones marked *), lists to pick from, and a sheet of instructions. */
export async function ledgerTemplate(): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	workbook.creator = '瞭望';
	const sheet = workbook.addWorksheet('台账', { views: [{ state: 'frozen', ySplit: 1 }] });
	sheet.columns = LEDGER_COLUMNS.map((c) => ({
		header: c.required ? `${c.header}*` : c.header,
		key: c.field,
		width: c.field === 'summary' ? 48 : c.field === 'unit' ? 34 : c.field === 'idNumber' ? 22 : 16,
		style: c.field === 'receivedAt' || c.field === 'routedAt' ? { numFmt: 'yyyy-mm-dd hh:mm' } : c.field === 'idNumber' || c.field === 'phone' || c.field === 'sourceId' ? { numFmt: '@' } : {}
	}));
	sheet.getRow(1).font = { bold: true };
	const lists: Record<string, string[]> = { channel: Object.values(channels), category: Object.values(categories), type: Object.values(itemTypes) };
	LEDGER_COLUMNS.forEach((c, i) => {
		const values = lists[c.field];
		if (!values) return;
		const letter = sheet.getColumn(i + 1).letter;
		for (let row = 2; row <= 2000; row++)
			sheet.getCell(`${letter}${row}`).dataValidation = {
				type: 'list',
				allowBlank: false,
				formulae: [`"${values.join(',')}"`],
				showErrorMessage: true,
				errorTitle: '无效的值',
				error: `请从列表中选择：${values.join('、')}`
			};
	});

	const help = workbook.addWorksheet('填写说明');
	help.columns = [
		{ header: '列名', key: 'header', width: 16 },
		{ header: '是否必填', key: 'required', width: 10 },
		{ header: '填写要求', key: 'hint', width: 80 },
		{ header: '示例', key: 'example', width: 40 }
	];
	help.getRow(1).font = { bold: true };
	for (const c of LEDGER_COLUMNS)
		help.addRow({ header: c.header, required: c.required ? '必填' : '选填', hint: `${c.hint}${c.aliases.length ? `（也认：${c.aliases.join('、')}）` : ''}`, example: EXAMPLE[c.field] ?? '' });
	help.addRow({});
	help.addRow({ header: '说明', hint: '在“台账”工作表中从第 2 行起逐行填写。上传后先预览校对，确认无误再导入；任一行有错误时整份文件都不会导入。' });
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}
