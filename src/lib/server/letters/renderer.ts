import path from 'node:path';
import { createLetterPdfRenderer, type LetterPdfRenderer } from './render/letter-pdf.ts';
import { createPdfRenderer, type PdfRenderer } from './render/pdf.ts';

/** Where the converted letter fonts live: LETTER_FONTS_DIR, else `fonts` in the data folder. */
export const letterFontsDir = (dataDir: string) => process.env.LETTER_FONTS_DIR || path.join(dataDir, 'fonts');

const LETTERS = Symbol.for('liaowang.letters.renderer');
const PAGES = Symbol.for('liaowang.pages.renderer');
type Holder = { [LETTERS]?: LetterPdfRenderer; [PAGES]?: PdfRenderer };

/*
 * Both live on globalThis: SvelteKit's bundle and the server entry load this module as separate copies.
 */

/** The node's 三函 printer (the PDF drawn directly, fonts read once), made on first use. */
export function letterRenderer(dataDir: string): LetterPdfRenderer {
	const holder = globalThis as Holder;
	return (holder[LETTERS] ??= createLetterPdfRenderer({ fontsDir: letterFontsDir(dataDir) }));
}

/** The node's Chromium (one browser, a pool of pages) for HTML documents: the meeting briefing and its charts. */
export function pageRenderer(dataDir: string): PdfRenderer {
	const holder = globalThis as Holder;
	return (holder[PAGES] ??= createPdfRenderer({ fontsDir: letterFontsDir(dataDir) }));
}

export async function closeLetterRenderer(): Promise<void> {
	const holder = globalThis as Holder;
	const renderers = [holder[LETTERS], holder[PAGES]];
	holder[LETTERS] = holder[PAGES] = undefined;
	await Promise.all(renderers.map((r) => r?.close()));
}
