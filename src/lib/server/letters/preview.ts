import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { LetterDocument } from './render/document.ts';
import { letterHtml } from './render/html.ts';
import type { LetterPdfRenderer } from './render/letter-pdf.ts';

const run = promisify(execFile);

/** What the issuing page shows: the PDF writer's own pages as images, else (no poppler, a refused character) the HTML layout of the same draft. */
export type LetterPreview = { pages: string[]; html: string | null };

/**
 * The preview is the letter as it will print: the draft laid out by the PDF writer and its pages
 * rasterised by poppler's pdftoppm (Debian poppler-utils) at 72 dpi into PNG data URLs. Where
 * that cannot run, the HTML of the same draft stands in.
 */
export async function letterPreview(renderer: LetterPdfRenderer, doc: LetterDocument): Promise<LetterPreview> {
	let dir: string | null = null;
	try {
		const pdf = await renderer.render(doc);
		dir = await mkdtemp(path.join(tmpdir(), 'lw-preview-'));
		await writeFile(path.join(dir, 'letter.pdf'), pdf);
		await run('pdftoppm', ['-r', '72', '-png', path.join(dir, 'letter.pdf'), path.join(dir, 'page')], { timeout: 10_000 });
		const files = (await readdir(dir)).filter((f) => f.endsWith('.png')).sort((a, b) => Number(/(\d+)\.png$/.exec(a)![1]) - Number(/(\d+)\.png$/.exec(b)![1]));
		const pages = await Promise.all(files.map(async (f) => `data:image/png;base64,${(await readFile(path.join(dir!, f))).toString('base64')}`));
		return pages.length ? { pages, html: null } : { pages: [], html: letterHtml(doc) };
	} catch {
		return { pages: [], html: letterHtml(doc) };
	} finally {
		if (dir) await rm(dir, { recursive: true, force: true });
	}
}
