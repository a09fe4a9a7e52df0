import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fe from 'fonteditor-core';

/** Where Debian's texlive-lang-chinese puts the Fandol fonts (free 仿宋, 宋, 黑 with full simplified coverage). */
export const FANDOL_DIR = process.env.LETTER_FONTS_SOURCE || '/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol';

/** 仿宋-class body, 标宋-class title and 发文机关标志, 黑体-class labels. */
export const LETTER_FONTS = [
	{ family: 'FandolFang', file: 'FandolFang-Regular' },
	{ family: 'FandolSong', file: 'FandolSong-Bold' },
	{ family: 'FandolHei', file: 'FandolHei-Regular' }
] as const;

/**
 * The Fandol fonts as TrueType, converted once into `dir` (about 15 s a font) and reused. The
 * originals are CFF OpenType, which Chromium's PDF backend cannot embed: it would draw every
 * glyph as a Type 3 outline (slow, and no real font in the record copy). TrueType embeds as a
 * subset CID font.
 */
export function ensureLetterFonts(dir: string): string {
	mkdirSync(dir, { recursive: true });
	for (const { file } of LETTER_FONTS) {
		const target = path.join(dir, `${file}.ttf`);
		if (existsSync(target)) continue;
		const source = path.join(FANDOL_DIR, `${file}.otf`);
		if (!existsSync(source)) throw new Error(`缺少字体 ${source}：请安装 Debian 软件包 texlive-lang-chinese`);
		const font = fe.Font.create(readFileSync(source), { type: 'otf', hinting: false, kerning: false });
		const tmp = `${target}.${process.pid}.tmp`;
		writeFileSync(tmp, font.write({ type: 'ttf', hinting: false, kerning: false }) as Buffer);
		renameSync(tmp, target); // another process converting at once writes the same bytes
	}
	return dir;
}
