/**
 * Structural sharing for plain data (objects, arrays, primitives): makes `next` reuse `prev`'s
 * objects wherever they are equal, deeply, and returns `prev` itself when nothing differs. A
 * panel that reads only unchanged slices then sees the very same objects and has nothing to
 * redraw. `next` must be a fresh copy the caller owns: it is updated in place.
 */
export function keepUnchanged<T>(prev: T, next: T): T {
	if (Object.is(prev, next)) return prev;
	if (typeof prev !== 'object' || typeof next !== 'object' || prev === null || next === null) return next;
	if (Array.isArray(prev) !== Array.isArray(next)) return next;
	const before = prev as Record<string, unknown>;
	const after = next as Record<string, unknown>;
	const keys = Object.keys(after);
	let same = keys.length === Object.keys(before).length;
	for (const key of keys) {
		const kept = keepUnchanged(before[key], after[key]);
		after[key] = kept;
		if (kept !== before[key] || !(key in before)) same = false;
	}
	return same ? prev : next;
}
