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
