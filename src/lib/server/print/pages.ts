import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { FACES, ensureLetterFonts } from './fonts.ts';
import { BLOCK, MARGIN, PAGE } from './geometry.ts';

/** The system's fontconfig plus the letter fonts' folder, for Chromium only (nothing is installed system-wide). */
function fontConfigFile(fontsDir: string): string {
	const dir = path.resolve(ensureLetterFonts(fontsDir));
	const file = path.join(dir, 'fonts.conf');
	const text = `<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "fonts.dtd"><fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include><dir>${dir}</dir><cachedir>${dir}/cache</cachedir></fontconfig>`;
	if (!existsSync(file) || readFileSync(file, 'utf8') !== text) writeFileSync(file, text);
	return file;
}

/** 页码: 4号 half-width digits between 一字线, 7 mm under the text block, in the 标宋-class face. */
export const footerTemplate = `<div style="width:100%;text-align:center;font-family:&quot;${FACES.latin}&quot;, &quot;${FACES.title}&quot;;font-size:14pt;margin-bottom:${PAGE.height - MARGIN.top - BLOCK.height - 7 - 5}mm">— <span class="pageNumber"></span> —</div>`;

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/**
 * One headless Chromium for HTML documents (the meeting briefing, its charts as PNG), launched on
 * first use and kept; a small pool of pages, so concurrent jobs print side by side without a
 * browser each. A crashed browser is relaunched. Documents on the 公文 grid (三函, lifecycle
 * documents, 纪要) do not come here: the typesetter (typeset.ts) draws them directly.
 */
export function createPagePool(options: { fontsDir: string; pages?: number; executablePath?: string }) {
	const size = options.pages ?? Number(process.env.LETTER_RENDER_PAGES || 2);
	let browser: Promise<Browser> | null = null;
	const idle: Page[] = [];
	const waiting: ((page: Page) => void)[] = [];
	let open = 0;

	const launch = () =>
		// loaded on first use: playwright-core costs a node ~2.5 s of CPU and ~15 MB of heap at start
		(browser ??= import('playwright-core')
			.then(({ chromium }) => chromium.launch({ executablePath: options.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS, env: { ...process.env, FONTCONFIG_FILE: fontConfigFile(options.fontsDir) } }))
			.then((b) => {
				b.on('disconnected', () => {
					browser = null;
					idle.length = 0;
					open = 0;
				});
				return b;
			}));

	async function acquire(): Promise<Page> {
		const page = idle.pop();
		if (page && !page.isClosed()) return page;
		if (open < size) {
			open++;
			try {
				return await (await launch()).newPage();
			} catch (error) {
				open--;
				throw error;
			}
		}
		return new Promise((resolve) => waiting.push(resolve));
	}

	function release(page: Page) {
		const next = waiting.shift();
		if (next) next(page);
		else idle.push(page);
	}

	/** A page of the pool for one job; a page that failed is closed, and whoever waits gets a new one. */
	async function withPage<T>(work: (page: Page) => Promise<T>): Promise<T> {
		const page = await acquire();
		try {
			return await work(page);
		} catch (error) {
			await page.close().catch(() => {});
			open--;
			throw error;
		} finally {
			if (!page.isClosed()) release(page);
			else if (waiting.length && open < size) acquire().then(release, () => {});
		}
	}

	return {
		async render(html: string): Promise<Buffer> {
			return withPage(async (page) => {
				await page.setContent(html, { waitUntil: 'load' });
				await page.evaluate(() => document.fonts.ready.then(() => undefined));
				return page.pdf({ preferCSSPageSize: true, printBackground: true, displayHeaderFooter: true, headerTemplate: '<span></span>', footerTemplate });
			});
		},
		/** An HTML fragment drawn as a PNG at its own size (a chart for a .docx), on a page of the same pool. */
		async png(html: string, width: number, height: number): Promise<Buffer> {
			return withPage(async (page) => {
				await page.setViewportSize({ width, height });
				await page.setContent(html, { waitUntil: 'load' });
				return page.screenshot({ type: 'png', clip: { x: 0, y: 0, width, height } });
			});
		},
		async close() {
			const b = await browser?.catch(() => null);
			browser = null;
			await b?.close();
		}
	};
}

export type PagePool = ReturnType<typeof createPagePool>;
