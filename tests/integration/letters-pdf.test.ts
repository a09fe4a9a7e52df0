import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentText, type LetterDocument } from '../../src/lib/server/letters/render/document.ts';
import { createLetterPdfRenderer, type LetterPdfRenderer } from '../../src/lib/server/letters/render/letter-pdf.ts';
import { MissingGlyphsError } from '../../src/lib/server/print/typeset.ts';
import { BLOCK, CHARS, LINES, MARGIN } from '../../src/lib/server/print/geometry.ts';
import { measurePdf, pdfFonts, pdfText, type PdfPage } from '../support/pdf.ts';

const FONTS_DIR = path.resolve('data/fonts');
const PITCH = BLOCK.height / LINES;
const HAN = /^\p{Script=Han}+$/u;

/** The 6,763 characters of GB 2312 (levels 1 and 2), decoded from their code points. */
function gb2312(): string {
	const decoder = new TextDecoder('gbk');
	let out = '';
	for (let hi = 0xb0; hi <= 0xf7; hi++)
		for (let lo = 0xa1; lo <= 0xfe; lo++) {
			if (hi === 0xd7 && lo > 0xf9) continue; // the five empty places at the end of level 1
			out += decoder.decode(new Uint8Array([hi, lo]));
		}
	return out;
}

const letter = (reason: string): LetterDocument => ({
	kind: 'supervise',
	officeName: '山东省信访局',
	number: '鲁信督函〔2026〕12号',
	title: '关于济南市历下区人力资源和社会保障局信访事项办理情况的督办函',
	recipient: '济南市历下区人力资源和社会保障局',
	reason,
	feedbackDue: '2026-12-31',
	issuedOn: '2026-12-01',
	cc: '济南市信访局',
	items: [{ serial: '370102-20261001-000017', receivedOn: '2026-10-01', summary: '反映拖欠农民工工资问题', unitName: '济南市历下区人力资源和社会保障局', daysOverdue: 11 }]
});

