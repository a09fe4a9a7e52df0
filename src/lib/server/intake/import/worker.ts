import { parentPort, workerData } from 'node:worker_threads';
import { readLedger } from './read.ts';

/**
 * Reads one uploaded ledger in a worker thread (started by parse.ts with a heap limit and a
 * time limit), so a file that takes memory or time costs this thread, never the web server's.
 */
const { bytes, name } = workerData as { bytes: Uint8Array; name: string };
parentPort!.postMessage(await readLedger(bytes, name));
