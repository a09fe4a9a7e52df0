/**
 * What the orchestrator, the load generator, the servers and the client processes agree on for
 * one phase of the commit → screen benchmark. The schedule is fixed in advance (open loop):
 * change i is due at t0 + i / rate on the monotonic clock, so every process can work out its
 * intended send time from i alone, and i travels in the petition's serial.
 */
export type Mode = 'ours' | 'ours-redis' | 'baseline' | 'floor';
export const MODES: Mode[] = ['ours', 'ours-redis', 'baseline', 'floor'];

export type PhaseSpec = {
	mode: Mode;
	/** eight digits naming the phase inside every serial (serial = county-tag-index) */
	tag: string;
	rate: number;
	/** changes written in the phase, warm-up included */
	total: number;
	/** the first `warmup` changes are not measured */
	warmup: number;
	/** monotonic ms when change 0 is due */
	t0: number;
	/** county i % counties.length takes change i; each with its adcode path */
	counties: { adcode: string; path: string[] }[];
};

export const intendedAt = (spec: PhaseSpec, i: number) => spec.t0 + (i * 1000) / spec.rate;
export const countyOf = (spec: PhaseSpec, i: number) => spec.counties[i % spec.counties.length];
export const serialOf = (spec: PhaseSpec, i: number) => `${countyOf(spec, i).adcode}-${spec.tag}-${String(i).padStart(6, '0')}`;

/** The change index a serial carries, or -1 when it is not from this phase. */
export function indexOfSerial(spec: PhaseSpec, serial: unknown): number {
	if (typeof serial !== 'string' || serial.length !== 22 || serial.slice(7, 15) !== spec.tag) return -1;
	const i = Number(serial.slice(16));
	return Number.isInteger(i) && i < spec.total ? i : -1;
}

export const MAX_CHANGES = 999_999; // six digits of serial

/** A client's screen: its session token and the region it is scoped to. */
export type ClientSpec = { token: string; scope: string };

/** What a server or client process measured: sent to the orchestrator as plain data. */
export type ServerStats = {
	cpuUserMs: number;
	cpuSystemMs: number;
	wallMs: number;
	eventLoopP99Ms: number;
	eventLoopMaxMs: number;
	rssMaxMB: number;
	frames?: number;
	events?: number;
};
