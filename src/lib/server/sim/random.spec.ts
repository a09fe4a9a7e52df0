import { describe, expect, it } from 'vitest';
import { createRandom, weightTable } from './random.ts';

const draw = (seed: string | number, n = 20) => {
	const rng = createRandom(seed);
	return Array.from({ length: n }, () => rng.next());
};

describe('createRandom', () => {
	it('gives the same sequence for the same seed, and another for another seed', () => {
		expect(draw('liaowang')).toEqual(draw('liaowang'));
		expect(draw(42)).toEqual(draw('42'));
		expect(draw('liaowang')).not.toEqual(draw('liaowang2'));
	});

	it('stays in [0, 1) with a mean near one half', () => {
		const values = draw('range', 100_000);
		expect(Math.min(...values)).toBeGreaterThanOrEqual(0);
		expect(Math.max(...values)).toBeLessThan(1);
		const mean = values.reduce((a, b) => a + b, 0) / values.length;
		expect(mean).toBeCloseTo(0.5, 2);
	});

	it('int covers both ends and nothing outside', () => {
		const rng = createRandom('int');
		const seen = new Set<number>();
		for (let i = 0; i < 5000; i++) seen.add(rng.int(3, 7));
		expect([...seen].sort()).toEqual([3, 4, 5, 6, 7]);
	});

	it('weighted pick follows the weights within tolerance and never picks a zero weight', () => {
		const rng = createRandom('weights');
		const table = weightTable({ a: 6, b: 3, c: 1, d: 0 });
		const counts: Record<string, number> = { a: 0, b: 0, c: 0, d: 0 };
		const n = 200_000;
		for (let i = 0; i < n; i++) counts[rng.weighted(table)]++;
		expect(counts.a / n).toBeCloseTo(0.6, 2);
		expect(counts.b / n).toBeCloseTo(0.3, 2);
		expect(counts.c / n).toBeCloseTo(0.1, 2);
		expect(counts.d).toBe(0);
	});

	it('rejects weight tables that cannot be drawn from', () => {
		expect(() => weightTable({ a: 0 })).toThrow();
		expect(() => weightTable([['a', -1]])).toThrow();
		expect(() => weightTable([['a', Number.NaN]])).toThrow();
	});

	it('normal, poisson and exponential have the right mean and spread', () => {
		const rng = createRandom('moments');
		const n = 100_000;
		const stats = (f: () => number) => {
			const xs = Array.from({ length: n }, f);
			const mean = xs.reduce((a, b) => a + b, 0) / n;
			const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / n;
			return { mean, variance, min: Math.min(...xs) };
		};
		const normal = stats(() => rng.normal(10, 2));
		expect(normal.mean).toBeCloseTo(10, 1);
		expect(Math.sqrt(normal.variance)).toBeCloseTo(2, 1);
		const small = stats(() => rng.poisson(3));
		expect(small.mean).toBeCloseTo(3, 1);
		expect(small.variance).toBeCloseTo(3, 0);
		expect(small.min).toBe(0);
		const large = stats(() => rng.poisson(200));
		expect(large.mean / 200).toBeCloseTo(1, 2);
		const waits = stats(() => rng.exponential(4));
		expect(waits.mean).toBeCloseTo(0.25, 2);
		expect(waits.min).toBeGreaterThanOrEqual(0);
	});

	it('shuffle is a permutation and deterministic', () => {
		const a = createRandom('shuffle').shuffle([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		const b = createRandom('shuffle').shuffle([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(a).toEqual(b);
		expect([...a].sort()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
		expect(a).not.toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9]);
	});

	it('forks are independent of how much the parent has drawn', () => {
		const a = createRandom('parent');
		const b = createRandom('parent');
		b.next();
		b.next();
		expect(a.fork('items').next()).toBe(b.fork('items').next());
		expect(a.fork('items').next()).not.toBe(a.fork('events').next());
	});
});
