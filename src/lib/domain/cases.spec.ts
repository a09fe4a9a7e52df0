import { describe, expect, it } from 'vitest';
import type { Principal } from './access.ts';
import { caseOverdue, checkAssignment, checkLeader, checkOutcome, commonRegion, type CaseAssignment, type CaseStatus } from './cases.ts';

const jinan: Principal = { userId: 1, username: 'jinan.ducha', role: 'supervisor', scope: '370100', unitId: null };
const lixiaUnit: Principal = { userId: 2, username: 'lixia.xinfang', role: 'unit', scope: '370102', unitId: 10 };
const otherUnit: Principal = { ...lixiaUnit, unitId: 11 };
const leader: Principal = { userId: 3, username: 'jinan.lingdao', role: 'leader', scope: '370100', unitId: null };
const TODAY = '2026-12-04';

const good = (over: Partial<CaseAssignment> = {}): CaseAssignment => ({
	title: '历下区王某反映拖欠工资问题',
	plan: '一案一策：区人社局牵头，三十日内约谈企业，督促支付',
	deadline: '2027-03-01',
	leader: { id: 1, name: '李明', region: '370102', level: 'county' },
	leadUnit: { id: 10, name: '历下区人社局', region: '370102' },
	coUnits: [{ id: 12, name: '历下区信访局', region: '370102' }],
	items: [{ id: '5', serial: '370102-20261118-000001', region: '370102' }],
	...over
});

describe('commonRegion: the smallest region holding every item', () => {
	it.each([
		[['370102'], '370102'],
		[['370102', '370102'], '370102'],
		[['370102', '370103'], '370100'],
		[['370102', '370202'], '370000'],
		[['370102', '320102'], null],
		[[], null]
	])('%j → %s', (codes, expected) => expect(commonRegion(codes)).toBe(expected));
});

describe('checkAssignment: opening or reassigning a 领导包案', () => {
	it('accepts a complete case in scope and gives its region', () => {
		expect(checkAssignment(jinan, good(), TODAY)).toEqual({ ok: true, region: '370102' });
		expect(checkAssignment(jinan, good({ items: [...good().items, { id: '6', serial: 'B', region: '370103' }], leader: { id: 2, name: '张华', region: '370100', level: 'city' } }), TODAY)).toEqual({ ok: true, region: '370100' });
	});

	const refusals: [string, Principal, Partial<CaseAssignment>, number, string, RegExp][] = [
		['a unit', lixiaUnit, {}, 403, '', /只有督查督办/],
		['a leader account', leader, {}, 403, '', /只有督查督办/],
		['a one-character title', jinan, { title: '案' }, 422, 'title', /2 至 80/],
		['no items', jinan, { items: [] }, 422, 'items', /至少/],
		['21 items', jinan, { items: Array.from({ length: 21 }, (_, i) => ({ id: String(i), serial: String(i), region: '370102' })) }, 422, 'items', /最多涵盖 20/],
		['an item outside scope', jinan, { items: [{ id: '9', serial: '370202-X', region: '370202' }] }, 403, 'items', /370202-X 不在您的管辖范围内/],
		['no leader', jinan, { leader: null }, 422, 'leader', /领导名录/],
		['a leader of another city', jinan, { leader: { id: 3, name: '赵刚', region: '370200', level: 'city' } }, 403, 'leader', /不在您的管辖范围/],
		['a county leader for a city-wide case', jinan, { items: [...good().items, { id: '6', serial: 'B', region: '370103' }] }, 422, 'leader', /辖区不涵盖/],
		['no lead unit', jinan, { leadUnit: null }, 422, 'leadUnit', /牵头单位/],
		['a lead unit outside scope', jinan, { leadUnit: { id: 20, name: '青岛某局', region: '370202' } }, 403, 'leadUnit', /不在您的管辖范围/],
		['a lead unit of a neighbouring county', jinan, { leadUnit: { id: 21, name: '市中区人社局', region: '370103' } }, 422, 'leadUnit', /属地管理/],
		['the lead unit again as co-unit', jinan, { coUnits: [{ id: 10, name: '历下区人社局', region: '370102' }] }, 422, 'coUnits', /不必再列/],
		['a repeated co-unit', jinan, { coUnits: [{ id: 12, name: 'a', region: '370102' }, { id: 12, name: 'a', region: '370102' }] }, 422, 'coUnits', /重复/],
		['nine co-units', jinan, { coUnits: Array.from({ length: 9 }, (_, i) => ({ id: 30 + i, name: 'u', region: '370102' })) }, 422, 'coUnits', /最多 8/],
		['a co-unit outside scope', jinan, { coUnits: [{ id: 40, name: '青岛某局', region: '370202' }] }, 403, 'coUnits', /不在您的管辖范围/],
		['a three-character plan', jinan, { plan: '去处理' }, 422, 'plan', /4 至 2000/],
		['a deadline in the past', jinan, { deadline: '2026-12-03' }, 422, 'deadline', /不能早于今天/],
		['a deadline beyond a year', jinan, { deadline: '2027-12-05' }, 422, 'deadline', /最长 365 天（至 2027-12-04）/],
		['a malformed deadline', jinan, { deadline: '2027/1/1' }, 422, 'deadline', /格式/]
	];
	it.each(refusals)('refuses %s', (_, who, over, status, field, message) => {
		const r = checkAssignment(who, good(over), TODAY);
		expect(r).toMatchObject({ ok: false, status, field });
		expect(r.ok === false && r.message).toMatch(message);
	});

	it('accepts today as the deadline and exactly a year ahead', () => {
		expect(checkAssignment(jinan, good({ deadline: TODAY }), TODAY).ok).toBe(true);
		expect(checkAssignment(jinan, good({ deadline: '2027-12-04' }), TODAY).ok).toBe(true);
	});
});

