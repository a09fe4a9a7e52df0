import { spawn, type ChildProcess } from 'node:child_process';
import { TEST_KEY_FILE } from './personal-data.ts';

const ROOT = new URL('../../', import.meta.url).pathname;

export type RunningServer = { url: string; pid: number; output: () => string; stop: () => Promise<number | null>; kill: () => Promise<void> };

/** Starts the production server (build/ must exist) and resolves once it prints its URL; `execArgv`: Node's own flags. */
export function startServer(env: Record<string, string>, timeoutMs = 120_000, execArgv: string[] = []): Promise<RunningServer> {
	return new Promise((resolve, reject) => {
		const child: ChildProcess = spawn(process.execPath, [...execArgv, 'server.ts'], {
			cwd: ROOT,
			env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', SIM_RATE: '0', PERSONAL_DATA_KEY: TEST_KEY_FILE, ...env },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		const timer = setTimeout(() => {
			child.kill('SIGKILL');
			reject(new Error(`服务器未在 ${timeoutMs} ms 内就绪：\n${output}`));
		}, timeoutMs);
		const onData = (chunk: Buffer) => {
			output += chunk;
			const match = /已就绪：(http:\/\/\S+?)\/screen/.exec(output);
			if (match) {
				clearTimeout(timer);
				resolve({
					url: match[1],
					pid: child.pid!,
					output: () => output,
					kill: () =>
						new Promise((done) => {
							if (child.exitCode !== null || child.signalCode !== null) return done();
							child.once('exit', () => done());
							child.kill('SIGKILL');
						}),
					stop: () =>
						new Promise((done) => {
							if (child.exitCode !== null) return done(child.exitCode);
							child.once('exit', (code) => done(code));
							child.kill('SIGTERM');
						})
				});
			}
		};
		child.stdout!.on('data', onData);
		child.stderr!.on('data', onData);
		child.on('exit', (code) => {
			clearTimeout(timer);
			reject(new Error(`服务器退出（${code}）：\n${output}`));
		});
	});
}
