/**
 * A fixed-capacity buffer, newest first: the wall runs for days, so nothing it keeps may grow
 * with time. Pushing past capacity drops the oldest entries.
 */
export class Ring<T> {
	readonly capacity: number;
	#items: T[] = [];

	constructor(capacity: number) {
		if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError('capacity must be a positive integer');
		this.capacity = capacity;
	}

	/** Adds entries given oldest first; returns the buffer's contents, newest first. */
	push(...entries: T[]): T[] {
		const fresh = entries.slice(-this.capacity).reverse();
		this.#items = [...fresh, ...this.#items].slice(0, this.capacity);
		return this.#items;
	}

	get items(): readonly T[] {
		return this.#items;
	}

	get size(): number {
		return this.#items.length;
	}

	clear(): void {
		this.#items = [];
	}
}
