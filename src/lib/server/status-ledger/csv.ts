import { decodeText, parseCsv } from '../intake/import/csv.ts';
import { statusFieldOf } from './columns.ts';
import type { Table } from './run.ts';

/**
 * A 办理台账 saved as CSV (UTF-8 or GBK, as Excel writes it): the header is the first of the
 * first ten rows naming two known columns (a title row may sit above it); empty rows are skipped.
 * (An .xlsx goes through the registration import's reader once it hands out plain rows.)
 */
export function tableFromCsv(bytes: Uint8Array): Table | string {
	if (bytes.includes(0)) return '该文件不是文本格式的 CSV';
	const records = parseCsv(decodeText(bytes)).map((cells, i) => ({ line: i + 1, cells }));
	const headerAt = records.slice(0, 10).findIndex((r) => r.cells.filter((c) => statusFieldOf(c) !== undefined).length >= 2);
	if (headerAt < 0) return '在前 10 行中没有找到表头（如“信访件编号”“办理环节”“办理时间”）';
	const rows = records.slice(headerAt + 1).filter((r) => r.cells.some((c) => c.trim() !== ''));
	if (rows.length === 0) return '表头下面没有数据行';
	if (rows.length > 20_000) return `共 ${rows.length} 行，超过单次导入上限 20000 行，请拆分成几个文件`;
	return { headers: records[headerAt].cells.map((c) => c.trim()), rows };
}
