import { describe, expect, it } from 'vitest';
import { importQueue } from './queue.ts';

describe('import queue: a few files read at once, one import per account, a bounded wait', () => {
	it('lets `reading` files in at once and queues the next, saying how many are ahead', async () => {
		const queue = importQueue({ reading: 2, waiting: 8 });
		const a = await queue.enter(1);
		const b = await queue.enter(2);
		let cTurn: Awaited<ReturnType<typeof queue.enter>> | undefined;
		const c = queue.enter(3).then((t) => (cTurn = t));
		const d = queue.enter(4);
		await Promise.resolve();
		expect(queue.stageOf(1)).toEqual({ stage: 'reading' });
		expect(queue.stageOf(3)).toEqual({ stage: 'queued', ahead: 2 });
		expect(queue.stageOf(4)).toEqual({ stage: 'queued', ahead: 3 });
		expect(cTurn).toBeUndefined();
		// a file being checked row by row no longer holds a reading place
		if (a.ok) a.stage('checking');
		await c;
		expect(cTurn?.ok).toBe(true);
		expect(queue.stageOf(1)).toEqual({ stage: 'checking' });
		expect(queue.stageOf(3)).toEqual({ stage: 'reading' });
		expect(queue.stageOf(4)).toEqual({ stage: 'queued', ahead: 2 });
		if (b.ok) b.done();
		expect(await d).toMatchObject({ ok: true });
		expect(queue.stageOf(2)).toBeNull();
	});

	it('refuses a second import of the same account while its first is under way, and again allows it after', async () => {
		const queue = importQueue({ reading: 1, waiting: 8 });
		const first = await queue.enter(7);
		expect(await queue.enter(7)).toEqual({ ok: false, message: expect.stringContaining('上一个文件还在读取') });
		if (first.ok) first.done();
		expect(await queue.enter(7)).toMatchObject({ ok: true });
	});

	it('refuses when too many already wait', async () => {
		const queue = importQueue({ reading: 1, waiting: 2 });
		await queue.enter(1);
		void queue.enter(2);
		void queue.enter(3);
		expect(await queue.enter(4)).toEqual({ ok: false, message: '当前排队导入的文件过多，请稍后再上传' });
		expect(queue.stageOf(4)).toBeNull();
	});
});
