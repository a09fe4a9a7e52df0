/**
 * Checks the generated map files (static/maps) against the region tree (db/seed/regions.json):
 * the map a screen drills into must have exactly one region per feature, under the same code.
 * Regenerate both with `npm run maps`.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { SeedRegion } from './server/sim/regions.ts';

type Position = [number, number];
/** One entry of db/seed/regions.json (the generator reads the same file). */
type Region = SeedRegion;
interface Feature {
	properties: { adcode: string; name: string };
	geometry: { type: 'Polygon'; coordinates: Position[][] } | { type: 'MultiPolygon'; coordinates: Position[][][] };
}
interface FeatureCollection {
	type: string;
	features: Feature[];
}

const ROOT = new URL('../../', import.meta.url);
const readJson = <T>(path: string): T => JSON.parse(readFileSync(new URL(path, ROOT), 'utf8')) as T;
const readMap = (name: string) => readJson<FeatureCollection>(`static/maps/${name}.json`);

const PROVINCE = '370000';
const regions = readJson<Region[]>('db/seed/regions.json');
const cities = regions.filter((r) => r.level === 'city');
const counties = regions.filter((r) => r.level === 'county');
const provinceMap = readMap(PROVINCE);

const adcodesOf = (collection: FeatureCollection) => collection.features.map((f) => f.properties.adcode).sort();
const sorted = (codes: string[]) => [...codes].sort();

function boundingBox(collection: FeatureCollection): { minX: number; minY: number; maxX: number; maxY: number } {
	const box = { minX: Infinity, minY: Infinity, maxX: -Infinity, maxY: -Infinity };
	for (const { geometry } of collection.features) {
		const polygons = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
		for (const [x, y] of polygons.flat(2)) {
			box.minX = Math.min(box.minX, x);
			box.minY = Math.min(box.minY, y);
			box.maxX = Math.max(box.maxX, x);
			box.maxY = Math.max(box.maxY, y);
		}
	}
	return box;
}

describe('region tree (db/seed/regions.json)', () => {
	it('has one province, its 16 cities and their counties', () => {
		expect(regions.filter((r) => r.level === 'province').map((r) => r.adcode)).toEqual([PROVINCE]);
		expect(cities).toHaveLength(16);
		expect(counties.length).toBeGreaterThanOrEqual(130);
		expect(cities.every((c) => c.parent === PROVINCE)).toBe(true);
	});

	it('uses unique 6-digit adcodes, sorted', () => {
		const codes = regions.map((r) => r.adcode);
		expect(codes.every((c) => /^\d{6}$/.test(c))).toBe(true);
		expect(new Set(codes).size).toBe(codes.length);
		expect(codes).toEqual(sorted(codes));
	});

	it('derives every adcode from its parent', () => {
		for (const city of cities) {
			expect(city.adcode, city.name).toBe(`${city.adcode.slice(0, 4)}00`);
			expect(city.adcode.slice(0, 2), city.name).toBe(PROVINCE.slice(0, 2));
		}
		const cityCodes = new Set(cities.map((c) => c.adcode));
		for (const county of counties) {
			expect(cityCodes.has(county.parent!), county.name).toBe(true);
			expect(county.adcode.slice(0, 4), county.name).toBe(county.parent!.slice(0, 4));
			expect(county.adcode.endsWith('00'), county.name).toBe(false);
		}
	});

	it('puts every centre inside Shandong', () => {
		const box = boundingBox(provinceMap);
		for (const { name, center } of regions) {
			const [x, y] = center;
			expect(x >= box.minX && x <= box.maxX && y >= box.minY && y <= box.maxY, `${name} ${center}`).toBe(true);
		}
	});
});

describe('map files (static/maps)', () => {
	it(`${PROVINCE}.json has exactly one feature per city`, () => {
		expect(provinceMap.type).toBe('FeatureCollection');
		expect(adcodesOf(provinceMap)).toEqual(sorted(cities.map((c) => c.adcode)));
		for (const f of provinceMap.features) {
			expect(f.properties.name).toBe(cities.find((c) => c.adcode === f.properties.adcode)?.name);
		}
	});

	it('has no 莱芜市 any more (merged into 济南市 in 2019)', () => {
		expect(provinceMap.features.some((f) => f.properties.adcode === '371200' || f.properties.name.startsWith('莱芜'))).toBe(false);
		expect(adcodesOf(readMap('370100'))).toEqual(expect.arrayContaining(['370116', '370117']));
	});

	it.each(cities.map((c) => [c.adcode, c.name]))('%s.json (%s) has exactly the counties of the region tree', (adcode) => {
		const cityMap = readMap(adcode);
		expect(cityMap.type).toBe('FeatureCollection');
		const expected = counties.filter((c) => c.parent === adcode);
		expect(adcodesOf(cityMap)).toEqual(sorted(expected.map((c) => c.adcode)));
		for (const f of cityMap.features) {
			expect(f.properties.name).toBe(expected.find((c) => c.adcode === f.properties.adcode)?.name);
		}
	});

	it('china.json has Shandong under 370000, every feature keyed by a 6-digit adcode', () => {
		const china = readMap('china');
		expect(china.type).toBe('FeatureCollection');
		expect(china.features.every((f) => /^\d{6}$/.test(f.properties.adcode) && f.properties.name)).toBe(true);
		expect(china.features.some((f) => f.properties.adcode === PROVINCE)).toBe(true);
	});
});
