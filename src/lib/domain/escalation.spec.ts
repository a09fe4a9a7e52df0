import { describe, expect, it } from 'vitest';
import { bodyLevelOf, groupVisit, matterClimb, parentBody, skipLevel, skipLevelByRegion, upwardChain, type BodyLevel, type MatterItem, type Sighting } from './escalation.ts';
import { clusterArrivals, clusterWarnings, groupVisitWarnings, type Arrival, type GroupCluster } from './groups.ts';
import { DEFAULT_RULES } from './rules.ts';
import { t } from './spec-support.ts';

describe('越级: same level or one level up is fine, two or more is not', () => {
	const rows: [competent: BodyLevel, visited: BodyLevel, skip: boolean, explanation: string][] = [
		['county', 'county', false, '有权处理机关为县级，本次到县级，属同级或下级，不是越级'],
		['county', 'city', false, '有权处理机关为县级，本次到市级，属上一级，不是越级'],
		['county', 'province', true, '有权处理机关为县级，本次到省级，高出 2 级，属越级'],
		['county', 'national', true, '有权处理机关为县级，本次到国家，高出 3 级，属越级'],
		['city', 'province', false, '有权处理机关为市级，本次到省级，属上一级，不是越级'],
		['city', 'national', true, '有权处理机关为市级，本次到国家，高出 2 级，属越级'],
		['province', 'national', false, '有权处理机关为省级，本次到国家，属上一级，不是越级'],
		['township', 'county', false, '有权处理机关为乡镇，本次到县级，属上一级，不是越级'],
		['township', 'city', true, '有权处理机关为乡镇，本次到市级，高出 2 级，属越级'],
		['city', 'county', false, '有权处理机关为市级，本次到县级，属同级或下级，不是越级']
	];
	it.each(rows)('%s → %s: %s', (competent, visited, skip, explanation) => {
		expect(skipLevel(competent, visited)).toEqual({ isSkipLevel: skip, levelsUp: expect.any(Number), explanation });
	});

	it('reads levels from adcodes and checks the line', () => {
		expect(bodyLevelOf('370102')).toBe('county');
		expect(bodyLevelOf('370100')).toBe('city');
		expect(bodyLevelOf('370000')).toBe('province');
		expect(bodyLevelOf('100000')).toBe('national');
		expect(skipLevelByRegion('370102', '370000')).toMatchObject({ isSkipLevel: true, levelsUp: 2 }); // 历下区 → 山东省
		expect(skipLevelByRegion('370102', '370100')).toMatchObject({ isSkipLevel: false, levelsUp: 1 }); // → 济南市
		expect(skipLevelByRegion('370102', '100000')).toMatchObject({ isSkipLevel: true, levelsUp: 3 });
		expect(skipLevelByRegion('370102', '320000')).toEqual({
			isSkipLevel: false,
			levelsUp: 0,
			explanation: '到访机关（320000）不是有权处理机关（370102）的上级，不按越级认定'
		});
	});

	it('counts the levels of the real line: a 直辖市 district and a 省直辖县级市 are one level below the province', () => {
		expect(parentBody('370102')).toBe('370100');
		expect(parentBody('370100')).toBe('370000');
		expect(parentBody('370000')).toBe('100000');
		expect(parentBody('100000')).toBeNull();
		for (const district of ['110101', '120101', '310101', '500101', '500229']) expect(parentBody(district)).toBe(`${district.slice(0, 2)}0000`);
		expect(parentBody('429004')).toBe('420000'); // 湖北省仙桃市
		expect(parentBody('469001')).toBe('460000'); // 海南省五指山市
		// 东城区 → 北京市: one level up, not 越级; → 国家信访局: two, 越级
		expect(skipLevelByRegion('110101', '110000')).toEqual({
			isSkipLevel: false,
			levelsUp: 1,
			explanation: '有权处理机关为县级（直辖市的区县、省直辖县级市，上一级即为省级），本次到省级，属上一级，不是越级'
		});
		expect(skipLevelByRegion('110101', '100000')).toMatchObject({ isSkipLevel: true, levelsUp: 2 });
		expect(skipLevelByRegion('429004', '420000')).toMatchObject({ isSkipLevel: false, levelsUp: 1 });
		expect(skipLevelByRegion('429004', '100000')).toMatchObject({ isSkipLevel: true, levelsUp: 2 });
		// an ordinary line is unchanged, the city of a 直辖市 too
		expect(skipLevelByRegion('500101', '500101')).toMatchObject({ isSkipLevel: false, levelsUp: 0 });
		expect(skipLevelByRegion('370100', '100000')).toMatchObject({ isSkipLevel: true, levelsUp: 2 });
	});
});

