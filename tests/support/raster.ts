import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/** A horizontal band of coloured ink on a page, in millimetres from the top left. */
export type Band = { top: number; bottom: number; left: number; right: number };

const PX_PER_MM = 10; // 254 dpi

/**
 * Horizontal rules of one colour on a PDF page, measured on the page as poppler's pdftoppm
 * rasterises it at 254 dpi (0.1 mm a pixel): rows with at least `minMm` of that ink, grouped into
 * bands of consecutive rows.
 */
export function horizontalRules(file: string, page: number, ink: 'red' | 'black', minMm = 120): Band[] {
	const dir = mkdtempSync(path.join(tmpdir(), 'lw-raster-'));
	try {
		execFileSync('pdftoppm', ['-r', String(PX_PER_MM * 25.4), '-f', String(page), '-l', String(page), file, path.join(dir, 'p')]);
		const out = readFileSync(path.join(dir, execFileSync('ls', [dir], { encoding: 'utf8' }).trim().split('\n')[0]));
		const header = /^P6\s+(\d+)\s+(\d+)\s+(\d+)\s/.exec(out.subarray(0, 50).toString('latin1'))!;
		const [w, h] = [Number(header[1]), Number(header[2])];
		const data = out.subarray(header[0].length);
		const is = ink === 'red' ? (r: number, g: number, b: number) => r > 150 && g < 110 && b < 110 : (r: number, g: number, b: number) => r < 90 && g < 90 && b < 90;
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
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
}
