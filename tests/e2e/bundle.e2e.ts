import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = new URL('../../', import.meta.url).pathname;
const NODE = process.execPath;

/**
 * The offline bundle, as an intranet would get it: made by `npm run bundle` (from the build the
 * e2e run has made), unpacked into a fresh folder, and started by its own run script inside a
 * network namespace that has nothing but a loopback (`unshare -n`, lo brought up): no registry, no
 * DNS, no route out. A browser in the same namespace signs in and sees the live wall.
 * As root, `unshare -n` (not `-rn`): a user namespace maps only one uid, and the embedded
 * PostgreSQL must run as the `postgres` user.
 */
describe.skipIf(userInfo().uid !== 0)('the offline bundle', () => {
	const work = mkdtempSync(path.join(tmpdir(), 'liaowang-bundle-test-'));
	chmodSync(work, 0o755); // the embedded PostgreSQL runs as `postgres` and must enter the unpacked folder
	afterAll(() => rmSync(work, { recursive: true, force: true }));

	it('unpacks and runs with no network: sign in, see the wall', () => {
		const t0 = Date.now();
		execFileSync(NODE, ['scripts/bundle.ts', '--no-build', '--fast', `--out=${work}/dist`], { cwd: ROOT, stdio: 'pipe' });
		const archive = path.join(work, 'dist', readdirSync(path.join(work, 'dist'))[0]);
		const megabytes = statSync(archive).size / 1048576;
		const unpacked = path.join(work, 'site'); // a fresh folder: nothing of the checkout
		execFileSync('mkdir', ['-p', unpacked]);
		execFileSync('tar', ['-xzf', archive, '-C', unpacked]);
		const [top] = readdirSync(unpacked);
		const dir = path.join(unpacked, top);
		writeFileSync(path.join(dir, 'liaowang.conf'), `LIAOWANG_DATA_DIR=${dir}/data\nLIAOWANG_DEMO=1\nDEMO_ITEMS=1500\nSIM_RATE=0\nPORT=3000\nHOST=127.0.0.1\n`);
		const t1 = Date.now();
		const shot = path.join(work, 'wall.png');
		const run = spawnSync('unshare', ['-n', 'sh', '-c', `ip link set lo up && exec "${NODE}" tests/support/bundle-check.ts "${dir}" "${shot}"`], {
			cwd: ROOT, encoding: 'utf8', timeout: 150_000
		});
		const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
		expect(line, `${run.stdout}\n${run.stderr}`).toBeDefined();
		const seen = JSON.parse(line!.slice(7));
		console.log(`bundle ${megabytes.toFixed(0)} MB, made in ${((t1 - t0) / 1000).toFixed(0)} s; offline start and wall in ${((Date.now() - t1) / 1000).toFixed(0)} s`);
		expect(seen.interfaces).toEqual(['lo']); // no way out of the namespace
		expect(seen.path).toBe('/screen');
		expect(Number(seen.todayTotal)).toBeGreaterThanOrEqual(0);
		expect(seen.canvases).toBeGreaterThanOrEqual(2);
		expect(seen.errors).toEqual([]);
		expect(seen.exit).toBe(0);
		expect(megabytes).toBeLessThan(400);
	}, 300_000);
});