describe('群体访', () => {
	it('is 5 or more people by default, as configured', () => {
		expect(groupVisit(4, DEFAULT_RULES)).toEqual({ isGroupVisit: false, explanation: '4 人，未达到群体访标准（5 人及以上）' });
		expect(groupVisit(5, DEFAULT_RULES)).toEqual({ isGroupVisit: true, explanation: '5 人，达到群体访标准（5 人及以上）' });
		expect(groupVisit(4, { groupThreshold: 3 }).isGroupVisit).toBe(true);
	});
});

describe('信访上行: the same matter climbing county → city → province', () => {
	const s = (id: number, day: string, level: Sighting['level'], region: string): Sighting => ({ id, at: t(day), level, region });

	it('finds the climb in time order and explains it', () => {
		const result = upwardChain([s(3, '2026-04-10', 'province', '370000'), s(1, '2026-03-01', 'county', '370102'), s(2, '2026-03-20', 'city', '370100')]);
		expect(result.climbing).toBe(true);
		expect(result.chain.map((x) => x.id)).toEqual([1, 2, 3]);
		expect(result.explanation).toBe('同一事项逐级上行：县级 → 市级 → 省级');
	});

	it('ignores a step down and keeps the longest climb', () => {
		const result = upwardChain([
			s(1, '2026-03-01', 'city', '370100'),
			s(2, '2026-03-05', 'county', '370102'),
			s(3, '2026-03-10', 'city', '370100'),
			s(4, '2026-03-15', 'national', '100000')
		]);
		expect(result.chain.map((x) => x.id)).toEqual([2, 3, 4]);
		expect(result.explanation).toBe('同一事项逐级上行：县级 → 市级 → 国家');
	});

	it('does not climb backwards in time, at one level, or into another line', () => {
		expect(upwardChain([s(1, '2026-04-01', 'county', '370102'), s(2, '2026-03-01', 'city', '370100')])).toEqual({ climbing: false, chain: [], explanation: '未见逐级上行' });
		expect(upwardChain([s(1, '2026-03-01', 'county', '370102'), s(2, '2026-03-05', 'county', '370102')]).climbing).toBe(false);
		expect(upwardChain([s(1, '2026-03-01', 'county', '370102'), s(2, '2026-03-05', 'city', '370200')]).climbing).toBe(false); // 青岛 is not 历下's city
		expect(upwardChain([]).climbing).toBe(false);
	});
});

describe("信访上行 on an item's page: the items of its matter", () => {
	const item = (id: string, at: string, receivedBy: string | null): MatterItem => ({ id, serial: `S${id}`, receivedAt: new Date(at), receivedBy });

	it('shows the climb with each step’s item, level and Beijing day', () => {
		const climb = matterClimb([item('7', '2026-11-10T01:30:00Z', '370000'), item('5', '2026-10-09T16:30:00Z', '370102'), item('6', '2026-11-02T01:00:00Z', '370100')]);
		expect(climb).toEqual({
			climbing: true,
			explanation: '同一事项逐级上行：县级 → 市级 → 省级',
			chain: [
				{ id: '5', serial: 'S5', level: '县级', day: '2026-10-10' }, // 00:30 in Beijing
				{ id: '6', serial: 'S6', level: '市级', day: '2026-11-02' },
				{ id: '7', serial: 'S7', level: '省级', day: '2026-11-10' }
			]
		});
	});

	it('says so when the matter has no other item, or its items do not climb', () => {
		expect(matterClimb([item('1', '2026-11-10T01:00:00Z', '370000')])).toEqual({ climbing: false, explanation: '未发现同一事项的其他信访件', chain: [] });
		expect(matterClimb([])).toMatchObject({ climbing: false, explanation: '未发现同一事项的其他信访件' });
		expect(matterClimb([item('1', '2026-11-01T01:00:00Z', '370100'), item('2', '2026-11-05T01:00:00Z', '370100')])).toEqual({ climbing: false, explanation: '同一事项共 2 件，未见逐级上行', chain: [] });
	});

	it('leaves out an item whose receiving body is not known (imported history), and the national bureau is the top', () => {
		const climb = matterClimb([item('1', '2026-10-01T01:00:00Z', '370102'), item('2', '2026-10-05T01:00:00Z', null), item('3', '2026-10-09T01:00:00Z', 'bad'), item('4', '2026-11-01T01:00:00Z', '100000')]);
		expect(climb.chain.map((s) => [s.id, s.level])).toEqual([['1', '县级'], ['4', '国家']]);
		expect(climb.explanation).toBe('同一事项逐级上行：县级 → 国家');
		expect(matterClimb([item('1', '2026-10-01T01:00:00Z', null), item('2', '2026-10-05T01:00:00Z', null)]).explanation).toBe('同一事项共 2 件，未见逐级上行');
	});
});

