import ExcelJS from 'exceljs';
import { decodeText, parseCsv } from './csv.ts';
import { knownHeaders } from './columns.ts';

/** A ledger as text cells: the header row and the data rows, numbered as the spreadsheet shows them. */
export type Ledger = { format: 'xlsx' | 'csv'; headers: string[]; rows: { line: number; cells: string[] }[] };

export const MAX_ROWS = 20_000;
const HEADER_SEARCH = 10;

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * A cell as the text a person sees. Excel stores wall-clock time without a zone, and exceljs
 * hands it over as if it were UTC: the UTC fields are the local time. Long numbers (an ID
 * number typed into a number cell) have already lost digits; they come back in E notation so
 * the check can say so instead of reporting a wrong check digit.
 */
function cellText(value: ExcelJS.CellValue): string {
	if (value === null || value === undefined) return '';
	if (value instanceof Date) {
		if (Number.isNaN(value.getTime())) return '';
		const date = `${value.getUTCFullYear()}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())}`;
		const [h, m, s] = [value.getUTCHours(), value.getUTCMinutes(), value.getUTCSeconds()];
		return h || m || s ? `${date} ${pad(h)}:${pad(m)}${s ? `:${pad(s)}` : ''}` : date;
	}
	if (typeof value === 'number') return Math.abs(value) >= 1e15 ? value.toExponential().toUpperCase() : String(value);
	if (typeof value === 'boolean') return value ? '是' : '否';
	if (typeof value === 'string') return value;
	if ('richText' in value) return value.richText.map((part) => part.text).join('');
	if ('formula' in value || 'sharedFormula' in value) return cellText((value as ExcelJS.CellFormulaValue).result as ExcelJS.CellValue);
	if ('hyperlink' in value) return String((value as ExcelJS.CellHyperlinkValue).text ?? '');
	if ('error' in value) return String(value.error);
	return '';
}

/** Finds the header (a title row may sit above it), keeps the non-empty rows below. */
function ledgerOf(format: Ledger['format'], table: { line: number; cells: string[] }[]): Ledger | string {
	const headerAt = table.slice(0, HEADER_SEARCH).findIndex((r) => knownHeaders(r.cells) >= 2);
	if (headerAt < 0) return '在前 10 行中没有找到表头（如“信访形式”“收件时间”“问题属地”），请使用导入模板';
	const headers = table[headerAt].cells.map((c) => c.trim());
	const rows = table.slice(headerAt + 1).filter((r) => r.cells.some((c) => c.trim() !== ''));
	if (rows.length === 0) return '表头下面没有数据行';
	if (rows.length > MAX_ROWS) return `共 ${rows.length} 行，超过单次导入上限 ${MAX_ROWS} 行，请拆分成几个文件`;
	return { format, headers, rows };
}

/** Reads an .xlsx or .csv file; the answer is a ledger or a message saying what is wrong with the file. */
export async function readLedger(bytes: Uint8Array, fileName: string): Promise<Ledger | string> {
	const isZip = bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;
	const isOle = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
	if (isOle) return '不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为”.xlsx 后再上传';
	if (isZip) {
		const workbook = new ExcelJS.Workbook();
		try {
			await workbook.xlsx.load(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
		} catch {
			return '无法读取该 Excel 文件，文件可能已损坏或不是 .xlsx 格式';
		}
		const sheets = workbook.worksheets.filter((s) => s.actualRowCount > 0);
		const sheet = sheets.find((s) => s.name.includes('台账')) ?? sheets[0];
		if (!sheet) return '该 Excel 文件没有内容';
		if (sheet.actualRowCount > MAX_ROWS + HEADER_SEARCH) return `共 ${sheet.actualRowCount} 行，超过单次导入上限 ${MAX_ROWS} 行，请拆分成几个文件`;
		const table: { line: number; cells: string[] }[] = [];
		sheet.eachRow({ includeEmpty: false }, (row, line) => {
			const cells: string[] = [];
			row.eachCell({ includeEmpty: true }, (cell, column) => (cells[column - 1] = cellText(cell.value)));
			table.push({ line, cells: Array.from(cells, (c) => c ?? '') });
		});
		return ledgerOf('xlsx', table);
	}
	if (!/\.(csv|txt)$/i.test(fileName)) return '只支持 .xlsx 和 .csv 文件';
	if (bytes.includes(0)) return '该文件不是文本格式的 CSV';
	const records = parseCsv(decodeText(bytes));
	return ledgerOf('csv', records.map((cells, i) => ({ line: i + 1, cells })));
}
