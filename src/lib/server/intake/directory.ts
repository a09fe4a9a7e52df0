import type { Sql } from '../db/connection.ts';
import type { RegionLevel } from '../../domain/vocabulary.ts';

/**
 * Regions and units as a registration needs them, looked up once per request or import and
 * cached: a ledger of 5,000 rows names the same few counties and units again and again.
 * Regions may be given by adcode or by name (历下区, 济南市历下区); units by id or by name.
 */
export type RegionRow = { adcode: string; name: string; level: RegionLevel; path: string[]; fullName: string };
export type UnitRow = { id: number; name: string; region: string; regionName: string; sector: string };
export type Lookup<T> = { ok: true; value: T } | { ok: false; message: string };

export type Directory = {
	region(text: string): Promise<Lookup<RegionRow>>;
	/** a unit of the region or of a region above it */
	unit(text: string, region: RegionRow): Promise<Lookup<UnitRow>>;
	/** the name on file for an identity hash (hex), or null */
	petitionerName(hash: string): Promise<string | null>;
	/** remembers a name for a hash, as the rows before this one in a ledger would have stored it */
	notePetitioner(hash: string, name: string): void;
	/** the serial of the item already holding this source id, or null */
	sourceTaken(source: string, sourceId: string): Promise<string | null>;
	noteSource(source: string, sourceId: string, serial: string): void;
	/** loads many identity hashes and source ids in two queries (an import's dry run) */
	prefetch(hashes: string[], source: string, sourceIds: string[]): Promise<void>;
};

/**
 * The units that may handle an item of a place whose region path is `path` (province … county):
 * the units of that place or of one above it (属地管理; unitServesPlace in domain/unit-place.ts is
 * the same rule for one unit). Registration looks a named unit up among these; the item page's
 * 转送交办/改派 picker offers them.
 */
export function unitsServing(sql: Sql, path: readonly string[]) {
	return sql<UnitRow[]>`
		select u.id, u.name, u.region, r.name as "regionName", u.sector
		  from unit u join region r on r.adcode = u.region
		 where u.region = any(${path as string[]}) order by u.id`;
}

export function directory(sql: Sql): Directory {
	let regions: Promise<{ byCode: Map<string, RegionRow>; byName: Map<string, RegionRow[]> }> | null = null;
	const unitsOf = new Map<string, Promise<UnitRow[]>>();
	const petitioners = new Map<string, string | null>();
	const sources = new Map<string, string | null>();

	const loadRegions = () =>
		(regions ??= (async () => {
			const rows = await sql<{ adcode: string; name: string; level: RegionLevel; path: string[] }[]>`
				select adcode, name, level, path from region order by adcode`;
			const byCode = new Map<string, RegionRow>();
			for (const r of rows) byCode.set(r.adcode, { ...r, fullName: '' });
			const byName = new Map<string, RegionRow[]>();
			const add = (name: string, row: RegionRow) => byName.set(name, [...(byName.get(name) ?? []), row]);
			for (const row of byCode.values()) {
				const names = row.path.map((code) => byCode.get(code)?.name ?? '');
				row.fullName = names.join('');
				add(row.name, row);
				// 济南市历下区 and 山东省济南市历下区 both name it; 市中区 alone names several
				if (names.length > 1) add(names.slice(1).join(''), row);
				if (names.length > 1) add(row.fullName, row);
			}
			return { byCode, byName };
		})());

	const key = (source: string, id: string) => `${source}\u0000${id}`;

	return {
		async region(text) {
			const { byCode, byName } = await loadRegions();
			const word = text.replace(/\s+/g, '');
			if (/^\d{6}$/.test(word)) {
				const row = byCode.get(word);
				return row ? { ok: true, value: row } : { ok: false, message: `行政区划代码 ${word} 不存在` };
			}
			const found = byName.get(word) ?? [];
			if (found.length === 1) return { ok: true, value: found[0] };
			if (found.length > 1) return { ok: false, message: `“${word}”对应多个地区（${found.map((r) => r.fullName).join('、')}），请写全称或填写 6 位行政区划代码` };
			return { ok: false, message: `找不到名为“${word.slice(0, 20)}”的地区，请填写区县名称或 6 位行政区划代码` };
		},

		async unit(text, region) {
			let units = unitsOf.get(region.adcode);
			if (!units) {
				units = unitsServing(sql, region.path).then((rows) => [...rows]);
				unitsOf.set(region.adcode, units);
			}
			const candidates = await units;
			const word = text.trim();
			const outside = `责任单位须是${region.name}或其上级地区的单位`;
			if (/^\d{1,9}$/.test(word)) {
				const unit = candidates.find((u) => u.id === Number(word));
				return unit ? { ok: true, value: unit } : { ok: false, message: `责任单位编号 ${word} 不存在，或不属于${region.fullName}（${outside}）` };
			}
			const exact = candidates.filter((u) => u.name === word);
			// a ledger often drops the city: 历下区人力资源和社会保障局 for 济南市历下区人力资源和社会保障局
			const matches = exact.length > 0 ? exact : Array.from(word).length >= 4 ? candidates.filter((u) => u.name.endsWith(word)) : [];
			if (matches.length === 1) return { ok: true, value: matches[0] };
			if (matches.length > 1) return { ok: false, message: `“${word}”对应多个单位（${matches.slice(0, 3).map((u) => u.name).join('、')}），请写单位全称` };
			return { ok: false, message: `找不到名为“${word.slice(0, 30)}”的责任单位（${outside}）` };
		},

		async petitionerName(hash) {
			if (!petitioners.has(hash)) {
				const [row] = await sql<{ name: string }[]>`select name from petitioner where identity_hash = decode(${hash}, 'hex')`;
				petitioners.set(hash, row?.name ?? null);
			}
			return petitioners.get(hash) ?? null;
		},
		notePetitioner(hash, name) {
			if (!petitioners.get(hash)) petitioners.set(hash, name);
		},

		async sourceTaken(source, sourceId) {
			const k = key(source, sourceId);
			if (!sources.has(k)) {
				const [row] = await sql<{ serial: string }[]>`select serial from petition_item where source = ${source} and source_id = ${sourceId}`;
				sources.set(k, row?.serial ?? null);
			}
			return sources.get(k) ?? null;
		},
		noteSource(source, sourceId, serial) {
			sources.set(key(source, sourceId), serial);
		},

		async prefetch(hashes, source, sourceIds) {
			const wanted = [...new Set(hashes)].filter((h) => !petitioners.has(h));
			for (const h of wanted) petitioners.set(h, null);
			if (wanted.length) {
				const rows = await sql<{ hash: string; name: string }[]>`
					select encode(identity_hash, 'hex') as hash, name from petitioner
					 where identity_hash in (select decode(h, 'hex') from unnest(${wanted}::text[]) as h)`;
				for (const r of rows) petitioners.set(r.hash, r.name);
			}
			const ids = [...new Set(sourceIds)].filter((id) => !sources.has(key(source, id)));
			for (const id of ids) sources.set(key(source, id), null);
			if (ids.length) {
				const rows = await sql<{ sourceId: string; serial: string }[]>`
					select source_id as "sourceId", serial from petition_item where source = ${source} and source_id = any(${ids})`;
				for (const r of rows) sources.set(key(source, r.sourceId), r.serial);
			}
		}
	};
}
