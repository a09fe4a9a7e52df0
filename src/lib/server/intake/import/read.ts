import { decodeText, parseCsv } from './csv.ts';
import { knownHeaders } from './columns.ts';
import { readXlsx } from './xlsx.ts';

/** A ledger as text cells: the header row and the data rows, numbered as the spreadsheet shows them. */
export type Ledger = { format: 'xlsx' | 'csv'; headers: string[]; rows: { line: number; cells: string[] }[] };

export const MAX_ROWS = 20_000;
const HEADER_SEARCH = 10;
const tooMany = (count: number) => `共 ${count} 行，超过单次导入上限 ${MAX_ROWS} 行，请拆分成几个文件`;

/** Finds the header (a title row may sit above it), keeps the non-empty rows below. */
function ledgerOf(format: Ledger['format'], table: { line: number; cells: string[] }[]): Ledger | string {
	const headerAt = table.slice(0, HEADER_SEARCH).findIndex((r) => knownHeaders(r.cells) >= 2);
	if (headerAt < 0) return '在前 10 行中没有找到表头（如“信访形式”“收件时间”“问题属地”），请使用导入模板';
	const headers = table[headerAt].cells.map((c) => c.trim());
	const rows = table.slice(headerAt + 1).filter((r) => r.cells.some((c) => c.trim() !== ''));
	if (rows.length === 0) return '表头下面没有数据行';
	if (rows.length > MAX_ROWS) return tooMany(rows.length);
	return { format, headers, rows };
}

export const isZip = (bytes: Uint8Array) => bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04;

/** Reads an .xlsx or .csv file; the answer is a ledger or a message saying what is wrong with the file. */
export async function readLedger(bytes: Uint8Array, fileName: string): Promise<Ledger | string> {
	const isOle = bytes[0] === 0xd0 && bytes[1] === 0xcf && bytes[2] === 0x11 && bytes[3] === 0xe0;
	if (isOle) return '不支持旧版 Excel（.xls）文件，请在 Excel 中“另存为”.xlsx 后再上传';
	if (isZip(bytes)) {
		const table = await readXlsx(bytes, { max: MAX_ROWS + HEADER_SEARCH, tooMany });
		return typeof table === 'string' ? table : ledgerOf('xlsx', table);
	}
	if (!/\.(csv|txt)$/i.test(fileName)) return '只支持 .xlsx 和 .csv 文件';
	if (bytes.includes(0)) return '该文件不是文本格式的 CSV';
	const records = parseCsv(decodeText(bytes));
	return ledgerOf('csv', records.map((cells, i) => ({ line: i + 1, cells })));
}
