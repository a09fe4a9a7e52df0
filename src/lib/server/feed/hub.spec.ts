import { describe, expect, it } from 'vitest';
import { letterUnits } from './hub.ts';

describe('letterUnits: the unit rooms a letter event reaches', () => {
	it('reaches the unit concerned alone when the letter is addressed to it (督办函, 风险提醒函, events before 0167)', () => {
		expect(letterUnits({ recipientUnitId: 7, addresseeUnitId: null })).toEqual([7]);
		expect(letterUnits({ recipientUnitId: 7 })).toEqual([7]);
		expect(letterUnits({ recipientUnitId: 7, addresseeUnitId: 7 })).toEqual([7]);
	});
	it('reaches the addressee first (a 问责建议函’s authority receives it), then the unit concerned as the copy', () => {
		expect(letterUnits({ recipientUnitId: 7, addresseeUnitId: 12 })).toEqual([12, 7]);
	});
});
