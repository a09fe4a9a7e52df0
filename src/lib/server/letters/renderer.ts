import { printFontsDir } from '../print/service.ts';
import { createLetterPdfRenderer, type LetterPdfRenderer } from './render/letter-pdf.ts';

const LETTERS = Symbol.for('liaowang.letters.renderer');
type Holder = { [LETTERS]?: LetterPdfRenderer };

/** The node's 三函 printer (the PDF drawn by the print service's typesetter, its fonts shared), made on first use; on globalThis, as SvelteKit's bundle and the server entry load this module twice. */
export function letterRenderer(dataDir: string): LetterPdfRenderer {
	const holder = globalThis as Holder;
	return (holder[LETTERS] ??= createLetterPdfRenderer({ fontsDir: printFontsDir(dataDir) }));
}
