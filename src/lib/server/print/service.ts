import path from 'node:path';
import { createPagePool, type PagePool } from './pages.ts';
import { loadLetterFonts, type LetterFonts } from './typeset.ts';

/**
 * The node's one print service: the 公文 fonts, read once and shared by everything the
 * typesetter draws (三函, the documents of an item's lifecycle, the meeting 纪要), and the pool of
 * Chromium pages for what is printed from HTML (the meeting briefing and its charts).
 */

/** Where the converted fonts live: LETTER_FONTS_DIR, else `fonts` in the data folder. */
export const printFontsDir = (dataDir: string) => process.env.LETTER_FONTS_DIR || path.join(dataDir, 'fonts');

const FONTS = Symbol.for('liaowang.print.fonts');
const PAGES = Symbol.for('liaowang.print.pages');
type Holder = { [FONTS]?: Map<string, LetterFonts>; [PAGES]?: PagePool };
// on globalThis: SvelteKit's bundle and the server entry load this module as separate copies
const holder = globalThis as Holder;

/** The fonts of a fonts folder, read on first use and kept (about 1 s; converting them first, once, takes longer). */
export function printFonts(fontsDir: string): LetterFonts {
	const loaded = (holder[FONTS] ??= new Map());
	const key = path.resolve(fontsDir);
	let fonts = loaded.get(key);
	if (!fonts) loaded.set(key, (fonts = loadLetterFonts(key)));
	return fonts;
}

/** The node's Chromium page pool (one browser, LETTER_RENDER_PAGES pages), made on first use. */
export function pagePool(dataDir: string): PagePool {
	return (holder[PAGES] ??= createPagePool({ fontsDir: printFontsDir(dataDir) }));
}

/** What a document job prints with: the page pool (HTML) and the typesetter's fonts (the 公文 grid). */
export type PrintService = { pages: PagePool; fonts: () => LetterFonts };
export const printService = (dataDir: string): PrintService => ({ pages: pagePool(dataDir), fonts: () => printFonts(printFontsDir(dataDir)) });

/** Closes the browser and forgets the fonts (the node is stopping). */
export async function closePrint(): Promise<void> {
	const pool = holder[PAGES];
	holder[PAGES] = undefined;
	holder[FONTS] = undefined;
	await pool?.close();
}
