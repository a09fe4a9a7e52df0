import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vitest/config';
import { liaowangServer } from './src/lib/server/vite-plugin.ts';

export default defineConfig({
	plugins: [sveltekit(), liaowangServer()],
	test: {
		projects: [
			{
				extends: './vite.config.ts',
				test: { name: 'unit', include: ['src/**/*.spec.ts'], environment: 'node' }
			},
			{
				extends: './vite.config.ts',
				test: {
					name: 'integration',
					include: ['tests/integration/**/*.test.ts'],
					environment: 'node',
					testTimeout: 60_000,
					hookTimeout: 120_000,
					fileParallelism: false
				}
			},
			{
				extends: './vite.config.ts',
				test: {
					name: 'e2e',
					include: ['tests/e2e/**/*.e2e.ts'],
					environment: 'node',
					testTimeout: 120_000,
					hookTimeout: 300_000,
					fileParallelism: false,
					globalSetup: ['tests/support/chromium-server.ts']
				}
			}
		]
	}
});
