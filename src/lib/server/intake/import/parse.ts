import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Ledger } from './read.ts';

/**
 * An uploaded ledger read in a worker thread with a heap limit and a time limit: a file that
 * would take more is refused, and the node goes on answering.
 */
export const PARSE_LIMITS = { heapMb: 256, youngMb: 32, timeoutMs: 60_000 };

const WORKER_PATH = 'src/lib/server/intake/import/worker.ts';
/** Next to this module when run from source; from the project root when this code is bundled (the build keeps no .ts). */
function workerFile(): URL {
	const candidates = [new URL('./worker.ts', import.meta.url), pathToFileURL(resolve(process.cwd(), WORKER_PATH))];
	if (process.argv[1]) candidates.push(pathToFileURL(resolve(dirname(process.argv[1]), WORKER_PATH)));
	const found = candidates.find((url) => url.protocol === 'file:' && existsSync(url));
	if (!found) throw new Error(`找不到台账读取程序 ${WORKER_PATH}`);
	return found;
}
let file: URL | undefined;

export function parseInWorker(bytes: Uint8Array, name: string, limits = PARSE_LIMITS): Promise<Ledger | string> {
	file ??= workerFile();
	const copy = bytes.slice(); // transferred, so the caller's buffer stays whole
	return new Promise((done, fail) => {
		const worker = new Worker(file!, {
			workerData: { bytes: copy, name },
			transferList: [copy.buffer as ArrayBuffer],
			resourceLimits: { maxOldGenerationSizeMb: limits.heapMb, maxYoungGenerationSizeMb: limits.youngMb, stackSizeMb: 4 },
			stdout: false,
			stderr: false
		});
		let settled = false;
		const settle = (answer: Ledger | string | Error) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			void worker.terminate();
			if (answer instanceof Error) fail(answer);
			else done(answer);
		};
		const timer = setTimeout(() => settle(`读取文件超过 ${limits.timeoutMs / 1000} 秒仍未完成，已停止；请拆分后分批导入`), limits.timeoutMs);
		worker.on('message', (answer: Ledger | string) => settle(answer));
		worker.on('error', (e: Error & { code?: string }) =>
			settle(e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? '文件内容过大，读取时超出内存上限，已停止；请拆分后分批导入' : e)
		);
		worker.on('exit', (code) => settle(new Error(`台账读取线程意外退出（${code}）`)));
	});
}
