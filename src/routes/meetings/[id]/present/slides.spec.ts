import { describe, expect, it } from 'vitest';
import { keyStep, slidesOf } from './slides.ts';

describe('presentation slides', () => {
	it('are the title, the frozen wall, the changes, one per agenda item and the decisions', () => {
		expect(slidesOf(2).map((s) => s.kind)).toEqual(['title', 'overview', 'changes', 'agenda', 'agenda', 'decisions']);
	});
	it('leave out the changes at a region’s first meeting (nothing to compare with)', () => {
		expect(slidesOf(1, false).map((s) => s.kind)).toEqual(['title', 'overview', 'agenda', 'decisions']);
	});
	it('follow the keys a keyboard and a presentation clicker send', () => {
		for (const k of ['ArrowRight', 'PageDown', ' ', 'Enter']) expect(keyStep(k)).toBe(1);
		for (const k of ['ArrowLeft', 'PageUp', 'Backspace']) expect(keyStep(k)).toBe(-1);
		expect([keyStep('Home'), keyStep('End'), keyStep('x')]).toEqual(['first', 'last', null]);
	});
});