describe('checkOutcome: who records 已化解 / 息诉罢访, and reopening', () => {
	const open = { status: 'resolving' as CaseStatus, region: '370102', leadUnitId: 10 };
	it('lets the supervisor in scope and the lead unit conclude, with a note', () => {
		expect(checkOutcome(jinan, open, 'resolved', '企业已足额支付欠薪')).toEqual({ ok: true });
		expect(checkOutcome(lixiaUnit, open, 'settled', '信访人书面承诺息诉罢访')).toEqual({ ok: true });
	});
	it('refuses a co-unit, a leader, a supervisor of another city', () => {
		for (const who of [otherUnit, leader, { ...jinan, scope: '370200' }]) expect(checkOutcome(who, open, 'resolved', '已化解完毕')).toMatchObject({ ok: false, status: 403 });
	});
	it('refuses the same status, a conclusion without a note, and an over-long note', () => {
		expect(checkOutcome(jinan, open, 'resolving', '')).toMatchObject({ status: 409, field: 'status', message: '包案已是「化解中」' });
		expect(checkOutcome(jinan, open, 'resolved', ' 好 ')).toMatchObject({ status: 422, field: 'note' });
		expect(checkOutcome(jinan, open, 'resolved', '字'.repeat(1001))).toMatchObject({ status: 422, field: 'note' });
	});
	it('lets only the supervisor reopen a concluded case', () => {
		const done = { ...open, status: 'resolved' as CaseStatus };
		expect(checkOutcome(jinan, done, 'resolving', '')).toEqual({ ok: true });
		expect(checkOutcome(lixiaUnit, done, 'resolving', '')).toMatchObject({ status: 403, field: 'status' });
		expect(checkOutcome(lixiaUnit, done, 'settled', '信访人签字息诉')).toEqual({ ok: true });
	});
});

describe('caseOverdue', () => {
	it.each([
		[{ status: 'resolving', deadline: '2026-12-04', resolvedOn: null }, { overdue: false, days: 0, label: '限期 2026-12-04' }],
		[{ status: 'resolving', deadline: '2026-12-01', resolvedOn: null }, { overdue: true, days: 3, label: '▲ 已超过限期 3 天' }],
		[{ status: 'resolved', deadline: '2026-12-01', resolvedOn: '2026-11-30' }, { overdue: false, days: 0, label: '按期化解' }],
		[{ status: 'settled', deadline: '2026-11-01', resolvedOn: '2026-11-11' }, { overdue: true, days: 10, label: '▲ 超期 10 天化解' }]
	] as const)('%j', (c, expected) => expect(caseOverdue(c, '2026-12-04')).toEqual(expected));
});

describe('checkLeader: the 领导名录', () => {
	const county = { adcode: '370102', level: 'county' as const };
	it('adds a county or township leader at a county of the scope, a city leader at the city', () => {
		expect(checkLeader(jinan, { name: '李明', title: '历下区副区长', level: 'county', region: county })).toEqual({ ok: true, level: 'county' });
		expect(checkLeader(jinan, { name: '周强', title: '姚家街道党工委书记', level: 'township', region: county })).toEqual({ ok: true, level: 'township' });
		expect(checkLeader(jinan, { name: '张华', title: '济南市副市长', level: 'city', region: { adcode: '370100', level: 'city' } })).toEqual({ ok: true, level: 'city' });
	});
	it.each([
		['a unit account', lixiaUnit, {}, 403],
		['a one-character name', jinan, { name: '李' }, 422],
		['no post', jinan, { title: '' }, 422],
		['an unknown level', jinan, { level: 'village' }, 422],
		['no region', jinan, { region: null }, 422],
		['a region outside scope', jinan, { region: { adcode: '370202', level: 'county' as const } }, 403],
		['a city leader at a county', jinan, { level: 'city' }, 422]
	] as const)('refuses %s', (_, who, over, status) => {
		expect(checkLeader(who, { name: '李明', title: '历下区副区长', level: 'county', region: county, ...over })).toMatchObject({ ok: false, status });
	});
});
