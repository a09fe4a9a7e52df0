import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { letterDocx } from '../../src/lib/server/letters/render/docx.ts';
import { FORMAT_CASES, expectLetterFormat, sampleLetter } from '../support/letter-format.ts';
import { docxToPdf } from '../support/office.ts';
import { pdfFonts } from '../support/pdf.ts';

/**
 * The .docx copy held to the same 信函格式 as the PDF: each kind's .docx rendered by LibreOffice
 * headless (Debian libreoffice-writer-nogui) with the product's fonts.conf, then measured by the
 * same checks as letters-format.test.ts, within 0.5 mm.
 */
describe('信函格式 on the .docx as LibreOffice renders it', () => {
	const dir = mkdtempSync(path.join(tmpdir(), 'lw-letter-docx-'));

	it.each(FORMAT_CASES)('$name', async (c) => {
		const file = docxToPdf(await letterDocx(sampleLetter(c.kind, c.items, c.extra)), dir, `${c.kind}-${c.items}`);
		const measured = expectLetterFormat(file, c);
		console.log(`${c.kind}/${c.items}: ${JSON.stringify(measured, (_, v) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v))}`);
		// the office font names reached the faces the PDF prints in (fonts.conf), nothing else
		const faces = pdfFonts(file).map((f) => f.name.replace(/^[A-Z]{6}\+/, ''));
		expect(faces.filter((f) => !/^(FandolFang-Regular|FandolSong-Bold|FandolHei-Regular|LiberationSerif)$/.test(f)), faces.join(', ')).toEqual([]);
	});
});
