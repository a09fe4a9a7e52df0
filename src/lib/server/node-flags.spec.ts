import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SERVER_NODE_FLAGS, SERVER_MALLOC_ENV, serverEnvPrefix, serverMallocEnv } from './node-flags.ts';
import { writeBundleTexts } from './ops/bundle-files.ts';

/** Every way the server is started passes the same V8 flags and malloc settings (package.json cannot import them). */
describe('the server is started with its V8 flags and malloc settings', () => {
	it('as a shell prefix that keeps a value the site has set', () => {
		const env = (own: Record<string, string>) =>
			execFileSync('sh', ['-c', `${serverEnvPrefix()} exec env`], { env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...own }, encoding: 'utf8' });
		for (const [name, value] of Object.entries(SERVER_MALLOC_ENV)) {
			expect(env({})).toContain(`${name}=${value}\n`);
			expect(env({ [name]: '65536' })).toContain(`${name}=65536\n`);
		}
	});

	it("for a child process, with the parent's own MALLOC_* values winning", () => {
		expect(serverMallocEnv({ PATH: '/bin' })).toEqual(SERVER_MALLOC_ENV);
		expect(serverMallocEnv({ MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '0', HOME: '/root' })).toEqual({ ...SERVER_MALLOC_ENV, MALLOC_ARENA_MAX: '2', MALLOC_TRIM_THRESHOLD_: '0' });
	});

	it('by npm start and npm run demo', () => {
		const { scripts } = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { scripts: Record<string, string> };
		for (const name of ['start', 'demo']) expect(scripts[name]).toContain(`${serverEnvPrefix()} node ${SERVER_NODE_FLAGS.join(' ')} server.ts`);
	});

	it("by the offline bundle's launcher", () => {
		const top = mkdtempSync(path.join(tmpdir(), 'lw-flags-'));
		try {
			writeBundleTexts(top, { version: '0.0.0', nodeVersion: 'v24', fonts: [] });
			expect(readFileSync(path.join(top, 'liaowang'), 'utf8')).toContain(`start) ${serverEnvPrefix()} exec "$NODE" ${SERVER_NODE_FLAGS.join(' ')} server.ts "$@"`);
		} finally {
			rmSync(top, { recursive: true, force: true });
		}
	});
});
