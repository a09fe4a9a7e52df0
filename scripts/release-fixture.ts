// npm run release:fixture -- --ref=<commit or tag> [--items=2000]: the upgrade test's fixture, made by
// a release's own code. Checks the release out in a temporary worktree (sharing this tree's
// node_modules), runs scripts/release-fixture-driver.ts there (demo data, letters with printed PDFs,
// lifecycle transitions with the petitioner's documents, a meeting, audit rows; then that release's
// `backup` in both formats), and writes it to tests/fixtures/upgrade/<version>/. See README, 运维 → 升级.
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { option, runCommand } from './ops-cli.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

await runCommand('生成升级测试样本', async (log) => {
	const ref = option('ref', '');
	if (!ref) throw new Error('请用 --ref= 指定发布版本的提交或标签（例如 --ref=v0.1.0）');
	const commit = execFileSync('git', ['rev-parse', '--verify', `${ref}^{commit}`], { cwd: ROOT, encoding: 'utf8' }).trim();
	const checkout = path.join(mkdtempSync(path.join(tmpdir(), 'liaowang-release-')), 'tree');
	log(`检出 ${ref}（${commit.slice(0, 12)}）到 ${checkout}`);
	execFileSync('git', ['worktree', 'add', '--detach', checkout, commit], { cwd: ROOT, stdio: 'ignore' });
	try {
		symlinkSync(path.join(ROOT, 'node_modules'), path.join(checkout, 'node_modules'));
		const version = (JSON.parse(readFileSync(path.join(checkout, 'package.json'), 'utf8')) as { version: string }).version;
		const out = path.join(ROOT, 'tests/fixtures/upgrade', version);
		if (existsSync(out)) rmSync(out, { recursive: true });
		copyFileSync(path.join(ROOT, 'scripts/release-fixture-driver.ts'), path.join(checkout, 'scripts/release-fixture-driver.ts'));
		log(`以 ${version} 的代码生成演示数据并备份……`);
		execFileSync(process.execPath, ['scripts/release-fixture-driver.ts', `--out=${out}`, `--items=${option('items', '2000')}`], { cwd: checkout, stdio: 'inherit', env: process.env });
		const fixture = JSON.parse(readFileSync(path.join(out, 'fixture.json'), 'utf8')) as object;
		writeFileSync(path.join(out, 'fixture.json'), JSON.stringify({ release: version, commit, ...fixture }, null, '\t') + '\n');
		log(`完成：${out}（${execFileSync('du', ['-sh', out], { encoding: 'utf8' }).split('\t')[0]}）`);
	} finally {
		execFileSync('git', ['worktree', 'remove', '--force', checkout], { cwd: ROOT, stdio: 'ignore' });
		rmSync(path.dirname(checkout), { recursive: true, force: true });
	}
});
