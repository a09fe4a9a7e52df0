// `npm test`: everything, in order — system prerequisites, type check, build, then unit,
// integration (real Postgres and Redis) and end-to-end (Debian's Chromium) tests.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { userInfo } from 'node:os';

const BIN = new URL('../node_modules/.bin/', import.meta.url).pathname;

function step(title: string, command: string, args: string[], env: Record<string, string> = {}): void {
	console.log(`\n━━ ${title} ━━`);
	const result = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
	if (result.status !== 0) {
		console.error(`\n✗ ${title} 失败（退出码 ${result.status ?? result.signal}）`);
		process.exit(1);
	}
}

function hasCjkFont(): boolean {
	const fonts = spawnSync('fc-list', [':lang=zh'], { encoding: 'utf8' });
	return fonts.status === 0 && fonts.stdout.trim().length > 0;
}

/** Chromium and a CJK font come from Debian's packages; installed here when we are root. */
function ensureSystemPackages(): void {
	const missing: string[] = [];
	if (!existsSync(process.env.CHROMIUM_PATH ?? '/usr/bin/chromium')) missing.push('chromium');
	if (!hasCjkFont()) missing.push('fonts-noto-cjk');
	// 三函: the Fandol fonts (free 仿宋/宋/黑), a Times-class serif for digits, poppler for the PDF tests
	if (!existsSync('/usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/FandolFang-Regular.otf')) missing.push('texlive-lang-chinese');
	if (!existsSync('/usr/share/fonts/truetype/liberation/LiberationSerif-Regular.ttf')) missing.push('fonts-liberation');
	if (!existsSync('/usr/share/fonts/truetype/arphic/uming.ttc')) missing.push('fonts-arphic-uming'); // characters beyond GB 2312
	if (spawnSync('sh', ['-c', 'command -v pdftotext']).status !== 0) missing.push('poppler-utils');
	if (spawnSync('sh', ['-c', 'command -v soffice']).status !== 0) missing.push('libreoffice-writer-nogui'); // the .docx copies rendered and measured
	if (!existsSync('/usr/sbin/nginx')) missing.push('nginx-light'); // the TLS proxy test runs the sample nginx configuration
	if (missing.length === 0) return;
	if (userInfo().uid !== 0) {
		console.error(`缺少系统软件包：${missing.join(' ')}。请以 root 运行：apt-get update && apt-get install -y ${missing.join(' ')}`);
		process.exit(1);
	}
	step('安装系统软件包', 'sh', ['-c', `apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}`]);
}

ensureSystemPackages();
step('类型检查', `${BIN}svelte-kit`, ['sync']);
step('类型检查（svelte-check）', `${BIN}svelte-check`, ['--tsconfig', './tsconfig.json', '--threshold', 'error', '--fail-on-warnings']);
step('构建', `${BIN}vite`, ['build', '--logLevel', 'warn']);
step('函件字体', `${BIN}node`, ['scripts/letter-fonts.ts']);
const RESULTS = new URL('../test-results/', import.meta.url).pathname;
mkdirSync(RESULTS, { recursive: true });
const projects = [
	['unit', '单元测试'],
	['integration', '集成测试（真实 PostgreSQL / Redis）'],
	['e2e', '端到端测试（Chromium）']
] as const;
for (const [project, title] of projects)
	step(title, `${BIN}vitest`, ['run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${RESULTS}vitest-${project}.json`]);

// one plain closing line for every project together
let passed = 0;
let failed = 0;
let skipped = 0;
for (const [project] of projects) {
	const report = JSON.parse(readFileSync(`${RESULTS}vitest-${project}.json`, 'utf8'));
	passed += report.numPassedTests;
	failed += report.numFailedTests;
	skipped += report.numPendingTests + (report.numTodoTests ?? 0);
}
console.log('\n✓ 全部测试通过');
console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
if (failed > 0 || passed === 0) process.exit(1);
