import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import fe from 'fonteditor-core';

/** Where Debian's texlive-lang-chinese puts the Fandol fonts (free 仿宋, 宋, 黑 with full simplified coverage). */
export const FANDOL_DIR = process.env.LETTER_FONTS_SOURCE || '/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol';

/** The Latin serif for digits and Latin letters (Debian fonts-liberation), as offices set them in Times. */
export const LATIN_FONT = process.env.LETTER_LATIN_FONT || '/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf';

/**
 * For the characters the Fandol fonts lack (they cover GB 2312 and a little more; names often
 * use GBK characters such as 玥 堃 喆): a TrueType face with wide coverage, the first that exists —
 * LETTER_FALLBACK_FONT (empty: none), else AR PL UMing (fonts-arphic-uming, a 宋体-class face)
 * or Droid Sans Fallback.
 */
export const FALLBACK_FONTS =
	process.env.LETTER_FALLBACK_FONT !== undefined
		? [process.env.LETTER_FALLBACK_FONT].filter(Boolean)
		: ['/usr/share/fonts/truetype/arphic/uming.ttc', '/usr/share/fonts/truetype/droid/DroidSansFallbackFull.ttf'];

/** 仿宋-class body, 标宋-class title and 发文机关标志, 黑体-class labels. */
export const LETTER_FONTS: { family: string; file: string; only?: string }[] = [
	{ family: 'FandolFang', file: 'FandolFang-Regular' },
	{ family: 'FandolSong', file: 'FandolSong-Bold' },
	// 黑体 labels only ever say 附件 (a letter) or 出席/列席/请假 (a 纪要), with a number: a font of those few glyphs prints much faster
	{ family: 'FandolHei', file: 'FandolHei-Regular', only: '附件出席列请假0123456789：:' }
];

/** The converted file of a face: a subset is named by its characters, so a changed subset is converted again. */
export const convertedFile = ({ file, only }: { file: string; only?: string }) =>
	`${file}${only ? `-labels-${createHash('sha1').update(only).digest('hex').slice(0, 8)}` : ''}.ttf`;

/** The faces as CSS families, for the HTML documents Chromium prints (the briefing, the letter's HTML fallback preview). */
export const FACES = { body: 'FandolFang', title: 'FandolSong', label: 'FandolHei', latin: 'Liberation Serif' } as const;

/**
 * The Fandol fonts as TrueType, converted once into `dir` (about 15 s a font) and reused. The
 * originals are CFF OpenType, which Chromium's PDF backend cannot embed: it would draw every
 * glyph as a Type 3 outline (slow, and no real font in the record copy). TrueType embeds as a
 * subset CID font.
 */
export function ensureLetterFonts(dir: string): string {
	mkdirSync(dir, { recursive: true });
	for (const { file, only } of LETTER_FONTS) {
		const target = path.join(dir, convertedFile({ file, only }));
		if (existsSync(target)) continue;
		const source = path.join(FANDOL_DIR, `${file}.otf`);
		if (!existsSync(source)) throw new Error(`缺少字体 ${source}：请安装 Debian 软件包 texlive-lang-chinese`);
		const subset = only ? Array.from(only, (c) => c.codePointAt(0)!) : undefined;
		const font = fe.Font.create(readFileSync(source), { type: 'otf', hinting: false, kerning: false, ...(subset ? { subset } : {}) });
		const tmp = `${target}.${process.pid}.tmp`;
		writeFileSync(tmp, font.write({ type: 'ttf', hinting: false, kerning: false }) as Buffer);
		renameSync(tmp, target); // another process converting at once writes the same bytes
	}
	return dir;
}
