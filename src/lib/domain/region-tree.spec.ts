import { describe, expect, it } from 'vitest';
import { matchesSearch, regionGroups, regionPath, unitGroups, type RegionRow } from './region-tree.ts';

const regions: RegionRow[] = [
	{ adcode: '370200', name: '青岛市', level: 'city', parent: '370000' },
	{ adcode: '370102', name: '历下区', level: 'county', parent: '370100' },
	{ adcode: '370000', name: '山东省', level: 'province', parent: null },
	{ adcode: '370100', name: '济南市', level: 'city', parent: '370000' },
	{ adcode: '370103', name: '市中区', level: 'county', parent: '370100' },
	{ adcode: '370202', name: '市南区', level: 'county', parent: '370200' }
];

describe('regionGroups: province → city → county by name', () => {
	it('puts the province first and each city with its own counties, in adcode order', () => {
		expect(regionGroups(regions)).toEqual([
			{ label: '山东省', choices: [{ adcode: '370000', name: '山东省（全省）', depth: 0 }] },
			{ label: '济南市', choices: [{ adcode: '370100', name: '济南市（全市）', depth: 1 }, { adcode: '370102', name: '历下区', depth: 2 }, { adcode: '370103', name: '市中区', depth: 2 }] },
			{ label: '青岛市', choices: [{ adcode: '370200', name: '青岛市（全市）', depth: 1 }, { adcode: '370202', name: '市南区', depth: 2 }] }
		]);
	});
	it('a city scope is one group; a county scope is the county alone', () => {
		const city = regions.filter((r) => r.adcode.startsWith('3701'));
		expect(regionGroups(city).map((g) => g.label)).toEqual(['济南市']);
		expect(regionGroups([regions[1]])).toEqual([{ label: '历下区', choices: [{ adcode: '370102', name: '历下区', depth: 2 }] }]);
		expect(regionGroups([])).toEqual([]);
	});
	it('names a region by its path', () => {
		expect(regionPath(regions, '370102')).toBe('山东省 · 济南市 · 历下区');
		expect(regionPath(regions, '370000')).toBe('山东省');
		expect(regionPath(regions, '999999')).toBe('');
	});
});

describe('unitGroups: units under the city they belong to', () => {
	it('groups county and city units under their city, the province’s own apart, names sorted', () => {
		const units = [
			{ id: 3, name: '历下区住建局', region: '370102' },
			{ id: 1, name: '省信访局', region: '370000' },
			{ id: 4, name: '济南市生态环境局', region: '370100' },
			{ id: 5, name: '市南区信访局', region: '370202' },
			{ id: 2, name: '济南市信访局', region: '370100' }
		];
		const groups = unitGroups(units, regions);
		expect(groups.map((g) => g.label)).toEqual(['山东省', '济南市', '青岛市']);
		expect(groups[1].units.map((u) => u.id).sort()).toEqual([2, 3, 4]);
		expect(groups[1].units.map((u) => u.name)).toEqual([...groups[1].units.map((u) => u.name)].sort((a, b) => a.localeCompare(b, 'zh-CN')));
		expect(groups.flatMap((g) => g.units).length).toBe(units.length);
	});
	it('keeps a unit whose region is unknown, under its code', () => {
		expect(unitGroups([{ id: 9, name: '某局', region: '650000' }], regions)).toEqual([{ label: '650000', units: [{ id: 9, name: '某局' }] }]);
	});
});

describe('matchesSearch', () => {
	it('matches every typed word in any order, and everything when nothing is typed', () => {
		expect(matchesSearch('济南市历下区住房和城乡建设局', '历下 住房')).toBe(true);
		expect(matchesSearch('济南市历下区住房和城乡建设局', '住房 历下')).toBe(true);
		expect(matchesSearch('济南市历下区住房和城乡建设局', '历下 教育')).toBe(false);
		expect(matchesSearch('任何单位', '  ')).toBe(true);
	});
});
