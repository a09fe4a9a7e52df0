import path from 'node:path';
import { createPdfRenderer, type PdfRenderer } from './render/pdf.ts';

/** Where the converted letter fonts live: LETTER_FONTS_DIR, else `fonts` in the data folder. */
export const letterFontsDir = (dataDir: string) => process.env.LETTER_FONTS_DIR || path.join(dataDir, 'fonts');

const KEY = Symbol.for('liaowang.letters.renderer');
type Holder = { [KEY]?: PdfRenderer };

/**
 * The node's one PDF renderer (one Chromium, a pool of pages), made on first use. It lives on
 * globalThis: SvelteKit's bundle and the server entry load this module as separate copies.
 */
export function letterRenderer(dataDir: string): PdfRenderer {
	const holder = globalThis as Holder;
	return (holder[KEY] ??= createPdfRenderer({ fontsDir: letterFontsDir(dataDir) }));
}

export async function closeLetterRenderer(): Promise<void> {
	const holder = globalThis as Holder;
	const renderer = holder[KEY];
	holder[KEY] = undefined;
	await renderer?.close();
}
