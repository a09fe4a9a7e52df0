import type { Server as HttpServer } from 'node:http';
import type { Plugin } from 'vite';

/**
 * Runs the live side inside `vite dev` and `vite preview`, through the same attach() the
 * production server uses. Skipped under Vitest, which starts its own servers in tests.
 */
export function liaowangServer(): Plugin {
	const start = async (httpServer: HttpServer | null) => {
		if (!httpServer || process.env.VITEST) return;
		const { readConfig } = await import('./config.ts');
		const { startRuntime } = await import('./start.ts');
		const { attach } = await import('./attach.ts');
		const { StartupError } = await import('./startup-error.ts');
		try {
			const runtime = await startRuntime(readConfig(process.env, process.argv), { log: (m) => console.log(`[瞭望] ${m}`) });
			await attach(httpServer, runtime);
			httpServer.once('close', () => void runtime.stop());
		} catch (error) {
			console.error(error instanceof StartupError ? String(error) : error);
			process.exit(1);
		}
	};
	return {
		name: 'liaowang-server',
		configureServer: (server) => start(server.httpServer as HttpServer | null),
		configurePreviewServer: (server) => start(server.httpServer as HttpServer | null)
	};
}
