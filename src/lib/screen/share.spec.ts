import { describe, expect, it } from 'vitest';
import { keepUnchanged } from './share.ts';

describe('keepUnchanged', () => {
	it('returns the old value itself when the new one is deeply equal', () => {
		const prev = { a: 1, b: { c: [1, 2, { d: 'x' }] }, e: null };
		expect(keepUnchanged(prev, structuredClone(prev))).toBe(prev);
		expect(keepUnchanged(3, 3)).toBe(3);
	});

	it('replaces only the path to what changed, keeping every equal branch', () => {
		const prev = { seq: 1, lights: { red: 1, yellow: 2 }, byArea: { '370100': { red: 1 }, '370200': { red: 0 } }, trend: [{ items: 1 }, { items: 2 }] };
		const draft = structuredClone(prev);
		draft.byArea['370200'].red = 1;
		draft.trend[1].items = 3;
		const next = keepUnchanged(prev, draft);
		expect(next).not.toBe(prev);
		expect(next).toEqual({ seq: 1, lights: { red: 1, yellow: 2 }, byArea: { '370100': { red: 1 }, '370200': { red: 1 } }, trend: [{ items: 1 }, { items: 3 }] });
		expect(next.lights).toBe(prev.lights);
		expect(next.byArea).not.toBe(prev.byArea);
		expect(next.byArea['370100']).toBe(prev.byArea['370100']);
		expect(next.trend).not.toBe(prev.trend);
		expect(next.trend[0]).toBe(prev.trend[0]);
	});

	it('sees added and removed keys and entries, and a changed type', () => {
		const prev = { m: { a: 1 } as Record<string, number>, list: [1, 2], x: [1] as unknown };
		expect(keepUnchanged(prev, { ...prev, m: { a: 1, b: 0 } }).m).toEqual({ a: 1, b: 0 });
		expect(keepUnchanged(prev, { ...prev, m: {} }).m).toEqual({});
		expect(keepUnchanged(prev, { ...prev, list: [1] }).list).toEqual([1]);
		expect(keepUnchanged(prev, { ...prev, x: { 0: 1 } }).x).toEqual({ 0: 1 });
		expect(keepUnchanged(prev, { ...prev, m: { a: undefined } as never }).m).not.toBe(prev.m);
	});
});
