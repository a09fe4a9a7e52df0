import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { draftLetter } from '../../src/lib/domain/letter-draft.ts';
import { letterPreview } from '../../src/lib/server/letters/preview.ts';
import { createLetterPdfRenderer } from '../../src/lib/server/letters/render/letter-pdf.ts';

const renderer = createLetterPdfRenderer({ fontsDir: path.resolve('data/fonts') });
const doc = (reason?: string) => ({
	...draftLetter({
		kind: 'supervise', officeRegionName: '山东省', unit: { name: '济南市历下区人力资源和社会保障局', regionName: '济南市' }, addressee: null,
		items: [{ serial: '370102-20261001-000017', receivedOn: '2026-10-01', summary: '反映欠薪', unitName: '济南市历下区人力资源和社会保障局', daysOverdue: 12 }],
		evidence: [], prior: [], reason, feedbackDue: '2026-12-31', today: '2026-12-04'
	}),
	number: '鲁信督函〔2026〕　号',
	issuedOn: '2026-12-04'
});
const png = (url: string) => Buffer.from(url.replace(/^data:image\/png;base64,/, ''), 'base64');

describe('the issuing page preview', () => {
	it('is the PDF writer’s own pages: one A4 image (595 × 842 at 72 dpi) a page', async () => {
		const preview = await letterPreview(renderer, doc());
		expect(preview.html).toBeNull();
		expect(preview.pages).toHaveLength(2); // the letter, then the attachment
		for (const page of preview.pages) {
			const bytes = png(page);
			expect(bytes.subarray(1, 4).toString()).toBe('PNG');
			expect(Math.abs(bytes.readUInt32BE(16) - 595.3)).toBeLessThan(1); // 210 mm
			expect(Math.abs(bytes.readUInt32BE(20) - 841.9)).toBeLessThan(1); // 297 mm
		}
		const again = await letterPreview(renderer, doc());
		expect(again.pages[0]).toBe(preview.pages[0]); // the same draft, the same page
		const edited = await letterPreview(renderer, doc('经督查，你单位承办的信访事项逾期未办结，请于本月内召开专题会议研究解决。'));
		expect(edited.pages[0]).not.toBe(preview.pages[0]);
	});

	it('falls back to the HTML of the same draft when the PDF cannot be made (a character no font has)', async () => {
		const preview = await letterPreview(renderer, doc('经督查，来访人吉𠮷反映的问题仍未办结。'));
		expect(preview.pages).toEqual([]);
		expect(preview.html).toContain('吉𠮷');
	});
});