describe('group-visit early warning', () => {
	const now = t('2026-03-10 12:00');
	let n = 0;
	const a = (at: string, over: Partial<Arrival> = {}): Arrival => ({
		id: ++n,
		receivedAt: t(at),
		category: 'land',
		region: '370102',
		channel: 'visit',
		headcount: 1,
		petitionerHash: `p${n}`,
		...over
	});

	it('gathers one topic and place across channels within the window', () => {
		const arrivals = [
			a('2026-03-09 09:00', { channel: 'visit', headcount: 2 }),
			a('2026-03-09 15:00', { channel: 'online' }),
			a('2026-03-10 10:00', { channel: 'phone' }),
			a('2026-03-07 09:00', { channel: 'letter', headcount: 3 }), // before the 48 hours
			a('2026-03-10 11:00', { category: 'labour' }), // another topic
			a('2026-03-10 11:30', { region: '370103' }) // another place
		];
		const [warning, ...rest] = groupVisitWarnings(arrivals, now, DEFAULT_RULES);
		expect(rest).toEqual([]);
		expect(warning).toMatchObject({ category: 'land', region: '370102', level: 'approaching', people: 4, petitions: 3, channels: ['visit', 'online', 'phone'] });
		expect(warning.explanation).toBe('48 小时内同地（370102）同类（征地拆迁）来访 1 件、网上信访 1 件、电话 1 件，共 4 人，接近群体访标准（5 人）');
	});

	it('counts one person on several channels once, and says when the threshold is reached', () => {
		const same = 'same-person';
		const arrivals = [
			a('2026-03-10 08:00', { petitionerHash: same, channel: 'phone' }),
			a('2026-03-10 09:00', { petitionerHash: same, channel: 'online' }),
			a('2026-03-10 10:00', { petitionerHash: same, channel: 'visit' })
		];
		expect(groupVisitWarnings(arrivals, now, DEFAULT_RULES)).toEqual([]); // one person, not a crowd
		const crowd = [...arrivals, a('2026-03-10 11:00', { headcount: 3, petitionerHash: null }), a('2026-03-10 11:10')];
		expect(groupVisitWarnings(crowd, now, DEFAULT_RULES)[0]).toMatchObject({ level: 'reached', people: 5, petitions: 5 });
	});

	it('clusters: channels in the order of their first arrival (the same instant: by code), counted; the window is (now − hours, now]', () => {
		const [cluster, ...rest] = clusterArrivals(
			[
				a('2026-03-10 09:00', { channel: 'visit' }),
				a('2026-03-10 08:00', { channel: 'phone' }),
				a('2026-03-10 08:00', { channel: 'letter' }),
				a('2026-03-10 11:00', { channel: 'phone', petitionerHash: null, headcount: 2 }),
				a('2026-03-08 12:00', { channel: 'online', headcount: 9 }), // the window's first instant is outside it
				a('2026-03-10 12:00', { channel: 'hotline' }) // now is inside
			],
			now,
			48
		);
		expect(rest).toEqual([]);
		expect(cluster).toEqual({
			category: 'land',
			region: '370102',
			people: 6,
			petitions: 5,
			channels: [['letter', 1], ['phone', 2], ['visit', 1], ['hotline', 1]],
			from: t('2026-03-10 08:00'),
			to: t('2026-03-10 12:00')
		});
	});

	it('orders warnings by people, then the earliest, then place and category', () => {
		const cluster = (region: string, category: 'land' | 'labour', people: number, from: string): GroupCluster => ({
			category,
			region,
			people,
			petitions: 1,
			channels: [['visit', 1]],
			from: t(from),
			to: t(from)
		});
		const warnings = clusterWarnings(
			[cluster('370103', 'land', 4, '2026-03-10 08:00'), cluster('370102', 'labour', 4, '2026-03-10 08:00'), cluster('370102', 'land', 4, '2026-03-10 08:00'), cluster('370104', 'land', 4, '2026-03-09 08:00'), cluster('370105', 'land', 6, '2026-03-10 09:00'), cluster('370106', 'land', 2, '2026-03-10 09:00')],
			DEFAULT_RULES
		);
		expect(warnings.map((w) => `${w.region} ${w.category} ${w.level}`)).toEqual([
			'370105 land reached',
			'370104 land approaching',
			'370102 labour approaching',
			'370102 land approaching',
			'370103 land approaching'
		]);
	});

	it('ignores arrivals after now', () => {
		expect(groupVisitWarnings([a('2026-03-10 13:00', { headcount: 9 })], now, DEFAULT_RULES)).toEqual([]);
	});
});
