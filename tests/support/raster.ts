import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A horizontal band of coloured ink on a page, in millimetres from the top left. */
export type Band = { top: number; bottom: number; left: number; right: number };
export type Ink = 'red' | 'black';

const PX_PER_MM = 10; // 254 dpi

type Raster = { w: number; h: number; data: Buffer };
let cached: { key: string; raster: Raster } | null = null;

/** A PDF page as poppler's pdftoppm rasterises it at 254 dpi (0.1 mm a pixel); the last page asked for is kept. */
function raster(file: string, page: number): Raster {
	const key = `${file}:${page}:${statSync(file).mtimeMs}`;
	if (cached?.key === key) return cached.raster;
	const dir = mkdtempSync(path.join(tmpdir(), 'lw-raster-'));
	try {
		execFileSync('pdftoppm', ['-r', String(PX_PER_MM * 25.4), '-f', String(page), '-l', String(page), file, path.join(dir, 'p')]);
		const out = readFileSync(path.join(dir, execFileSync('ls', [dir], { encoding: 'utf8' }).trim().split('\n')[0]));
		const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(out.subarray(0, 50).toString('latin1'))!;
		const r = { w: Number(header[1]), h: Number(header[2]), data: out.subarray(header[0].length) };
		cached = { key, raster: r };
		return r;
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}

const isInk = (ink: Ink) => (ink === 'red' ? (r: number, g: number, b: number) => r > 150 && g < 110 && b < 110 : (r: number, g: number, b: number) => r < 90 && g < 90 && b < 90);

/**
 * Horizontal rules of one colour on a PDF page: rows with at least `minMm` of that ink, grouped
 * into bands of consecutive rows.
 */
export function horizontalRules(file: string, page: number, ink: Ink, minMm = 120): Band[] {
	const { w, h, data } = raster(file, page);
	const is = isInk(ink);
	const bands: Band[] = [];
	let open: Band | null = null;
	for (let y = 0; y < h; y++) {
		let count = 0, left = w, right = -1;
		for (let x = 0; x < w; x++) {
			const i = (y * w + x) * 3;
			if (is(data[i], data[i + 1], data[i + 2])) {
				count++;
				left = Math.min(left, x);
				right = x;
			}
		}
		if (count >= minMm * PX_PER_MM) {
			if (open && open.bottom === y / PX_PER_MM) open.bottom = (y + 1) / PX_PER_MM;
			else bands.push((open = { top: y / PX_PER_MM, bottom: (y + 1) / PX_PER_MM, left: left / PX_PER_MM, right: (right + 1) / PX_PER_MM }));
		}
	}
	return bands;
}

/**
 * The box of all ink of one colour inside a region of a page (mm from the top left): where a
 * ruler finds a line of text's visible edges, whatever metrics the PDF's fonts declare. Null if none.
 */
export function inkBox(file: string, page: number, ink: Ink, region: Band): Band | null {
	const { w, h, data } = raster(file, page);
	const is = isInk(ink);
	const px = (mm: number, max: number) => Math.max(0, Math.min(max, Math.round(mm * PX_PER_MM)));
	let box: Band | null = null;
	for (let y = px(region.top, h); y < px(region.bottom, h); y++)
		for (let x = px(region.left, w); x < px(region.right, w); x++) {
			const i = (y * w + x) * 3;
			if (!is(data[i], data[i + 1], data[i + 2])) continue;
			const [top, left] = [y / PX_PER_MM, x / PX_PER_MM];
			if (!box) box = { top, bottom: top + 0.1, left, right: left + 0.1 };
			else {
				box.bottom = Math.max(box.bottom, top + 0.1);
				box.left = Math.min(box.left, left);
				box.right = Math.max(box.right, left + 0.1);
			}
		}
	return box;
}
