import { describe, expect, it } from 'vitest';
import { can, canIn, deploymentWide, levelOf, mayResetPassword, maskIdNumber, maskName, maskPhone, permissions, regionInScope, roles, type Permission, type Role } from './access.ts';

describe('regionInScope (属地管理: a county sees its county, a city its city and counties, the province everything)', () => {
	// scope → adcode → expected; written out so a change to the rule has to change this table
	const table: [scope: string, adcode: string, inScope: boolean][] = [
		// the province
		['370000', '370000', true],
		['370000', '370100', true],
		['370000', '370102', true],
		['370000', '370200', true],
		['370000', '370202', true],
		['370000', '371000', true], // 威海: still 37
		['370000', '379999', true],
		['370000', '320000', false], // 江苏
		['370000', '320100', false],
		['370000', '320102', false],
		['370000', '110101', false],
		// a city
		['370100', '370100', true],
		['370100', '370102', true],
		['370100', '370103', true],
		['370100', '370199', true],
		['370100', '370000', false], // its province is above it
		['370100', '370200', false], // the neighbouring city
		['370100', '370202', false],
		['370100', '371002', false],
		['370100', '320102', false],
		['370100', '320100', false],
		// a county
		['370102', '370102', true],
		['370102', '370103', false], // the neighbouring county
		['370102', '370100', false], // its city
		['370102', '370000', false], // its province
		['370102', '370202', false],
		['370102', '320102', false]
	];
	it.each(table)('scope %s × region %s → %s', (scope, adcode, expected) => {
		expect(regionInScope(scope, adcode)).toBe(expected);
	});

	const malformed = ['', '37010', '3701020', '037010', '000000', 'abcdef', '3701o2', ' 370102', '370102 ', '370102\n', '37-102', '３７０１０２', '370102.0', '+370102'];
	it.each(malformed)('refuses the malformed region %j in every scope', (adcode) => {
		for (const scope of ['370000', '370100', '370102']) expect(regionInScope(scope, adcode)).toBe(false);
	});
	it.each(malformed)('a malformed scope %j sees nothing', (scope) => {
		for (const adcode of ['370000', '370100', '370102', scope]) expect(regionInScope(scope, adcode)).toBe(false);
	});
	it('a province scope is not a prefix match on the text alone (3700 ≠ 37 + anything shorter)', () => {
		expect(regionInScope('370000', '37')).toBe(false);
		expect(regionInScope('370100', '3701')).toBe(false);
	});

	it('levelOf names the level from the adcode', () => {
		expect(levelOf('370000')).toBe('province');
		expect(levelOf('370100')).toBe('city');
		expect(levelOf('370102')).toBe('county');
	});
});

describe('can (every role × every permission)', () => {
	const Y = true;
	const N = false;
	// rows: roles; columns in this order
	const columns: Permission[] = ['screen.view', 'items.view', 'personal.unmask', 'items.register', 'letters.view', 'letters.issue', 'letters.respond', 'meetings.view', 'meetings.prepare', 'follow_ups.view', 'follow_ups.close', 'cases.manage', 'cases.outcome', 'screen.replay', 'screen.phone', 'users.manage', 'api_clients.manage', 'audit.read', 'rules.manage', 'layouts.manage', 'ops.view'];
	const table: Record<Role, boolean[]> = {
		//          screen items unmask register letters issue respond meetings prepare followups close cases outcome replay phone users clients audit rules layouts ops
		leader: /*   */ [Y, Y, Y, N, Y, N, N, Y, N, Y, N, N, N, Y, Y, N, N, N, N, N, N],
		supervisor: /**/ [Y, Y, Y, Y, Y, Y, N, Y, Y, Y, Y, Y, Y, Y, Y, N, N, N, N, N, N],
		unit: /*     */ [N, Y, N, Y, Y, N, Y, N, N, Y, Y, N, Y, N, N, N, N, N, N, N, N],
		display: /*  */ [Y, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N, N],
		admin: /*    */ [Y, N, N, N, N, N, N, N, N, N, N, N, N, Y, N, Y, Y, Y, Y, Y, Y]
	};

	it('the table covers exactly the roles and permissions the code has', () => {
		expect(Object.keys(table).sort()).toEqual(Object.keys(roles).sort());
		expect([...columns].sort()).toEqual(Object.keys(permissions).sort());
	});

	for (const role of Object.keys(table) as Role[])
		for (const [i, permission] of columns.entries())
			it(`${role} ${table[role][i] ? 'may' : 'may not'} ${permission}`, () => {
				expect(can({ role }, permission)).toBe(table[role][i]);
			});

	it('nobody (null, undefined, an unknown role) may do anything', () => {
		for (const permission of columns) {
			expect(can(null, permission)).toBe(false);
			expect(can(undefined, permission)).toBe(false);
			expect(can({ role: 'root' as Role }, permission)).toBe(false);
			expect(can({ role: '' as Role }, permission)).toBe(false);
		}
	});

	it('the admin (管理员) reads no petitions: not items, /work, cases or rates (README role table)', () => {
		expect(can({ role: 'admin' }, 'items.view')).toBe(false);
		expect(can({ role: 'admin' }, 'personal.unmask')).toBe(false);
	});

	it('the display account (大屏) has no right to personal data', () => {
		expect(can({ role: 'display' }, 'personal.unmask')).toBe(false);
		expect(can({ role: 'display' }, 'items.view')).toBe(false);
	});
});

