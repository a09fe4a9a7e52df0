import { describe, expect, it } from 'vitest';
import { idCheckDigit, idNumber, isValidIdNumber, mobile, person, surnameOf } from './people.ts';
import { createRandom } from './random.ts';

describe('居民身份证号码 (GB 11643)', () => {
	it('computes the check digit of the standard’s own examples', () => {
		expect(idCheckDigit('11010519491231002')).toBe('X');
		expect(idCheckDigit('44052418800101001')).toBe('4');
		expect(isValidIdNumber('11010519491231002X')).toBe(true);
		expect(isValidIdNumber('110105194912310021')).toBe(false);
		expect(isValidIdNumber('110105194902300021')).toBe(false); // 30 February
	});

	it('builds valid numbers with the birth date and the sex in the order code', () => {
		const rng = createRandom('ids');
		for (let i = 0; i < 2000; i++) {
			const who = person(rng, new Date('2026-03-15T00:00:00Z'));
			const id = idNumber('370102', who.birth, who.male, rng.int(0, 499));
			expect(isValidIdNumber(id)).toBe(true);
			expect(id.slice(6, 14)).toBe(who.birth.replaceAll('-', ''));
			expect(Number(id[16]) % 2 === 1).toBe(who.male);
			const age = 2026 - Number(who.birth.slice(0, 4));
			expect(age).toBeGreaterThanOrEqual(20);
			expect(age).toBeLessThanOrEqual(87);
			expect(who.name.length).toBeGreaterThanOrEqual(2);
			expect(mobile(rng)).toMatch(/^1[0-9]{10}$/);
		}
	});

	it('finds the surname', () => {
		expect(surnameOf('欧阳明华')).toBe('欧阳');
		expect(surnameOf('王芳')).toBe('王');
	});
});
