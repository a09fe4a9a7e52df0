import { describe, expect, it } from 'vitest';
import { cellsOnly, hyperlinksOnly, partPath, relsPathOf, sheetOrder, sheetsOf } from './sheets.ts';

const WORKBOOK = `<workbook xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>
	<sheet name="说明" sheetId="1" r:id="rId1"/><sheet name="图表" sheetId="2" r:id="rId2"/><sheet name="11月&amp;台账" sheetId="3" r:id="rId3"/></sheets></workbook>`;
const RELS = `<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/>
	<Relationship Type="x/chartsheet" Target="chartsheets/sheet1.xml" Id="rId2"/><Relationship Id="rId3" Type="x/worksheet" Target="/xl/worksheets/sheet7.xml"/></Relationships>`;

describe('workbook parts: which sheet to read and what it may refer to', () => {
	it('lists worksheets in order with their paths, leaves chart sheets out, and tries a 台账 sheet first', () => {
		const sheets = sheetsOf(WORKBOOK, RELS);
		expect(sheets).toEqual([
			{ name: '说明', path: 'xl/worksheets/sheet1.xml' },
			{ name: '11月&台账', path: 'xl/worksheets/sheet7.xml' }
		]);
		expect(sheetOrder(sheets).map((s) => s.name)).toEqual(['11月&台账', '说明']);
	});

	it('resolves relationship targets inside the zip', () => {
		expect(partPath('worksheets/sheet1.xml')).toBe('xl/worksheets/sheet1.xml');
		expect(partPath('/xl/worksheets/sheet2.xml')).toBe('xl/worksheets/sheet2.xml');
		expect(partPath('../xl/./worksheets/sheet3.xml')).toBe('xl/worksheets/sheet3.xml');
		expect(relsPathOf('xl/worksheets/sheet1.xml')).toBe('xl/worksheets/_rels/sheet1.xml.rels');
	});

	it('keeps only hyperlinks of a sheet’s relationships and drops references to drawings and tables after the cells', () => {
		const rels = '<Relationships><Relationship Id="rId1" Type="http://x/relationships/hyperlink" Target="https://a/" TargetMode="External"/><Relationship Id="rId2" Type="http://x/relationships/drawing" Target="../drawings/drawing1.xml"/></Relationships>';
		expect(hyperlinksOnly(rels)).toContain('rId1');
		expect(hyperlinksOnly(rels)).not.toContain('rId2');
		const sheet = Buffer.from('<worksheet><sheetData><row r="1"/></sheetData><hyperlinks/><drawing r:id="rId2"/><tableParts count="1"><tablePart r:id="rId3"/></tableParts></worksheet>');
		expect(cellsOnly(sheet).toString()).toBe('<worksheet><sheetData><row r="1"/></sheetData><hyperlinks/></worksheet>');
	});
});
