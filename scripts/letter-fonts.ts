// Converts the Fandol fonts (Debian texlive-lang-chinese) to TrueType for the letter PDFs, once.
// `npm run demo` and `npm test` run it; without it the first letter a server prints waits ~45 s.
import { readConfig } from '../src/lib/server/config.ts';
import { ensureLetterFonts } from '../src/lib/server/print/fonts.ts';
import { printFontsDir } from '../src/lib/server/print/service.ts';

const dir = printFontsDir(readConfig(process.env).dataDir);
const started = Date.now();
try {
	ensureLetterFonts(dir);
	console.log(`函件字体已就绪：${dir}（${((Date.now() - started) / 1000).toFixed(1)} s）`);
} catch (error) {
	console.error(`函件字体准备失败：${(error as Error).message}`);
	// the demo runs without them: everything but printing 三函 and briefings works
	if (process.argv.includes('--optional')) {
		console.error('三函和简报的 PDF 需要这些字体：以 root 运行 apt-get install -y texlive-lang-chinese fonts-liberation chromium 后重新启动即可。');
		process.exit(0);
	}
	process.exit(1);
}
