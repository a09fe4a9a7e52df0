import { describe, expect, it } from 'vitest';
import { compareFigures, type Figures } from './letter-effect.ts';

const f = (concludeDays: number | null, repeatRate: number | null, satisfaction: number | null): Figures => ({ concludeDays, repeatRate, satisfaction, concluded: 10, received: 10 });

describe('compareFigures (B3: before and after a letter)', () => {
	it('calls faster conclusion, fewer repeats and more satisfaction better', () => {
		expect(compareFigures(f(50, 0.2, 0.6), f(30, 0.1, 0.8)).verdict).toEqual({ concludeDays: 'better', repeatRate: 'better', satisfaction: 'better' });
	});
	it('calls the opposite worse', () => {
		expect(compareFigures(f(30, 0.1, 0.8), f(50, 0.2, 0.6)).verdict).toEqual({ concludeDays: 'worse', repeatRate: 'worse', satisfaction: 'worse' });
	});
	it('treats a change within 5 % as the same, and missing figures as unknown', () => {
		expect(compareFigures(f(40, 0, null), f(41, 0, 0.9)).verdict).toEqual({ concludeDays: 'same', repeatRate: 'same', satisfaction: 'unknown' });
	});
});
