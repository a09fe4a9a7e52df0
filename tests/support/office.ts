import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The fontconfig file shipped with the product: office font names → the Fandol faces the PDF prints in. */
export const OFFICE_FONTS_CONF = path.resolve('src/lib/server/print/fonts.conf');

/**
 * A .docx as LibreOffice lays it out (Debian libreoffice-writer-nogui), converted headless to
 * PDF with the product's fonts.conf, in a profile of its own (parallel runs never share one).
 * Returns the PDF's path, next to the .docx in `dir`.
 */
export function docxToPdf(docx: Buffer, dir: string, name: string): string {
	const file = path.join(dir, `${name}.docx`);
	writeFileSync(file, docx);
	const profile = mkdtempSync(path.join(tmpdir(), 'lw-soffice-'));
	try {
		execFileSync('soffice', [`-env:UserInstallation=${pathToFileURL(profile).href}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, file], {
			env: { ...process.env, FONTCONFIG_FILE: OFFICE_FONTS_CONF, HOME: profile },
			stdio: 'pipe',
			timeout: 120_000
		});
	} finally {
		rmSync(profile, { recursive: true, force: true });
	}
	return path.join(dir, `${name}.pdf`);
}
