/**
 * postgres.js 3.4.9 can throw from a deferred write after the database closed the connection
 * (a restart, a terminated backend): `socket.write` on a socket it has already let go of
 * (porsager/postgres#1154, #1208, unfixed upstream). The query involved has already been
 * rejected with CONNECTION_CLOSED by then, so the write is moot; but thrown from setImmediate
 * it would take the whole node down. This lets exactly that error pass and nothing else.
 */
export function isDeferredWriteAfterClose(error: unknown): boolean {
	return (
		error instanceof TypeError &&
		/reading 'write'/.test(error.message) &&
		/nextWrite/.test(error.stack ?? '') &&
		/postgres[\\/]src[\\/]connection\.js/.test(error.stack ?? '')
	);
}

export function guardDriverCrash(log: (message: string) => void): void {
	let warned = 0;
	process.on('uncaughtException', (error, origin) => {
		if (isDeferredWriteAfterClose(error)) {
			if (Date.now() - warned > 60_000) log('数据库连接已断开（驱动延迟写入被忽略，连接将自动重建）');
			warned = Date.now();
			return;
		}
		// everything else behaves as Node's default: print and exit
		console.error(origin === 'unhandledRejection' ? 'Unhandled rejection:' : 'Uncaught exception:', error);
		process.exit(1);
	});
}
