import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { documentText, type LetterDocument } from './document.ts';
import { letterDocx } from './docx.ts';

const doc: LetterDocument = {
	kind: 'accountability', officeName: '山东省信访局', number: '鲁信问责函〔2026〕3号', title: '关于对济南市历下区人力资源和社会保障局有关责任人员予以问责的问责建议函',
	recipient: '济南市历下区纪委监委', reason: '经督查，你单位承办的信访事项长期未办结。\n建议依规依纪依法予以问责。', feedbackDue: '2026-12-31',
	issuedOn: '2026-12-01', cc: '济南市信访局', items: [{ serial: '370102-20261001-000017', receivedOn: '2026-10-01', summary: '反映小区停车位问题', unitName: '济南市历下区住房和城乡建设局', daysOverdue: 0 }]
};
const parts = async () => {
	const zip = await JSZip.loadAsync(await letterDocx(doc));
	return { zip, xml: await zip.file('word/document.xml')!.async('string'), styles: await zip.file('word/styles.xml')!.async('string') };
};
const texts = (xml: string) => [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]);

/** The structure; the geometry is measured on LibreOffice's render in tests/integration/letters-docx-format.test.ts. */
describe('the .docx copy', () => {
	it('has the GB/T 9704 page (A4, 37/26/35/28 mm), exact 225/22 mm lines, and every piece of text of the PDF', async () => {
		const { xml, styles } = await parts();
		expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');
		expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
		expect(xml).toContain('w:line="580" w:lineRule="exact"');
		const text = texts(xml).join('');
		for (const piece of documentText(doc)) expect(text).toContain(piece);
		expect(text).toContain('特此函告。');
		expect(styles).toContain('w:eastAsia="仿宋_GB2312"');
		expect(styles).toMatch(/<w:autoSpaceDE w:val="0"\/><w:autoSpaceDN w:val="0"\/>/);
	});

	it('breaks the title where the PDF does, at phrase boundaries, never inside the unit name', async () => {
		const { xml } = await parts();
		const title = /<w:p>(?:(?!<w:p>).)*?关于对(?:(?!<\/w:p>).)*<\/w:p>/s.exec(xml)![0];
		expect(texts(title)).toEqual(['关于对济南市历下区', '人力资源和社会保障局有关责任人员', '予以问责的问责建议函']);
		expect(title.match(/<w:br\/>/g)).toHaveLength(2);
	});

	it('puts odd page numbers at the right and even ones at the left (GB/T 9704 7.5), none on page 1 (信函格式)', async () => {
		const { zip, xml } = await parts();
		expect(await zip.file('word/settings.xml')!.async('string')).toContain('<w:evenAndOddHeaders');
		expect(xml).toContain('<w:titlePg');
		const footers = await Promise.all(Object.keys(zip.files).filter((f) => /^word\/footer\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
		const numbered = footers.filter((f) => f.includes('PAGE'));
		expect(numbered.map((f) => /<w:jc w:val="(\w+)"/.exec(f)?.[1]).sort()).toEqual(['left', 'right']);
		const first = /<w:footerReference w:type="first" r:id="(\w+)"/.exec(xml)![1];
		const rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
		const target = new RegExp(`Id="${first}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${first}"`).exec(rels)![1];
		expect(await zip.file(`word/${target}`)!.async('string')).not.toContain('PAGE');
	});

	it('has the two red double rules of 信函格式 fixed to page 1, the 附件 on its own page, and a 版记 of 抄送 only at the foot, after it', async () => {
		const { xml } = await parts();
		expect(xml).toMatch(/<w:bottom w:val="thickThinSmallGap"[^>]*w:color="CC0000"/);
		expect(xml).toMatch(/<w:bottom w:val="thinThickSmallGap"[^>]*w:color="CC0000"/);
		expect(xml.match(/w:hAnchor="page" w:vAnchor="page"|w:vAnchor="page"/g)?.length).toBeGreaterThanOrEqual(5);
		expect(xml).toContain('<w:tblLayout w:type="fixed"/>');
		const text = texts(xml);
		expect(text.join('')).not.toContain('印发');
		expect(text.at(-1)).toBe('抄送：济南市信访局。');
		expect(text.indexOf('附件')).toBeGreaterThan(text.indexOf('2026年12月1日'));
		expect(text.indexOf('抄送：济南市信访局。')).toBeGreaterThan(text.indexOf('370102-20261001-000017'));
		expect(text.join('')).toContain('2026年10月1日');
	});
});

describe('the attachment table of the .docx', () => {
	const columnsOf = async (d: LetterDocument) => {
		const xml = await (await JSZip.loadAsync(await letterDocx(d))).file('word/document.xml')!.async('string');
		const grid = /<w:tblGrid>(.*?)<\/w:tblGrid>/s.exec(xml)![1];
		return { xml, widths: [...grid.matchAll(/w:w="(\d+)"/g)].map((m) => Number(m[1])), header: texts(/<w:tr>(?:(?!<\/w:tr>).)*<\/w:tr>/s.exec(xml.slice(xml.indexOf('<w:tbl>')))![0]) };
	};
	const mm = (twips: number) => (twips / 1440) * 25.4;

	it('keeps 承办单位 when the rows are another unit’s than the 主送机关 (a 问责建议函 to its authority)', async () => {
		const { header, widths } = await columnsOf(doc);
		expect(header).toEqual(['序号', '编号', '收件日期', '事项摘要', '承办单位', '逾期天数']);
		expect(mm(widths[2])).toBeCloseTo(34, 0); // 收件日期: 2026年10月16日 on one line under LibreOffice
		expect(mm(widths.reduce((a, b) => a + b, 0))).toBeCloseTo(156, 0);
	});

	it('drops 承办单位 when every row is the addressee’s own, its width going to 事项摘要', async () => {
		const own: LetterDocument = { ...doc, kind: 'supervise', recipient: '济南市历下区住房和城乡建设局', items: [doc.items[0], { ...doc.items[0], serial: '370102-20261016-000018', receivedOn: '2026-10-16' }] };
		const { header, widths, xml } = await columnsOf(own);
		expect(header).toEqual(['序号', '编号', '收件日期', '事项摘要', '逾期天数']);
		expect(widths.map((w) => Math.round(mm(w)))).toEqual([10, 43, 34, 57, 12]);
		expect(texts(xml.slice(xml.indexOf('<w:tbl>'))).join('')).not.toContain('住房和城乡建设局');
		expect(texts(xml).join('')).toContain('2026年10月16日');
		// one unit of two differing: the column is back
		const mixed = { ...own, items: [...own.items, { ...doc.items[0], unitName: '济南市历下区教育和体育局' }] };
		expect((await columnsOf(mixed)).header).toContain('承办单位');
	});
});
