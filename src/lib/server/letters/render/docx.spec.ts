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

	it('puts odd page numbers at the right and even ones at the left (GB/T 9704 7.5)', async () => {
		const zip = await JSZip.loadAsync(await letterDocx(doc));
		expect(await zip.file('word/settings.xml')!.async('string')).toContain('<w:evenAndOddHeaders');
		const footers = await Promise.all(Object.keys(zip.files).filter((f) => /^word\/footer\d+\.xml$/.test(f)).map((f) => zip.file(f)!.async('string')));
		expect(footers.map((f) => /<w:jc w:val="(\w+)"/.exec(f)?.[1]).sort()).toEqual(['left', 'right']);
	});
});
