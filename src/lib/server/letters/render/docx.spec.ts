import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { documentText, type LetterDocument } from './document.ts';
import { letterDocx } from './docx.ts';

const doc: LetterDocument = {
	kind: 'risk', officeName: '山东省信访局', number: '鲁信风险函〔2026〕3号', title: '关于历下区住建局信访事项办理情况的风险提醒函',
	recipient: '济南市历下区住房和城乡建设局', reason: '经研判，你单位承办的信访事项存在群体访风险。\n请及时落实稳控措施。', feedbackDue: '2026-12-31',
	issuedOn: '2026-12-01', cc: '济南市信访局', items: [{ serial: '370102-20261001-000017', receivedOn: '2026-10-01', summary: '反映小区停车位问题', unitName: '济南市历下区住房和城乡建设局', daysOverdue: 0 }]
};

describe('the .docx copy', () => {
	it('has the GB/T 9704 page (A4, 37/26/35/28 mm), a 22-line grid, and every piece of text of the PDF', async () => {
		const xml = await (await JSZip.loadAsync(await letterDocx(doc))).file('word/document.xml')!.async('string');
		expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');
		expect(xml).toMatch(/<w:pgMar w:top="2098" w:right="1474" w:bottom="1984" w:left="1587"/);
		expect(xml).toContain('<w:docGrid w:type="linesAndChars" w:linePitch="580"');
		const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
		for (const piece of documentText(doc)) expect(text).toContain(piece.replace('印发', ''));
		expect(text).toContain('特此提醒。');
		expect(xml).toContain('w:eastAsia="仿宋_GB2312"');
	});

	it('puts odd page numbers at the right and even ones at the left (GB/T 9704 7.5), none on page 1 (信函格式)', async () => {
		const zip = await JSZip.loadAsync(await letterDocx(doc));
		expect(await zip.file('word/settings.xml')!.async('string')).toContain('<w:evenAndOddHeaders');
		const xml = await zip.file('word/document.xml')!.async('string');
		expect(xml).toContain('<w:titlePg');
		const footers = await Promise.all(Object.keys(zip.files).filter((f) => /^word\/footer\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
		const numbered = footers.filter((f) => f.includes('PAGE'));
		expect(numbered.map((f) => /<w:jc w:val="(\w+)"/.exec(f)?.[1]).sort()).toEqual(['left', 'right']);
		const first = /<w:footerReference w:type="first" r:id="(\w+)"/.exec(xml)![1];
		const rels = await zip.file('word/_rels/document.xml.rels')!.async('string');
		const target = new RegExp(`Id="${first}"[^>]*Target="([^"]+)"`).exec(rels)?.[1] ?? new RegExp(`Target="([^"]+)"[^>]*Id="${first}"`).exec(rels)![1];
		expect(await zip.file(`word/${target}`)!.async('string')).not.toContain('PAGE');
	});

	it('has the two red double rules of 信函格式 fixed to page 1, and a 版记 of 抄送 only at the foot, after the attachment', async () => {
		const xml = await (await JSZip.loadAsync(await letterDocx(doc))).file('word/document.xml')!.async('string');
		expect(xml).toMatch(/<w:bottom w:val="thickThinSmallGap"[^>]*w:color="CC0000"/);
		expect(xml).toMatch(/<w:top w:val="thinThickSmallGap"[^>]*w:color="CC0000"/);
		expect(xml.match(/w:hAnchor="page" w:vAnchor="page"|w:vAnchor="page"/g)?.length).toBeGreaterThanOrEqual(4);
		const text = [...xml.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]);
		expect(text.join('')).not.toContain('印发');
		expect(text.at(-1)).toBe('抄送：济南市信访局。');
		expect(text.indexOf('抄送：济南市信访局。')).toBeGreaterThan(text.indexOf('370102-20261001-000017'));
		expect(text.join('')).toContain('2026年10月1日');
	});
});
