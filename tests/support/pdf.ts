import { execFileSync } from 'node:child_process';

/** One text line as pdftotext -bbox-layout measures it, in millimetres from the page's top left. */
export type PdfLine = { page: number; text: string; left: number; right: number; top: number; bottom: number };
export type PdfPage = { width: number; height: number; lines: PdfLine[] };

const MM = 25.4 / 72;
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');

/** Poppler's pdftotext -bbox-layout (Debian poppler-utils), read into pages of lines. */
export function measurePdf(file: string): PdfPage[] {
	const xml = execFileSync('pdftotext', ['-bbox-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
	const pages: PdfPage[] = [];
	for (const [, w, h, body] of xml.matchAll(/<page width="([\d.]+)" height="([\d.]+)">([\s\S]*?)<\/page>/g)) {
		const page: PdfPage = { width: Number(w) * MM, height: Number(h) * MM, lines: [] };
		for (const [, x0, y0, x1, y1, inner] of body.matchAll(/<line xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([\s\S]*?)<\/line>/g)) {
			const text = [...inner.matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((m) => unescape(m[1])).join('');
			page.lines.push({ page: pages.length + 1, text, left: Number(x0) * MM, top: Number(y0) * MM, right: Number(x1) * MM, bottom: Number(y1) * MM });
		}
		pages.push(page);
	}
	return pages;
}

export const pdfText = (file: string) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });

/** pdffonts' table: name, type, and whether each font is embedded. */
export function pdfFonts(file: string): { name: string; type: string; embedded: boolean }[] {
	const out = execFileSync('pdffonts', [file], { encoding: 'utf8' });
	return out
		.split('\n')
		.slice(2)
		.filter((l) => l.trim())
		.map((l) => {
			const cols = l.trim().split(/\s{2,}|\s(?=yes|no)/);
			const m = /^(\S+)\s+(Type 3|CID TrueType|TrueType|Type 1C?|CID Type 0C?|Type 1)\s+(\S+)\s+(yes|no)\s+(yes|no)\s+(yes|no)/.exec(l.trim());
			return m ? { name: m[1], type: m[2], embedded: m[4] === 'yes' } : { name: cols[0], type: 'unknown', embedded: false };
		});
}
