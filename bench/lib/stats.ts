/**
 * Latency histograms: fixed 0.1 ms buckets up to 60 s (anything slower lands in the last
 * bucket and still moves `max`). Cheap to add to from a hot loop, mergeable across
 * processes (sent as sparse pairs over IPC), exact enough for p50/p95/p99.
 */
const RESOLUTION = 10; // buckets per millisecond
const LIMIT_MS = 60_000;
const BUCKETS = LIMIT_MS * RESOLUTION + 1;

export type HistogramData = { count: number; sum: number; max: number; negative: number; buckets: [number, number][] };

/**
 * `missing`: samples that never arrived (a change a screen did not receive in time); they rank
 * above every arrival, so a percentile that falls among them is Infinity ("not delivered").
 */
export type Summary = { count: number; missing?: number; p50: number; p95: number; p99: number; max: number; mean: number };

export class Histogram {
	counts = new Uint32Array(BUCKETS);
	count = 0;
	sum = 0;
	max = 0;
	/** samples below zero (clock skew between a commit acknowledgement and a receipt), counted as 0 */
	negative = 0;

	add(ms: number): void {
		if (!(ms >= 0)) {
			this.negative++;
			ms = 0;
		}
		const bucket = Math.min(BUCKETS - 1, Math.floor(ms * RESOLUTION));
		this.counts[bucket]++;
		this.count++;
		this.sum += ms;
		if (ms > this.max) this.max = ms;
	}

	merge(other: Histogram | HistogramData): void {
		if (other instanceof Histogram) {
			for (let i = 0; i < BUCKETS; i++) if (other.counts[i]) this.counts[i] += other.counts[i];
		} else {
			for (const [i, n] of other.buckets) this.counts[i] += n;
		}
		this.count += other.count;
		this.sum += other.sum;
		this.negative += other.negative;
		if (other.max > this.max) this.max = other.max;
	}

	/** The upper edge of the bucket holding the q-quantile (conservative by < 0.1 ms). */
	quantile(q: number, missing = 0): number {
		if (this.count + missing === 0) return NaN;
		const rank = Math.max(1, Math.ceil(q * (this.count + missing)));
		if (rank > this.count) return Infinity;
		let seen = 0;
		for (let i = 0; i < BUCKETS; i++) {
			seen += this.counts[i];
			if (seen >= rank) return Math.min(this.max, (i + 1) / RESOLUTION);
		}
		return this.max;
	}

	summary(missing = 0): Summary {
		return {
			count: this.count,
			...(missing ? { missing } : {}),
			p50: round(this.quantile(0.5, missing)),
			p95: round(this.quantile(0.95, missing)),
			p99: round(this.quantile(0.99, missing)),
			max: round(this.max),
			mean: round(this.count ? this.sum / this.count : NaN)
		};
	}

	toData(): HistogramData {
		const buckets: [number, number][] = [];
		for (let i = 0; i < BUCKETS; i++) if (this.counts[i]) buckets.push([i, this.counts[i]]);
		return { count: this.count, sum: this.sum, max: this.max, negative: this.negative, buckets };
	}

	static from(data: HistogramData): Histogram {
		const h = new Histogram();
		h.merge(data);
		return h;
	}
}

export const round = (x: number, digits = 1) => (Number.isFinite(x) ? Number(x.toFixed(digits)) : x);

/** Percentiles of a small list of samples (query timings): nearest rank. */
export function summarize(samples: number[]): Summary {
	const sorted = [...samples].sort((a, b) => a - b);
	const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
	return {
		count: sorted.length,
		p50: round(at(0.5), 2),
		p95: round(at(0.95), 2),
		p99: round(at(0.99), 2),
		max: round(sorted[sorted.length - 1], 2),
		mean: round(sorted.reduce((a, b) => a + b, 0) / sorted.length, 2)
	};
}

/** a / b as "12.3×"; "> n×" when a is Infinity (then `aAtLeast` bounds it); "–" when unknown. */
export function ratio(a: number, b: number, digits = 2, aAtLeast = NaN): string {
	if (a === Infinity && Number.isFinite(aAtLeast) && aAtLeast > 0 && Number.isFinite(b) && b > 0) return `> ${(aAtLeast / b).toFixed(digits)}×`;
	if (!Number.isFinite(a) || !Number.isFinite(b) || b === 0) return '–';
	return `${(a / b).toFixed(digits)}×`;
}

/** A figure for a table: Infinity reads "∞" (not delivered), NaN "–". */
export const fmt = (x: number | undefined | null) => (x === Infinity ? '∞' : x === undefined || x === null || Number.isNaN(x) ? '–' : String(x));