describe('canIn (deployment-wide settings need the root region)', () => {
	const root = '370000';
	it('the rules, the holiday calendar and the layouts are deployment-wide; nothing else is', () => {
		expect([...deploymentWide].sort()).toEqual(['layouts.manage', 'rules.manage']);
	});
	it.each([
		['370000', true],
		['370100', false], // a city admin
		['370102', false], // a county admin (the red team's finding)
		['320000', false] // another province's root
	])('an admin scoped to %s may change them: %s', (scope, may) => {
		for (const permission of deploymentWide) expect(canIn({ role: 'admin', scope }, permission, root)).toBe(may);
	});
	it('is can() for everything else, at any scope', () => {
		for (const permission of Object.keys(permissions) as Permission[]) {
			if (deploymentWide.has(permission)) continue;
			for (const role of Object.keys(roles) as Role[])
				for (const scope of ['370000', '370100', '370102']) expect(canIn({ role, scope }, permission, root)).toBe(can({ role }, permission));
		}
	});
	it('other roles never get them, whatever their scope; nobody signed out does', () => {
		for (const role of ['leader', 'supervisor', 'unit', 'display'] as Role[]) for (const permission of deploymentWide) expect(canIn({ role, scope: root }, permission, root)).toBe(false);
		expect(canIn(null, 'rules.manage', root)).toBe(false);
	});
});

describe('mayResetPassword (an admin may not take over a peer admin)', () => {
	const province = { userId: 1, role: 'admin' as const, scope: '370000' };
	const city = { userId: 2, role: 'admin' as const, scope: '370100' };
	it.each([
		['a leader in scope', province, { id: 9, role: 'leader', scope: '370102' }, true],
		['a county admin, from the province', province, { id: 9, role: 'admin', scope: '370102' }, true],
		['a county admin, from its city', city, { id: 9, role: 'admin', scope: '370102' }, true],
		['another province admin (same scope)', province, { id: 9, role: 'admin', scope: '370000' }, false],
		['another city admin of the same city', city, { id: 9, role: 'admin', scope: '370100' }, false],
		['the province admin, from a city', city, { id: 1, role: 'admin', scope: '370000' }, false],
		['a leader of another city', city, { id: 9, role: 'leader', scope: '370200' }, false],
		['itself', city, { id: 2, role: 'admin', scope: '370100' }, true]
	] as const)('%s → %s', (_, admin, target, may) => {
		expect(mayResetPassword(admin, target)).toBe(may);
	});
	it('only an admin resets anything', () => {
		expect(mayResetPassword({ ...province, role: 'supervisor' }, { id: 9, role: 'leader', scope: '370102' })).toBe(false);
	});
});

describe('maskName', () => {
	it.each([
		['张三', '张*'],
		['张三丰', '张**'],
		['欧阳娜娜', '欧**'], // never tells the length beyond three
		['司马相如之', '司**'],
		['张', '*'], // a single character is hidden whole
		['𠮷', '*'], // one character, two UTF-16 units
		['𠮷野家', '𠮷**'],
		['𠮷田', '𠮷*'],
		['王𠮷', '王*'],
		['A', '*'],
		['Li Wei', 'L**'],
		['', '*']
	])('%j → %j', (name, masked) => {
		expect(maskName(name)).toBe(masked);
	});

	it('never splits a surrogate pair and never shows more than the first character', () => {
		for (const name of ['𠮷', '𠮷𠮷', '𠮷𠮷𠮷𠮷', '张𠮷', '𠀀𠀁𠀂', '𪚥𪚥']) {
			const masked = maskName(name);
			expect(masked.isWellFormed()).toBe(true);
			const chars = Array.from(masked);
			expect(chars.slice(1).every((c) => c === '*')).toBe(true);
			if (Array.from(name).length > 1) expect(chars[0]).toBe(Array.from(name)[0]);
		}
	});
});

describe('maskIdNumber', () => {
	it.each([
		['370102199001011234', '370***********1234'],
		['37010219900101123X', '370***********123X'],
		['370102900101123', '370********1123'], // 15-digit (old) numbers
		['1234567', '*******'],
		['123', '***'],
		['', '']
	])('%j → %j', (id, masked) => {
		expect(maskIdNumber(id)).toBe(masked);
	});

	it('keeps the length, shows at most the first 3 and last 4, and hides the birth date', () => {
		for (const id of ['370102199001011234', '110101200512319876', '44030619871231002X']) {
			const masked = maskIdNumber(id);
			expect(masked).toHaveLength(id.length);
			expect(masked.slice(3, -4)).toMatch(/^\*+$/);
			expect(masked).not.toContain(id.slice(6, 14)); // 出生日期
		}
	});
});

describe('maskPhone', () => {
	it.each([
		['13812345678', '138****5678'],
		['19900000000', '199****0000'],
		['123456', '******'],
		['', '']
	])('%j → %j', (phone, masked) => {
		expect(maskPhone(phone)).toBe(masked);
	});

	// A mask that keeps first 3 and last 4 of a 7-digit number shows every digit: it must hide
	// something, and must not pretend the number is longer than it is.
	it.each(['1234567', '87654321', '053112345', '0531123456'])('a short number %j keeps its length and hides at least one digit', (phone) => {
		const masked = maskPhone(phone);
		expect(masked).toHaveLength(phone.length);
		expect(masked).toContain('*');
	});
});
