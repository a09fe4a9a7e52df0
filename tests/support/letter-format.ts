import { expect } from 'vitest';
import { draftLetter, type AttachmentRow } from '../../src/lib/domain/letter-draft.ts';
import { LETTER_KINDS, type LetterKind } from '../../src/lib/domain/letter-rules.ts';
import type { LetterDocument } from '../../src/lib/server/letters/render/document.ts';
import { ADVANCE_MM, BLOCK, MARGIN, MAX_SPREAD_MM } from '../../src/lib/server/print/geometry.ts';
import { measurePdf, type PdfPage } from './pdf.ts';
import { horizontalRules, inkBox } from './raster.ts';

/**
 * 信函格式 (GB/T 9704-2012 §10.1) measured on a printed letter — the PDF the node draws, or the
 * .docx as LibreOffice renders it — within 0.5 mm: one set of measurements for both.
 */
export const TOLERANCE = 0.5;
export const CHAR_MM = 16 * (25.4 / 72); // a 三号 character
export const near = (actual: number, expected: number, what: string) =>
	expect(Math.abs(actual - expected), `${what}: ${actual.toFixed(2)} mm, want ${expected.toFixed(2)} mm`).toBeLessThanOrEqual(TOLERANCE);

const rows = (n: number): AttachmentRow[] =>
	Array.from({ length: n }, (_, i) => ({ serial: `370102-2026${String(1001 + i).padStart(4, '0')}-${String(17 + i).padStart(6, '0')}`, receivedOn: i % 4 === 3 ? '2026-10-16' : `2026-0${(i % 9) + 1}-${(i % 27) + 1}`, summary: '反映拖欠农民工工资问题，要求依法支付欠薪', unitName: '济南市历下区人力资源和社会保障局', daysOverdue: 150 - i }));

/** A letter of a kind from the one draft, with `items` attachment rows and `extra` added to its reason. */
export function sampleLetter(kind: LetterKind, items: number, extra = ''): LetterDocument {
	const draft = draftLetter({
		kind, officeRegionName: '山东省', unit: { name: '济南市历下区人力资源和社会保障局', regionName: '济南市' },
		addressee: { name: '济南市历下区纪委监委' }, items: rows(items), evidence: [],
		prior: [{ number: '鲁信督函〔2026〕3号', kind: 'supervise', title: '关于济南市历下区人力资源和社会保障局信访事项办理情况的督办函', issuedOn: '2026-10-09', feedbackDue: '2026-10-30', answered: false }],
		feedbackDue: '2026-12-31', today: '2026-12-04'
	});
	return { ...draft, reason: draft.reason + extra, number: '鲁信督函〔2026〕12号', issuedOn: '2026-12-04' };
}

/** Every kind, with one page of body and an attachment table, and with three pages of body and a two-page table. */
export const FORMAT_CASES = LETTER_KINDS.flatMap((kind) => [
	{ kind, name: `${kind}, one page of body and an attachment table`, items: 4, extra: '' },
	{ kind, name: `${kind}, three pages of body and a two-page table`, items: 30, extra: '\n' + '经督查，你单位承办的信访事项长期未办结，群众反映强烈，社会影响较大。'.repeat(40) }
]);

export const pageText = (p: PdfPage) => p.lines.map((l) => l.text.replace(/\s/g, '')).join('\n');
const squeeze = (s: string) => s.replace(/\s/g, '');

/** What was measured on page 1, for the report. */
export type LetterMeasures = { markTop: number; ruleUnderMark: number; bottomRuleFromEdge: number; ruleLengths: number[]; numberRight: number; numberUnderRule: number; pages: number };

