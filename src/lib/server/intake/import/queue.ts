/**
 * Imports on one node take turns (issue #15): at most `reading` files are read at once, at most
 * `waiting` wait behind them, and an account has one import under way at a time. A waiting
 * import can ask how many are ahead of it; the upload form shows that while it waits.
 */
export const QUEUE_LIMITS = { reading: 2, waiting: 8 };

export type Stage = { stage: 'queued'; ahead: number } | { stage: 'reading' } | { stage: 'checking' };
export type Turn = { ok: true; stage: (s: 'reading' | 'checking') => void; done: () => void } | { ok: false; message: string };

type Entry = { userId: number; stage: 'queued' | 'reading' | 'checking'; wake?: () => void };

export function importQueue(limits = QUEUE_LIMITS) {
	const entries: Entry[] = [];
	const reading = () => entries.filter((e) => e.stage === 'reading').length;
	const advance = () => {
		for (const e of entries) if (e.stage === 'queued' && reading() < limits.reading) (e.stage = 'reading'), e.wake?.();
	};
	return {
		/** Takes the account's one place; the turn comes once the file may be read (status: 'queued' meanwhile). */
		async enter(userId: number): Promise<Turn> {
			if (entries.some((e) => e.userId === userId)) return { ok: false, message: '您上传的上一个文件还在读取和校对，请等它完成后再上传' };
			if (entries.filter((e) => e.stage === 'queued').length >= limits.waiting)
				return { ok: false, message: '当前排队导入的文件过多，请稍后再上传' };
			const entry: Entry = { userId, stage: 'queued' };
			entries.push(entry);
			advance();
			if (entry.stage === 'queued') await new Promise<void>((wake) => (entry.wake = wake));
			return {
				ok: true,
				stage: (s) => {
					entry.stage = s;
					advance();
				},
				done: () => {
					const at = entries.indexOf(entry);
					if (at >= 0) entries.splice(at, 1);
					advance();
				}
			};
		},
		/** Where the account's import stands, or null when it has none under way. */
		stageOf(userId: number): Stage | null {
			const entry = entries.find((e) => e.userId === userId);
			if (!entry) return null;
			if (entry.stage !== 'queued') return { stage: entry.stage };
			return { stage: 'queued', ahead: entries.filter((e) => e.stage === 'reading').length + entries.slice(0, entries.indexOf(entry)).filter((e) => e.stage === 'queued').length };
		}
	};
}
export type ImportQueue = ReturnType<typeof importQueue>;

/** This node's queue (the server entry and SvelteKit's bundle are separate module copies). */
const KEY = Symbol.for('liaowang.import-queue');
export const nodeQueue = (): ImportQueue => ((globalThis as Record<symbol, ImportQueue>)[KEY] ??= importQueue({ ...QUEUE_LIMITS, reading: readers() }));

/** IMPORT_READERS: files read at once on this node (1–8, default 2). */
function readers(value = process.env.IMPORT_READERS): number {
	const n = Number(value);
	return Number.isInteger(n) && n >= 1 && n <= 8 ? n : QUEUE_LIMITS.reading;
}
