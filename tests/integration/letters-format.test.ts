import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { createLetterPdfRenderer, type LetterPdfRenderer } from '../../src/lib/server/letters/render/letter-pdf.ts';
import { FORMAT_CASES, expectLetterFormat, sampleLetter } from '../support/letter-format.ts';

/** 信函格式 (GB/T 9704-2012 §10.1) measured on the printed PDF, every kind, within 0.5 mm (tests/support/letter-format.ts). */
describe('信函格式 on the printed letter', () => {
	let renderer: LetterPdfRenderer;
	const dir = mkdtempSync(path.join(tmpdir(), 'lw-letter-format-'));
	beforeAll(() => {
		renderer = createLetterPdfRenderer({ fontsDir: path.resolve('data/fonts') });
	});
	afterAll(async () => renderer?.close());

	it.each(FORMAT_CASES)('$name', async (c) => {
		const file = path.join(dir, `${c.kind}-${c.items}.pdf`);
		writeFileSync(file, await renderer.render(sampleLetter(c.kind, c.items, c.extra)));
		const measured = expectLetterFormat(file, c);
		console.log(`${c.kind}/${c.items}: ${JSON.stringify(measured, (_, v) => (typeof v === 'number' ? Math.round(v * 100) / 100 : v))}`);
	});
});
