import { describe, expect, it } from 'vitest';
import { csvField, safeCell } from './cell.ts';

describe('safeCell (formula injection in exports)', () => {
	it.each(['=1+1', '=HYPERLINK("http://x","点我")', '+1', '-1+1', '@SUM(A1)', '\t=1', '\r=1'])('prefixes %j with a quote', (text) => {
		expect(safeCell(text)).toBe(`'${text}`);
	});
	it.each(['张三反映工资拖欠', '1+1', 'a=b', '', ' =1'])('leaves %j as it is', (text) => {
		expect(safeCell(text)).toBe(text);
	});
	it('keeps numbers numbers (a negative count is not text)', () => {
		expect(safeCell(-3)).toBe(-3);
		expect(safeCell(12)).toBe(12);
	});
	it('quotes CSV fields after neutralising them', () => {
		expect(csvField('=cmd|"/c calc"!A1')).toBe(`"'=cmd|""/c calc""!A1"`);
		expect(csvField(5)).toBe('"5"');
	});
});
