import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FALLBACK_FONTS, LATIN_FONT, LETTER_FONTS, convertedFile, ensureLetterFonts } from './fonts.ts';
import type { Cell } from './line-break.ts';
import { MM_PER_PT, PAGE } from './geometry.ts';
import { PdfFile, embedFont, textString } from './pdf-file.ts';
import { readTrueType, type TrueTypeFont } from './truetype.ts';

/**
 * The letter's faces: 仿宋 body, 标宋 title and 标志, 黑体 label; digits and Latin letters in the
 * Latin serif; the fallback face (read on first need) for what the Fandol fonts lack.
 */
export type FontRole = 'body' | 'title' | 'label';
export type FaceKey = FontRole | 'latin' | 'fallback';
export type LetterFonts = Record<FontRole | 'latin', TrueTypeFont> & { fallback: () => TrueTypeFont | null };

const read = (file: string) => readTrueType(readFileSync(file), path.basename(file).replace(/\.tt[fc]$/, ''));

/** Reads the four fonts once (converting the Fandol fonts first if they are not there yet). */
export function loadLetterFonts(fontsDir: string): LetterFonts {
	const dir = ensureLetterFonts(fontsDir);
	const [body, title, label] = LETTER_FONTS.map((f) => read(path.join(dir, convertedFile(f))));
	let fallback: TrueTypeFont | null | undefined;
	return {
		body, title, label, latin: read(LATIN_FONT),
		fallback: () => {
			if (fallback === undefined) {
				const file = FALLBACK_FONTS.find((f) => existsSync(f));
				fallback = file ? read(file) : null;
			}
			return fallback;
		}
	};
}

/** The face for a character in a role: the Latin serif if it has it, the role's face, the body face, the fallback; null if none. */
export function faceFor(fonts: LetterFonts, code: number, role: FontRole): { key: FaceKey; glyph: number } | null {
	for (const key of ['latin', role, 'body'] as const) {
		const glyph = fonts[key].glyphOf(code);
		if (glyph) return { key, glyph };
	}
	const glyph = fonts.fallback()?.glyphOf(code) ?? 0;
	return glyph ? { key: 'fallback', glyph } : null;
}

const face = (fonts: LetterFonts, key: FaceKey) => (key === 'fallback' ? fonts.fallback()! : fonts[key]);

/** A face, a size in points, a colour, and extra space after each character in mm. */
export type Style = { role: FontRole; size: number; color?: [number, number, number]; spacing?: number };
export type Glyph = Cell & { font: FaceKey; glyph: number };

/** A letter used characters none of its fonts has: it is refused rather than printed with gaps. */
export class MissingGlyphsError extends Error {
	readonly chars: string[];
	constructor(chars: string[]) {
		super(`函件中有字体没有的字：${chars.join('、')}。请改用规范汉字后重试`);
		this.name = 'MissingGlyphsError';
		this.chars = chars;
	}
}

const mmToPt = (mm: number) => mm / MM_PER_PT;
const num = (n: number) => (Math.round(n * 1000) / 1000).toString();

type Run = { font: FaceKey; size: number; color: [number, number, number]; baseline: number; glyphs: { glyph: number; x: number }[] };
type Page = { runs: Run[]; graphics: string[] };

/**
 * What one letter draws, in millimetres from the page's top left, and the PDF made of it.
 * Each character takes the Latin serif when that font has it (as a browser does with
 * `font-family: 'Liberation Serif', 'FandolFang'`), else the role's Chinese face.
 */
export class Typesetter {
	readonly pages: Page[] = [];
	private readonly used = new Map<FaceKey, Map<number, string>>();
	private readonly missing = new Set<string>();

	readonly fonts: LetterFonts;
	constructor(fonts: LetterFonts) {
		this.fonts = fonts;
	}

	/** The cells of a text in a style: each character's face, glyph and advance (with letter spacing). */
	shape(text: string, style: Style): Glyph[] {
		const size = style.size * MM_PER_PT;
		return Array.from(text.replace(/[\t\r\n]/g, ' '), (char) => {
			const found = faceFor(this.fonts, char.codePointAt(0)!, style.role);
			if (!found) {
				if (!/\s/.test(char)) this.missing.add(char);
				const em = char === '\u3000' ? 1 : 0.25; // a space no font has still takes its room
				return { char, font: style.role, glyph: 0, width: em * size + (style.spacing ?? 0) };
			}
			const f = face(this.fonts, found.key);
			return { char, font: found.key, glyph: found.glyph, width: (f.advanceOf(found.glyph) / f.unitsPerEm) * size + (style.spacing ?? 0) };
		});
	}

	/** How far a run's ink reaches above and below its baseline, in mm: [above, below]. */
	ink(cells: Glyph[], style: Style): [number, number] {
		const size = style.size * MM_PER_PT;
		let above = 0, below = 0;
		for (const c of cells) {
			if (!c.glyph) continue;
			const f = face(this.fonts, c.font);
			const [low, high] = f.inkOf(c.glyph);
			above = Math.max(above, (high / f.unitsPerEm) * size);
			below = Math.max(below, (-low / f.unitsPerEm) * size);
		}
		return [above, below];
	}

	/** The em box's top for a run whose ink should start at `inkTop` (the 发文机关标志 and 文号 are placed by their visible edge). */
	emTopForInk(cells: Glyph[], style: Style, inkTop: number): number {
		const ascent = (this.fonts[style.role].ascent / this.fonts[style.role].unitsPerEm) * style.size * MM_PER_PT;
		return inkTop + this.ink(cells, style)[0] - ascent;
	}

