/**
 * The V8 flags the server runs with: `npm start`, `npm run demo`, the offline bundle's launcher
 * and `npm run bench:p10` all pass these. An 8 MB semi-space for the young generation (V8 sizes it
 * from the heap limit otherwise: `--max-semi-space-size=0`) keeps a node serving 100 screens near 270 MB RSS
 * instead of ~370 MB, at the same CPU (BENCHMARKS.md, P10): the feed's garbage is short-lived.
 * A fixed 50 % growing factor for the old generation keeps V8 from raising its limit in big steps
 * under a busy feed (heap total 98–113 MB instead of 150–257 MB over the 60× soak, the same CPU
 * per event; BENCHMARKS.md, P6): pages a peak took stay in RSS long after.
 */
export const SERVER_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=8', '--heap-growing-percent=50'];

/**
 * glibc's malloc settings the server runs with, read at process start (so set before node starts:
 * the npm scripts, the bundle's launcher). A fixed mmap threshold (128 KB) and a low trim threshold
 * (256 KB) give the memory of freed large buffers (sockets', zlib's, postgres.js's) back to the
 * system instead of keeping it in malloc's arenas; over the 60× soak RSS ended at 217 MB with them
 * and 234 MB without (+10.3 % and +10.9 % from 2 min), and P10's median at 175 MB (BENCHMARKS.md). A site's own values win (the launcher and `serverEnvPrefix` keep them).
 */
export const SERVER_MALLOC_ENV: Readonly<Record<string, string>> = { MALLOC_MMAP_THRESHOLD_: '131072', MALLOC_TRIM_THRESHOLD_: '262144' };

/** The settings as a shell prefix keeping any value already set: `A=${A:-1} B=${B:-2}`. */
export const serverEnvPrefix = (): string =>
	Object.entries(SERVER_MALLOC_ENV)
		.map(([name, value]) => `${name}=\${${name}:-${value}}`)
		.join(' ');

/**
 * The malloc settings a child server starts with, as `SERVER_MALLOC_ENV` does for a site: the
 * shipped values, with any `MALLOC_*` already in `env` winning (benches pass their own to compare).
 */
export const serverMallocEnv = (env: NodeJS.ProcessEnv = process.env): Record<string, string> => ({
	...SERVER_MALLOC_ENV,
	...Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[0].startsWith('MALLOC_') && entry[1] !== undefined))
});
