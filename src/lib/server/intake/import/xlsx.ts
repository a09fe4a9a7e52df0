import type * as ExcelJS from 'exceljs';
import { cellsOnly, hyperlinksOnly, relsPathOf, sheetOrder, sheetsOf } from './sheets.ts';
import { storedZip } from './stored-zip.ts';
import { openZip, ZipRefusal, type ZipLimits, ZIP_LIMITS } from './zip.ts';

/**
 * The cells of an .xlsx ledger. The zip's directory is checked first (zip.ts); then only what
 * one sheet needs is inflated — the workbook, its relationships, shared strings, styles (for
 * dates), the sheet and its hyperlinks — and handed to exceljs as a new zip. Media, drawings, embedded files and
 * the other sheets are never inflated.
 */
export type Table = { line: number; cells: string[] }[];
/** how many rows a sheet may have, and what to say when it has more */
export type Rows = { max: number; tooMany: (count: number) => string };

const DAMAGED = '无法读取该 Excel 文件，文件可能已损坏或不是 .xlsx 格式';
const SHARED = ['xl/workbook.xml', 'xl/_rels/workbook.xml.rels', 'xl/styles.xml', 'xl/sharedStrings.xml'];
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

/** The first sheet with rows (one named 台账 first), as text cells; or a message saying what is wrong. */
export async function readXlsx(bytes: Uint8Array, rows: Rows, limits: ZipLimits = ZIP_LIMITS): Promise<Table | string> {
	const zip = await openZip(bytes, limits);
	if (typeof zip === 'string') return zip;
	try {
		const shared: { name: string; data: Buffer }[] = [];
		for (const name of SHARED) {
			const data = await zip.read(name);
			if (data) shared.push({ name, data });
		}
		const [workbookXml, relsXml] = [SHARED[0], SHARED[1]].map((n) => shared.find((s) => s.name === n)?.data.toString('utf8'));
		if (workbookXml === undefined || relsXml === undefined) return DAMAGED;
		for (const sheet of sheetOrder(sheetsOf(workbookXml, relsXml))) {
			const data = await zip.read(sheet.path);
			if (!data) continue;
			const rels = await zip.read(relsPathOf(sheet.path));
			const parts = [...shared, { name: sheet.path, data: cellsOnly(data) }];
			if (rels) parts.push({ name: relsPathOf(sheet.path), data: Buffer.from(hyperlinksOnly(rels.toString('utf8'))) });
			const table = await tableOf(storedZip(parts), rows);
			if (table === null) return DAMAGED;
			if (typeof table === 'string' || table.length > 0) return table;
		}
		return '该 Excel 文件没有内容';
	} catch (e) {
		if (e instanceof ZipRefusal) return e.message;
		throw e;
	}
}

/** The one sheet of a filtered workbook; null when exceljs cannot read it. */
async function tableOf(zip: Buffer, rows: Rows): Promise<Table | string | null> {
	// loaded only now: a worker refusing a bomb never pays for the library
	const { Workbook } = (await import('exceljs')).default;
	const workbook = new Workbook();
	try {
		await workbook.xlsx.load(zip.buffer.slice(zip.byteOffset, zip.byteOffset + zip.byteLength) as ArrayBuffer);
	} catch {
		return null;
	}
	const sheet = workbook.worksheets[0];
	if (!sheet || sheet.actualRowCount === 0) return [];
	if (sheet.actualRowCount > rows.max) return rows.tooMany(sheet.actualRowCount);
	const table: Table = [];
	sheet.eachRow({ includeEmpty: false }, (row, line) => {
		const cells: string[] = [];
		row.eachCell({ includeEmpty: true }, (cell, column) => (cells[column - 1] = cellText(cell.value)));
		table.push({ line, cells: Array.from(cells, (c) => c ?? '') });
	});
	return table;
}