/** Holds a printed letter (its PDF file) to 信函格式; `c` is the case it was made from. */
export function expectLetterFormat(file: string, c: { kind: LetterKind; items: number; extra: string }): LetterMeasures {
	const pages = measurePdf(file);
	const first = pages[0];
	// the red double rules: thick over thin 4 mm under the 标志, thin over thick with its lower edge 20 mm above the bottom edge
	const red = horizontalRules(file, 1, 'red');
	expect(red, 'four red bands on page 1').toHaveLength(4);
	const [a, b, c2, d] = red;
	// 发文机关标志 (its text, and its red ink above the rule as a ruler finds it): top 30 mm from the top edge, the rule 4 mm under it
	expect(first.lines.some((l) => squeeze(l.text) === '山东省信访局'), '发文机关标志 on page 1').toBe(true);
	const mark = inkBox(file, 1, 'red', { top: 0, bottom: a.top - 0.3, left: 0, right: first.width })!;
	near(mark.top, 30, '标志 top');
	near(a.top, mark.bottom + 4, 'first double rule under the 标志');
	expect(a.bottom - a.top, 'first rule: thick over thin').toBeGreaterThan(b.bottom - b.top);
	expect(d.bottom - d.top, 'second rule: thin over thick').toBeGreaterThan(c2.bottom - c2.top);
	near(d.bottom, first.height - 20, 'second double rule above the bottom edge');
	for (const band of red) {
		near(band.right - band.left, 170, 'rule length');
		near((band.left + band.right) / 2, MARGIN.left + BLOCK.width / 2, 'rule centred on the text block');
	}
	// 文号 flush right, 7/8 of a 三号 character under the first rule
	const line = first.lines.find((l) => squeeze(l.text) === '鲁信督函〔2026〕12号');
	expect(line, '文号 on page 1').toBeTruthy();
	const number = inkBox(file, 1, 'black', { top: b.bottom + 0.2, bottom: line!.bottom + 1, left: line!.left - 1, right: first.width })!;
	near(number.right, MARGIN.left + BLOCK.width, '文号 flush right');
	near(number.top - b.bottom, (7 / 8) * CHAR_MM, '文号 under the rule');
	// no page number on page 1; — n — on the others
	expect(pageText(first)).not.toMatch(/—\d+—/);
	pages.slice(1).forEach((p, i) => expect(pageText(p), `page ${i + 2}`).toContain(`—${i + 2}—`));
	// 附件 on its own page(s) after the signature, then the 版记 (抄送 only) at the foot of the last page
	const signed = pages.findIndex((p) => pageText(p).includes('2026年12月4日'));
	const annex = pages.findIndex((p) => pageText(p).startsWith('附件\n'));
	expect(annex, '附件 starts the page after the signature').toBe(signed + 1);
	expect(pages.map(pageText).join('\n')).not.toContain('印发');
	const cc = pages.at(-1)!.lines.find((l) => squeeze(l.text).startsWith('抄送'));
	expect(cc, '抄送 on the last page').toBeTruthy();
	expect(cc!.bottom, '抄送 at the foot of the block').toBeGreaterThan(MARGIN.top + BLOCK.height - 8);
	expect(horizontalRules(file, pages.length, 'black').every((r) => r.bottom < cc!.top - 5), 'no rule at the 版记').toBe(true);
	// the attachment table gives Chinese dates, the longest on one line of its cell; no body line is stretched
	const table = pages.slice(annex).map(pageText).join('\n');
	expect(table).toContain('2026年1月1日');
	expect(table.match(/2026年10月16日/g), '2026年10月16日 unbroken in its cell').toHaveLength(Math.floor(c.items / 4));
	// 承办单位 only when the rows' unit is not the 主送机关: a 问责建议函 goes to the unit's authority, the others to the unit itself
	expect(table.includes('承办单位'), '承办单位 column').toBe(c.kind === 'accountability');
	if (c.kind !== 'accountability') expect(table.replace(/\n/g, ''), 'the unit not repeated in the table').not.toContain('人力资源和社会保障局');
	for (const line of pages.slice(0, annex).flatMap((p) => p.lines).filter((l) => Math.abs(l.bottom - l.top - CHAR_MM) < 0.3 && Array.from(l.text).length > 8))
		expect((line.right - line.left) / Array.from(squeeze(line.text)).length, `“${line.text}” stretched`).toBeLessThanOrEqual(ADVANCE_MM + MAX_SPREAD_MM);
	if (c.items > 20) expect(pages.length - annex, 'the table runs to a second page').toBeGreaterThanOrEqual(2);
	if (c.extra) expect(signed, 'the body runs to three pages').toBeGreaterThanOrEqual(2);
	return {
		markTop: mark.top, ruleUnderMark: a.top - mark.bottom, bottomRuleFromEdge: first.height - d.bottom, ruleLengths: red.map((r) => r.right - r.left),
		numberRight: number.right, numberUnderRule: number.top - b.bottom, pages: pages.length
	};
}
