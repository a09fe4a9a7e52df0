import { describe, expect, it } from 'vitest';
import { blindIndex } from '../personal-data/codec.ts';
import { newKeyFile, parseKeyring } from '../personal-data/keyring.ts';
import { identityKey, openPetitioner, sealPetitioner } from './petitioners.ts';

const ring = parseKeyring(newKeyFile(), 'test');
const ID = '11010519491231002X';

describe('identity keys and sealed petitioners (intake)', () => {
	it('keys by the normalised ID number, else by name and phone, else nothing', () => {
		const byId = identityKey({ name: '张三', phone: null, idNumber: ID }, ring);
		expect(identityKey({ name: '张叁', phone: '13800000000', idNumber: ' 11010519491231002x ' }, ring)).toBe(byId);
		expect(byId).toBe(blindIndex(ring, 'id', ID).toString('hex'));
		const byPhone = identityKey({ name: '张三', phone: '13800000000', idNumber: null }, ring);
		expect(byPhone).toBe(blindIndex(ring, 'name+phone', '张三|13800000000').toString('hex'));
		expect(identityKey({ name: '李四', phone: '13800000000', idNumber: null }, ring)).not.toBe(byPhone);
		expect(identityKey({ name: '张三', phone: null, idNumber: null }, ring)).toBeNull();
		expect(identityKey({ name: '张三', phone: null, idNumber: ID }, parseKeyring(newKeyFile(), 'other'))).not.toBe(byId);
	});

	it('seals the number and phone (no plaintext in any column) and opens them again', () => {
		const s = sealPetitioner({ name: '张三', phone: '13800000000', idNumber: ID.toLowerCase() }, ring);
		const stored = Buffer.concat([s.identityHash, s.idNumberEnc!, s.phoneEnc!, s.phoneIndex!]).toString('latin1');
		for (const plain of [ID, ID.toLowerCase(), '13800000000']) expect(stored).not.toContain(plain);
		expect(openPetitioner(s, ring)).toEqual({ idNumber: ID, phone: '13800000000' });
		expect(s.phoneIndex!.equals(blindIndex(ring, 'phone', '13800000000'))).toBe(true);
	});

	it('gives someone with neither ID nor phone a random key of their own', () => {
		const a = sealPetitioner({ name: '王五', phone: null, idNumber: null }, ring);
		const b = sealPetitioner({ name: '王五', phone: null, idNumber: null }, ring);
		expect(a.identityHash).toHaveLength(32);
		expect(a.identityHash.equals(b.identityHash)).toBe(false);
		expect([a.idNumberEnc, a.phoneEnc, a.phoneIndex]).toEqual([null, null, null]);
	});
});
