/**
 * A small seeded PRNG (sfc32, seeded through cyrb128) so that demo data is reproducible: the
 * same seed gives the same sequence on every machine. Not for anything secret.
 */

/** A weighted choice, prepared once so a hot loop does not rebuild it. */
export type WeightTable<K> = { keys: readonly K[]; cumulative: Float64Array; total: number };

export type Random = {
	/** uniform in [0, 1) */
	next(): number;
	/** uniform in [min, max) */
	uniform(min: number, max: number): number;
	/** integer in [min, max], both included */
	int(min: number, max: number): number;
	chance(probability: number): boolean;
	pick<T>(items: readonly T[]): T;
	weighted<K>(table: WeightTable<K>): K;
	normal(mean?: number, sd?: number): number;
	/** a count with the given mean (events in a fixed interval) */
	poisson(mean: number): number;
	/** waiting time with the given rate (mean 1 / rate) */
	exponential(rate: number): number;
	/** shuffles in place and returns the same array */
	shuffle<T>(items: T[]): T[];
	/** an independent stream, so one phase drawing more numbers does not shift another */
	fork(label: string): Random;
};

/** Builds a weight table from `[key, weight]` pairs or a record; zero weights are never picked. */
export function weightTable<K extends string>(weights: Partial<Record<K, number>>): WeightTable<K>;
export function weightTable<K>(weights: readonly (readonly [K, number])[]): WeightTable<K>;
export function weightTable<K>(weights: readonly (readonly [K, number])[] | Partial<Record<string, number>>): WeightTable<K> {
	const entries = (Array.isArray(weights) ? weights : Object.entries(weights)) as [K, number][];
	const keys: K[] = [];
	const cumulative = new Float64Array(entries.length);
	let total = 0;
	for (const [key, weight] of entries) {
		if (!(weight >= 0) || !Number.isFinite(weight)) throw new RangeError(`权重必须是非负有限数：${String(key)}=${weight}`);
		total += weight;
		cumulative[keys.length] = total;
		keys.push(key);
	}
	if (total <= 0) throw new RangeError('权重之和必须大于 0');
	return { keys, cumulative, total };
}

/** cyrb128: spreads a string seed over four 32-bit words. */
function cyrb128(seed: string): [number, number, number, number] {
	let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
	for (let i = 0; i < seed.length; i++) {
		const k = seed.charCodeAt(i);
		h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
		h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
		h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
		h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
	}
	h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
	h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
	h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
	h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
	h1 ^= h2 ^ h3 ^ h4;
	h2 ^= h1;
	h3 ^= h1;
	h4 ^= h1;
	return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32: fast, passes PractRand, 128 bits of state. */
function sfc32(a: number, b: number, c: number, d: number): () => number {
	return () => {
		a |= 0; b |= 0; c |= 0; d |= 0;
		const t = (((a + b) | 0) + d) | 0;
		d = (d + 1) | 0;
		a = b ^ (b >>> 9);
		b = (c + (c << 3)) | 0;
		c = (c << 21) | (c >>> 11);
		c = (c + t) | 0;
		return (t >>> 0) / 4294967296;
	};
}

export function createRandom(seed: string | number): Random {
	const label = String(seed);
	const next = sfc32(...cyrb128(label));
	for (let i = 0; i < 12; i++) next(); // the first outputs still echo the seed words

	const random: Random = {
		next,
		uniform: (min, max) => min + (max - min) * next(),
		int: (min, max) => min + Math.floor((max - min + 1) * next()),
		chance: (probability) => next() < probability,
		pick(items) {
			if (items.length === 0) throw new RangeError('不能从空列表中选取');
			return items[Math.floor(items.length * next())];
		},
		weighted(table) {
			const target = next() * table.total;
			const { cumulative } = table;
			let lo = 0, hi = cumulative.length - 1;
			while (lo < hi) {
				const mid = (lo + hi) >>> 1;
				if (cumulative[mid] > target) hi = mid;
				else lo = mid + 1;
			}
			return table.keys[lo];
		},
		normal(mean = 0, sd = 1) {
			// Box–Muller; 1 - next() keeps the logarithm away from zero
			const u = 1 - next();
			const v = next();
			return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
		},
		poisson(mean) {
			if (!(mean >= 0)) throw new RangeError(`泊松均值必须非负：${mean}`);
			if (mean > 30) return Math.max(0, Math.round(random.normal(mean, Math.sqrt(mean))));
			// Knuth: multiply uniforms until the product falls below e^-mean
			const limit = Math.exp(-mean);
			let k = 0;
			let p = next();
			while (p > limit) {
				k++;
				p *= next();
			}
			return k;
		},
		exponential: (rate) => -Math.log(1 - next()) / rate,
		shuffle(items) {
			for (let i = items.length - 1; i > 0; i--) {
				const j = Math.floor((i + 1) * next());
				[items[i], items[j]] = [items[j], items[i]];
			}
			return items;
		},
		fork: (name) => createRandom(`${label}/${name}`)
	};
	return random;
}
