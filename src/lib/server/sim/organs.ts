/**
 * 责任单位 and 包案领导 for every region: a 信访局 and functional departments with
 * region-qualified names (济南市历下区住房和城乡建设局), 乡镇/街道 party committees in the
 * counties, and leaders with the titles each level really has. Ids are assigned here, 1..n in
 * list order, which is the order the generator copies them into fresh identity columns.
 */
import type { Category, UnitKind } from '../../domain/vocabulary.ts';
import type { Region } from './regions.ts';
import { weightTable, type Random, type WeightTable } from './random.ts';

export type Sector =
	| '信访' | '公安' | '人社' | '住建' | '自然资源' | '生态环境' | '卫健' | '教育' | '民政' | '农业农村'
	| '国资' | '政法委' | '纪委监委' | '组织部' | '乡镇';

export type Unit = { id: number; name: string; region: string; kind: UnitKind; sector: Sector };
export type LeaderLevel = 'province' | 'city' | 'county' | 'township';
export type Leader = { id: number; name: string; title: string; level: LeaderLevel; region: string; unitId: number | null };

type Department = { sector: Sector; kind: UnitKind; province: string; city: string; county: string | null; core: boolean };
// {r} is the region-qualified name: 山东省, 济南市, 济南市历下区
const DEPARTMENTS: Department[] = [
	{ sector: '信访', kind: 'government', province: '{r}信访局', city: '{r}信访局', county: '{r}信访局', core: true },
	{ sector: '公安', kind: 'government', province: '{r}公安厅', city: '{r}公安局', county: '{r}公安局', core: true },
	{ sector: '人社', kind: 'government', province: '{r}人力资源和社会保障厅', city: '{r}人力资源和社会保障局', county: '{r}人力资源和社会保障局', core: true },
	{ sector: '住建', kind: 'government', province: '{r}住房和城乡建设厅', city: '{r}住房和城乡建设局', county: '{r}住房和城乡建设局', core: true },
	{ sector: '自然资源', kind: 'government', province: '{r}自然资源厅', city: '{r}自然资源和规划局', county: '{r}自然资源局', core: true },
	{ sector: '政法委', kind: 'party', province: '中共{r}委政法委员会', city: '中共{r}委政法委员会', county: '中共{r}委政法委员会', core: true },
	{ sector: '纪委监委', kind: 'party', province: '{r}纪委监委', city: '{r}纪委监委', county: '{r}纪委监委', core: true },
	{ sector: '生态环境', kind: 'government', province: '{r}生态环境厅', city: '{r}生态环境局', county: '{r}生态环境分局', core: false },
	{ sector: '卫健', kind: 'government', province: '{r}卫生健康委员会', city: '{r}卫生健康委员会', county: '{r}卫生健康局', core: false },
	{ sector: '教育', kind: 'government', province: '{r}教育厅', city: '{r}教育局', county: '{r}教育和体育局', core: false },
	{ sector: '民政', kind: 'government', province: '{r}民政厅', city: '{r}民政局', county: '{r}民政局', core: false },
	{ sector: '农业农村', kind: 'government', province: '{r}农业农村厅', city: '{r}农业农村局', county: '{r}农业农村局', core: false },
	{ sector: '国资', kind: 'government', province: '{r}国资委', city: '{r}国资委', county: '{r}工业和信息化局', core: false },
	{ sector: '组织部', kind: 'party', province: '中共{r}委组织部', city: '中共{r}委组织部', county: null, core: false }
];

const TOWNS = '城关 东关 西关 南关 新华 金山 柳林 石桥 青龙 白马 高庄 王庄 李营 孙集 河口 望海 杨柳 双山 凤凰 龙泉 清水 红旗 新兴 黄河 古城 太平 永安 安乐 大王 刘集 朱桥 张庄 杜集 常庄 孟庄 马站 仁和 兴隆 胜利 东城 西城 北园'.split(' ');

const LEADER_TITLES = {
	province: ['省委副书记', '副省长', '副省长', '省委常委、政法委书记', '省人大常委会副主任', '省政协副主席'],
	city: ['市委书记', '市长', '市委副书记', '市委常委、政法委书记', '市委常委、常务副市长', '副市长', '副市长'],
	// 区/县/县级市 by the county's own name
	county: ['{k}委书记', '{k}长', '{k}委副书记', '{k}委常委、政法委书记', '副{k}长']
};

export type Organs = {
	units: Unit[];
	leaders: Leader[];
	/** units of a region by sector */
	bySector: Map<string, Map<Sector, Unit[]>>;
};

