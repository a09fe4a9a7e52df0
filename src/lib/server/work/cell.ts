/**
 * Text that goes into a spreadsheet cell (CSV or XLSX) from petition data: a leading = + - @,
 * tab or carriage return gets a ' in front, so no spreadsheet ever runs a cell as a formula
 * (CSV/formula injection), whichever format the list was exported as. Numbers stay numbers.
 */
export const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell<T extends string | number>(value: T): T | string {
	return typeof value === 'string' && FORMULA_START.test(value) ? `'${value}` : value;
}

/** A CSV field: neutralised as above, quoted, inner quotes doubled. */
export const csvField = (value: string | number) => `"${String(safeCell(String(value))).replaceAll('"', '""')}"`;