	newPage(): Page {
		const page = { runs: [], graphics: [] };
		this.pages.push(page);
		return page;
	}

	/** Draws cells at their x (mm from the page's left) on a baseline set so the em box's top is at `top`. */
	text(page: Page, cells: Glyph[], xs: number[], top: number, style: Style) {
		const size = style.size * MM_PER_PT;
		const ascent = this.fonts[style.role].ascent / this.fonts[style.role].unitsPerEm;
		const baseline = top + ascent * size;
		let run: Run | null = null;
		for (let i = 0; i < cells.length; i++) {
			const cell = cells[i];
			if (!cell.glyph) continue;
			if (!run || run.font !== cell.font) {
				run = { font: cell.font, size: style.size, color: style.color ?? [0, 0, 0], baseline, glyphs: [] };
				page.runs.push(run);
			}
			run.glyphs.push({ glyph: cell.glyph, x: xs[i] });
			const used = this.used.get(cell.font) ?? this.used.set(cell.font, new Map()).get(cell.font)!;
			if (!used.has(cell.glyph)) used.set(cell.glyph, cell.char);
		}
	}

	/** A filled rectangle: rules are drawn as bands of their thickness. */
	rect(page: Page, x: number, top: number, width: number, height: number, color: [number, number, number]) {
		page.graphics.push(`${color.map(num).join(' ')} rg ${num(mmToPt(x))} ${num(mmToPt(PAGE.height - top - height))} ${num(mmToPt(width))} ${num(mmToPt(height))} re f`);
	}

	/** A dashed circle (where the seal goes). */
	circle(page: Page, cx: number, cy: number, r: number, stroke: number, color: [number, number, number]) {
		const [x, y, k] = [mmToPt(cx), mmToPt(PAGE.height - cy), mmToPt(r)];
		const c = k * 0.5523;
		const arc = (x1: number, y1: number, x2: number, y2: number, x3: number, y3: number) => `${num(x1)} ${num(y1)} ${num(x2)} ${num(y2)} ${num(x3)} ${num(y3)} c`;
		page.graphics.push(
			`q ${color.map(num).join(' ')} RG ${num(mmToPt(stroke))} w [${num(mmToPt(1.2))} ${num(mmToPt(0.9))}] 0 d ${num(x + k)} ${num(y)} m ` +
				[arc(x + k, y + c, x + c, y + k, x, y + k), arc(x - c, y + k, x - k, y + c, x - k, y), arc(x - k, y - c, x - c, y - k, x, y - k), arc(x + c, y - k, x + k, y - c, x + k, y)].join(' ') +
				' S Q'
		);
	}

	/** The PDF: fonts subset to the glyphs drawn, one content stream per page. */
	toPdf(info: { title: string; author: string; date: string }): Buffer {
		if (this.missing.size) throw new MissingGlyphsError([...this.missing]);
		const pdf = new PdfFile();
		const fonts = new Map([...this.used].map(([key, used]) => [key, embedFont(pdf, face(this.fonts, key), used)]));
		const names = new Map([...fonts.keys()].map((role, i) => [role, `F${i}`]));
		const resources = pdf.add(`<< /Font << ${[...fonts].map(([role, f]) => `/${names.get(role)} ${f.ref} 0 R`).join(' ')} >> >>`);
		const pagesId = pdf.reserve();
		const kids = this.pages.map((page) => {
			const ops = [...page.graphics];
			for (const run of page.runs) {
				const f = face(this.fonts, run.font);
				const cid = fonts.get(run.font)!.cid;
				const parts: string[] = [];
				run.glyphs.forEach((g, i) => {
					parts.push(`<${cid.get(g.glyph)!.toString(16).padStart(4, '0')}>`);
					const next = run.glyphs[i + 1];
					if (!next) return;
					const natural = (f.advanceOf(g.glyph) / f.unitsPerEm) * run.size * MM_PER_PT;
					const adjust = ((natural - (next.x - g.x)) / (run.size * MM_PER_PT)) * 1000;
					if (Math.abs(adjust) > 0.001) parts.push(num(adjust));
				});
				ops.push(`BT /${names.get(run.font)} ${run.size} Tf ${run.color.map(num).join(' ')} rg 1 0 0 1 ${num(mmToPt(run.glyphs[0].x))} ${num(mmToPt(PAGE.height - run.baseline))} Tm [${parts.join(' ')}] TJ ET`);
			}
			const content = pdf.stream(Buffer.from(ops.join('\n'), 'latin1'));
			return pdf.add(`<< /Type /Page /Parent ${pagesId} 0 R /MediaBox [0 0 ${num(mmToPt(PAGE.width))} ${num(mmToPt(PAGE.height))}] /Resources ${resources} 0 R /Contents ${content} 0 R >>`);
		});
		pdf.set(pagesId, `<< /Type /Pages /Kids [${kids.map((k) => `${k} 0 R`).join(' ')}] /Count ${kids.length} >>`);
		const root = pdf.add(`<< /Type /Catalog /Pages ${pagesId} 0 R /Lang (zh-CN) /ViewerPreferences << /DisplayDocTitle true >> >>`);
		const stamp = `D:${info.date.replaceAll('-', '')}000000+08'00'`;
		const meta = pdf.add(`<< /Title ${textString(info.title)} /Author ${textString(info.author)} /Producer ${textString('瞭望 Liaowang')} /CreationDate (${stamp}) >>`);
		return pdf.finish(root, meta);
	}
}