/** The units and leaders of all regions, in region order. `person` makes up a leader's name. */
export function buildOrgans(regions: Region[], rng: Random, personName: (rng: Random) => string): Organs {
	const units: Unit[] = [];
	const leaders: Leader[] = [];
	const bySector = new Map<string, Map<Sector, Unit[]>>();
	const names = new Map(regions.map((r) => [r.adcode, r.name]));
	const addUnit = (region: Region, name: string, kind: UnitKind, sector: Sector) => {
		const unit: Unit = { id: units.length + 1, name, region: region.adcode, kind, sector };
		units.push(unit);
		const sectors = bySector.get(region.adcode) ?? bySector.set(region.adcode, new Map()).get(region.adcode)!;
		sectors.set(sector, [...(sectors.get(sector) ?? []), unit]);
		return unit;
	};
	const addLeader = (title: string, level: LeaderLevel, region: string, unitId: number | null) =>
		leaders.push({ id: leaders.length + 1, name: personName(rng), title, level, region, unitId });

	for (const region of regions) {
		// region-qualified: a county carries its city's name (济南市历下区), which also keeps 市中区 apart
		const qualified = region.path.slice(1).map((code) => names.get(code)).join('') || region.name;
		const optional = rng.shuffle(DEPARTMENTS.filter((d) => !d.core && d.county)).slice(0, rng.int(2, 4));
		for (const d of DEPARTMENTS) {
			const template = d[region.level];
			if (!template || (region.level === 'county' && !d.core && !optional.includes(d))) continue;
			addUnit(region, template.replace('{r}', qualified), d.kind, d.sector);
		}
		const politicalAndLegal = bySector.get(region.adcode)!.get('政法委')![0].id;
		const titles =
			region.level === 'county'
				? LEADER_TITLES.county.map((t) => t.replace('{k}', region.name.endsWith('区') ? '区' : region.name.endsWith('市') ? '市' : '县'))
				: LEADER_TITLES[region.level];
		for (const title of titles) addLeader(title, region.level, region.adcode, title.includes('政法委') ? politicalAndLegal : null);
		if (region.level !== 'county') continue;

		// 乡镇党委 / 街道党工委: the party bodies closest to land, village and neighbour disputes
		const street = region.name.endsWith('区');
		for (const town of rng.shuffle([...TOWNS]).slice(0, rng.int(1, 3))) {
			const unit = addUnit(region, `${qualified}${town}${street ? '街道党工委' : '镇党委'}`, 'party', '乡镇');
			addLeader(`${town}${street ? '街道党工委书记' : '镇党委书记'}`, 'township', region.adcode, unit.id);
			addLeader(`${town}${street ? '街道办事处主任' : '镇镇长'}`, 'township', region.adcode, unit.id);
		}
	}
	return { units, leaders, bySector };
}

/** Which kind of unit handles a category (属地管理、分级负责: the county's own department first). */
const SECTORS: Record<Category, WeightTable<Sector>> = {
	land: weightTable<Sector>({ 自然资源: 6, 住建: 2, 乡镇: 2 }),
	labour: weightTable<Sector>({ 人社: 9, 信访: 1 }),
	housing: weightTable<Sector>({ 住建: 9, 信访: 1 }),
	legal: weightTable<Sector>({ 政法委: 5, 公安: 5 }),
	rural: weightTable<Sector>({ 农业农村: 6, 乡镇: 4 }),
	environment: weightTable<Sector>({ 生态环境: 1 }),
	health: weightTable<Sector>({ 卫健: 1 }),
	education: weightTable<Sector>({ 教育: 1 }),
	civil: weightTable<Sector>({ 民政: 1 }),
	enterprise: weightTable<Sector>({ 国资: 1 }),
	discipline: weightTable<Sector>({ 纪委监委: 8, 组织部: 2 }),
	other: weightTable<Sector>({ 信访: 1 })
};

/**
 * The responsible unit for an item in a county: that county's department for the category,
 * else the city's (a county without, say, an education bureau of its own in this demo), else the
 * county 信访局. A 越级 item is now and then kept by the city department it reached.
 */
export function responsibleUnit(organs: Organs, county: Region, category: Category, skipLevel: boolean, rng: Random): Unit {
	const sector = rng.weighted(SECTORS[category]);
	const city = county.parent!;
	const order = skipLevel && rng.chance(0.15) ? [city, county.adcode] : [county.adcode, city];
	for (const region of order) {
		const candidates = organs.bySector.get(region)?.get(sector);
		if (candidates?.length) return candidates.length === 1 ? candidates[0] : rng.pick(candidates);
	}
	return organs.bySector.get(county.adcode)!.get('信访')![0];
}