describe('the letter PDF against GB/T 9704-2012', () => {
	let renderer: LetterPdfRenderer;
	const dir = mkdtempSync(path.join(tmpdir(), 'lw-letter-pdf-'));
	const write = async (doc: LetterDocument, name: string) => {
		const file = path.join(dir, name);
		writeFileSync(file, await renderer.render(doc));
		return file;
	};

	beforeAll(() => {
		renderer = createLetterPdfRenderer({ fontsDir: FONTS_DIR });
	});
	afterAll(async () => {
		await renderer?.close();
	});

	it('lays the page out: A4, 37 mm top, 28 mm binding margin, 156 × 225 mm block, 22 lines of 28 characters (within 1 mm)', async () => {
		const body = '经督查你单位承办的信访事项长期未办结群众反映强烈'.repeat(60); // one long paragraph of 1,440 characters
		const pages = measurePdf(await write(letter(body), 'geometry.pdf'));
		expect(pages.length).toBeGreaterThanOrEqual(3);
		for (const page of pages) {
			expect(page.width).toBeCloseTo(210, 0);
			expect(Math.abs(page.height - 297)).toBeLessThan(1);
		}
		// page 2 is body text only: every line of the text block is there and full
		const inBlock = pages[1].lines.filter((l) => l.bottom <= MARGIN.top + BLOCK.height + 1);
		expect(inBlock).toHaveLength(LINES);
		inBlock.forEach((line, i) => {
			const centre = (line.top + line.bottom) / 2;
			expect(Math.abs(centre - (MARGIN.top + (i + 0.5) * PITCH)), `line ${i + 1} at ${centre.toFixed(2)} mm`).toBeLessThan(1);
			expect(Math.abs(line.left - MARGIN.left), `line ${i + 1} left`).toBeLessThan(1);
			expect(Math.abs(line.right - (MARGIN.left + BLOCK.width)), `line ${i + 1} right`).toBeLessThan(1);
			expect(Array.from(line.text), `line ${i + 1}`).toHaveLength(CHARS);
		});
		expect(Math.abs(inBlock[0].top - (MARGIN.top + (PITCH - 16 * 25.4 / 72) / 2))).toBeLessThan(1);
		// page 1: every body-size line sits on the same grid, none outside the block (the 文号 is placed by §10.1, under the red rule)
		for (const line of pages[0].lines.filter((l) => Math.abs(l.bottom - l.top - 16 * 25.4 / 72) < 0.3 && l.bottom < MARGIN.top + BLOCK.height && !l.text.endsWith('号'))) {
			const slot = ((line.top + line.bottom) / 2 - MARGIN.top) / PITCH - 0.5;
			expect(Math.abs(slot - Math.round(slot)) * PITCH, `“${line.text}” off the grid`).toBeLessThan(1);
			expect(line.left).toBeGreaterThanOrEqual(MARGIN.left - 1);
			expect(line.right).toBeLessThanOrEqual(MARGIN.left + BLOCK.width + 1);
			if (HAN.test(line.text)) expect(Array.from(line.text).length).toBeLessThanOrEqual(CHARS);
		}
		// the page number sits under the block, not in it
		expect(pages[1].lines.at(-1)!.text.replace(/\s/g, '')).toBe('—2—');
		expect(pages[1].lines.at(-1)!.top).toBeGreaterThan(MARGIN.top + BLOCK.height);
	});

	it('gives its text back (pdftotext), with every font embedded as TrueType and no Type 3 fallback', async () => {
		const doc = letter('经督查，你单位承办的信访事项存在以下问题：370102-20261001-000017 逾期 3 天未办结。\n请你单位高度重视，依法按期办理。');
		const file = await write(doc, 'text.pdf');
		const text = pdfText(file).replace(/\s+/g, '');
		for (const piece of documentText(doc)) expect(text, piece).toContain(piece.replace(/\s+/g, ''));
		const fonts = pdfFonts(file);
		expect(fonts.length).toBeGreaterThan(0);
		for (const font of fonts) {
			expect(font.embedded, font.name).toBe(true);
			expect(font.type, font.name).toBe('CID TrueType');
			expect(font.name.replace(/^[A-Z]{6}\+/, '')).toMatch(/^(FandolFang-Regular|FandolSong-Bold|FandolHei-Regular|LiberationSerif)$/);
		}
	});

	it('has a glyph for every one of the 6,763 characters of GB 2312 in the body font (no fallback, no tofu)', async () => {
		const all = gb2312();
		expect(Array.from(all)).toHaveLength(6763);
		const file = await write(letter(all), 'gb2312.pdf');
		const fonts = pdfFonts(file).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
		expect(new Set(fonts)).toEqual(new Set(['FandolFang-Regular', 'FandolSong-Bold', 'FandolHei-Regular', 'LiberationSerif']));
		const seen = new Set(Array.from(pdfText(file)));
		const missing = Array.from(all).filter((c) => !seen.has(c));
		expect(missing.join('')).toBe('');
	});

	it('keeps the closing formula, 附件说明 and signature on one page; the attachment on pages of its own; the 版记 at the foot of the last page', async () => {
		const pages = measurePdf(await write(letter('经督查你单位承办的信访事项长期未办结群众反映强烈'.repeat(9).slice(0, 220)), 'tail.pdf'));
		const text = (p: PdfPage) => p.lines.map((l) => l.text.replace(/\s/g, ''));
		const signed = pages.findIndex((p) => text(p).includes('2026年12月1日'));
		expect(signed).toBe(1); // the tail did not fit under the body on page 1, so it moved whole
		expect(text(pages[signed])).toEqual(expect.arrayContaining(['特此函告。', '附件：涉及信访事项清单（1件）', '山东省信访局']));
		expect(text(pages[0])).not.toContain('特此函告。');
		expect(text(pages[signed + 1])[0]).toBe('附件'); // the attachment starts a page
		const cc = pages.at(-1)!.lines.find((l) => l.text.startsWith('抄送'))!;
		expect(Math.abs(cc.bottom - (MARGIN.top + BLOCK.height - (PITCH - 14 * 25.4 / 72) / 2))).toBeLessThan(1);
		expect(pages.flatMap(text).join('')).not.toContain('印发');
	});

	it('prints characters beyond the Fandol fonts (names such as 张玥, 李堃) in the fallback face, embedded and extractable', async () => {
		const file = await write(letter('经督查，来访人张玥、李堃反映的问题仍未办结。'), 'fallback.pdf');
		expect(pdfText(file).replace(/\s+/g, '')).toContain('来访人张玥、李堃反映');
		const fonts = pdfFonts(file);
		for (const font of fonts) expect([font.name, font.type, font.embedded]).toEqual([font.name, 'CID TrueType', true]);
		expect(fonts.map((f) => f.name.replace(/^[A-Z]{6}\+/, ''))).toContain('UMingCN');
	});

	it('refuses a character none of its fonts has, naming it, instead of printing a gap', async () => {
		const doc = letter('经督查，来访人吉𠮷反映的问题仍未办结。');
		const error = await renderer.render(doc).catch((e: unknown) => e);
		expect(error).toBeInstanceOf(MissingGlyphsError);
		expect((error as MissingGlyphsError).chars).toEqual(['𠮷']);
		expect(renderer.missingGlyphs(doc.reason)).toEqual(['𠮷']);
	});

	it('prints the same bytes for the same letter (the stored SHA-256 can be checked by printing again)', async () => {
		const doc = letter('经督查，你单位承办的信访事项逾期未办结。');
		expect((await renderer.render(doc)).equals(await renderer.render(doc))).toBe(true);
	});
});
