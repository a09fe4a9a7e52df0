/**
 * Demo data for an empty database: Shandong's regions, units and leaders, months of petition
 * items with their events, and 领导包案 cases, loaded with COPY in one transaction.
 *
 * Ids: every table we fill is empty and locked, its identity is restarted at 1, and rows are
 * copied in the order they were generated, so row k gets id k. That is how repeat_of, events
 * and case links can name ids before the rows exist, and why two runs give identical rows.
 */
import { ensureRules, loadClockConfig } from '../clocks/config.ts';
import { computeAllLights } from '../clocks/sweeper.ts';
import { acceptDue, concludeDue, routeDue } from '../../domain/deadlines.ts';
import type { Sql } from '../db/connection.ts';
import { rebuildRollups } from '../feed/rollups.ts';
import { rebuildRateInputs } from '../feed/rate-inputs.ts';
import { buildCases } from './cases.ts';
import { copyRows, type CopyValue } from './copy.ts';
import { eventsOf, type Actors } from './events.ts';
import { generateHistory, matterDetections, type Item } from './history.ts';
import { statusOf, lastStepAt } from './lifecycle.ts';
import { buildOrgans, type Organs, type Unit } from './organs.ts';
import { person, surnameOf } from './people.ts';
import { sealPetitioner } from '../intake/petitioners.ts';
import { keyring } from '../personal-data/keyring.ts';
import { createRandom } from './random.ts';
import { demoQualityRows } from './quality.ts';
import { loadRegions, type Region } from './regions.ts';

export type GeneratePhase = '区划' | '单位' | '信访人' | '信访事项' | '事件' | '校对' | '包案' | '亮灯' | '汇总';

export type GenerateOptions = {
	items?: number;
	seed?: string;
	now?: Date;
	months?: number;
	onProgress?: (done: number, total: number, phase: GeneratePhase) => void;
};

export type GenerateResult = {
	generated: boolean;
	message: string;
	counts: { regions: number; units: number; leaders: number; petitioners: number; items: number; events: number; warnings: number; cases: number };
	ms: number;
};

const TABLES = ['unit', 'leader', 'petitioner', 'petition_item', 'petition_event', 'lead_case'];
const date = (ms: number | undefined) => (ms === undefined ? null : new Date(ms));
/** Rows made as COPY consumes them, so a million rows never sit in memory as arrays at once. */
function* rowsOf<T>(list: readonly T[], row: (t: T) => CopyValue[]) {
	for (const t of list) yield row(t);
}

export async function generateDemoData(sql: Sql, options: GenerateOptions = {}): Promise<GenerateResult> {
	const { items: total = 200_000, seed = 'liaowang', now = new Date(), months = 6, onProgress = () => {} } = options;
	if (!Number.isInteger(total) || total < 1 || total > 20_000_000) throw new RangeError(`演示数据件数应为 1–20,000,000 的整数：${total}`);
	if (!Number.isInteger(months) || months < 1 || months > 36) throw new RangeError(`演示数据月数应为 1–36 的整数：${months}`);
	const started = performance.now();
	const regions = await loadRegions();
	const rng = createRandom(seed);
	const counts = { regions: 0, units: 0, leaders: 0, petitioners: 0, items: 0, events: 0, warnings: 0, cases: 0 };

	const FILLED = 'select exists (select 1 from petition_item) as filled';
	const filled = (rows: { filled: boolean }[]) => rows[0].filled;
	const skipped = () => ({ generated: false, message: '数据库中已有信访事项，未生成演示数据', counts, ms: performance.now() - started });
	// a database in use is the common case at start-up: answer it without taking any lock
	if (filled(await sql.unsafe(FILLED))) return skipped();

	return sql.begin(async (tx) => {
		// the capture trigger stays quiet; the rollups are rebuilt in one pass at the end
		await tx`select set_config('liaowang.bulk_load', 'on', true)`;
		// nodes starting together: the first loads, the others wait here and then find the items
		await tx.unsafe(`lock table ${TABLES.join(', ')} in exclusive mode`);
		if (filled(await tx.unsafe(FILLED))) return skipped();
		const [{ others }] = await tx<{ others: boolean }[]>`
			select exists (select 1 from unit) or exists (select 1 from leader) or exists (select 1 from petitioner)
			    or exists (select 1 from lead_case) as others`;
		if (others) throw new Error('数据库中没有信访事项，却已有单位、领导、信访人或包案数据；演示数据只能写入空库');
		for (const table of TABLES) await tx.unsafe(`alter table ${table} alter column id restart with 1`);

		onProgress(0, regions.length, '区划');
		const regionRows = regions.map((r) => ({ adcode: r.adcode, name: r.name, level: r.level, parent: r.parent, path: r.path, center_lng: r.center[0], center_lat: r.center[1] }));
		await tx`insert into region ${tx(regionRows)} on conflict (adcode) do nothing`;
		counts.regions = regions.length;
		onProgress(regions.length, regions.length, '区划');

		const organs = buildOrgans(regions, rng.fork('organs'), (r) => person(r, now).name);
		const unitCount = organs.units.length + organs.leaders.length;
		onProgress(0, unitCount, '单位');
		counts.units = await copyRows(tx, 'unit', ['name', 'region', 'kind', 'sector'], organs.units.map((u) => [u.name, u.region, u.kind, u.sector]));
		counts.leaders = await copyRows(tx, 'leader', ['name', 'title', 'level', 'region', 'unit_id'], organs.leaders.map((l) => [l.name, l.title, l.level, l.region, l.unitId]));
		onProgress(unitCount, unitCount, '单位');

		// who petitions is decided while the items are drawn, so this phase counts drawn items
		onProgress(0, total, '信访人');
		const { items, petitioners } = generateHistory(regions, organs, rng.fork('history'), { items: total, months, now, onProgress: (done) => onProgress(done, total, '信访人') });
		// sealed (SM4 + blind indexes) as COPY streams the rows: no plaintext ID number or phone is loaded
		const ring = keyring();
		counts.petitioners = await copyRows(
			tx,
			'petitioner',
			['name', 'id_number_enc', 'phone_enc', 'phone_index', 'identity_hash', 'address_region', 'created_at'],
			rowsOf(petitioners, (p) => {
				const s = sealPetitioner(p, ring);
				return [p.name, s.idNumberEnc, s.phoneEnc, s.phoneIndex, s.identityHash, p.region, new Date(p.createdAt)];
			})
		);
		onProgress(total, total, '信访人');

		onProgress(0, total, '信访事项');
		const detections = matterDetections(items);
		counts.items = await copyRows(tx, 'petition_item', ITEM_COLUMNS, rowsOf(items, (item) => itemRow(item, detections.get(item.id))), (done) => onProgress(done, total, '信访事项'));

		onProgress(0, total, '事件');
		const actors = actorsOf(organs, regions);
		let done = 0;
		counts.events = await copyRows(tx, 'petition_event', ['item_id', 'at', 'from_status', 'to_status', 'actor', 'note'], (function* () {
			for (const item of items) {
				for (const e of eventsOf(item.receivedAt, item.life, actors(item))) yield [item.id, new Date(e.at), e.from, e.to, e.actor, e.note];
				if (++done % 5000 === 0) onProgress(done, total, '事件');
			}
		})());
		onProgress(total, total, '事件');

		onProgress(0, total, '校对');
		counts.warnings = await copyRows(tx, 'item_quality_warning', ['item_id', 'code', 'field', 'message', 'found_at'], demoQualityRows(items, petitioners, regions, organs));
		onProgress(total, total, '校对');

		const surnames = (item: Item) => (item.petitionerId === null ? '' : surnameOf(petitioners[item.petitionerId - 1].name));
		const cases = buildCases(items, regions, organs, surnames, rng.fork('cases'), now);
		onProgress(0, cases.length, '包案');
		counts.cases = await copyRows(
			tx,
			'lead_case',
			['title', 'leader_id', 'lead_unit_id', 'region', 'plan', 'assigned_at', 'deadline', 'status', 'resolved_at'],
			cases.map((c) => [c.title, c.leaderId, c.leadUnitId, c.region, c.plan, new Date(c.assignedAt), c.deadline, c.status, c.resolvedAt === null ? null : new Date(c.resolvedAt)])
		);
		await copyRows(tx, 'lead_case_item', ['case_id', 'item_id'], cases.flatMap((c) => c.itemIds.map((id) => [c.id, id])));
		await copyRows(tx, 'lead_case_unit', ['case_id', 'unit_id'], cases.flatMap((c) => c.coUnitIds.map((id) => [c.id, id])));
		onProgress(cases.length, cases.length, '包案');

		onProgress(0, total, '亮灯');
		await ensureRules(tx);
		await computeAllLights(tx, now, await loadClockConfig(tx), (done) => onProgress(done, total, '亮灯'));
		onProgress(total, total, '亮灯');

		onProgress(0, 1, '汇总');
		await rebuildRollups(tx);
		// the rate inputs (migration 0160): a database generated at an earlier level (the upgrade test) has none yet; it is built after migrating
		const [{ rateInputs }] = await tx<{ rateInputs: boolean }[]>`select to_regclass('rate_input') is not null as "rateInputs"`;
		if (rateInputs) await rebuildRateInputs(tx);
		await tx`analyze region, unit, leader, petitioner, petition_item, petition_event, lead_case, rollup_daily, rollup_area, rollup_state`;
		if (rateInputs) await tx`analyze rate_input, rollup_rate, rollup_rate_month`;
		onProgress(1, 1, '汇总');
		const ms = performance.now() - started;
		return { generated: true, message: `演示数据已生成：${counts.items} 件信访事项，${counts.events} 条流转记录，${counts.cases} 个包案`, counts, ms };
	}) as Promise<GenerateResult>;
}

const ITEM_COLUMNS = [
	'serial', 'channel', 'received_at', 'region', 'category', 'type', 'summary', 'petitioner_id', 'headcount', 'unit_id',
	'status', 'track', 'skip_level', 'repeat_of', 'routed_at', 'route_due', 'accepted_at', 'accept_due', 'conclude_due',
	'extended_days', 'concluded_at', 'outcome', 'satisfaction', 'updated_at', 'rejected_at', 'diverted_at', 'replied_at', 'source', 'detection'
];

/** `detection`: what registration found, for the items of a matter told more than once (matterDetections) */
function itemRow(item: Item, detection: unknown): CopyValue[] {
	const { life } = item;
	return [
		item.serial, item.channel, new Date(item.receivedAt), item.region, item.category, item.type, item.summary,
		item.petitionerId, item.headcount, item.unitId, statusOf(life), life.track, item.skipLevel, item.repeatOf,
		date(life.routedAt), routeDue(new Date(item.receivedAt)),
		date(life.acceptedAt), life.routedAt === undefined ? null : acceptDue(new Date(life.routedAt)),
		life.acceptedAt === undefined ? null : concludeDue(new Date(life.acceptedAt), life.extendedDays),
		life.extendedDays, date(life.concludedAt), life.outcome ?? null, life.satisfaction ?? null,
		new Date(lastStepAt(life, item.receivedAt)),
		date(life.rejectedAt), date(life.divertedAt),
		date(life.concludedAt), // the 处理意见书 goes out on the day of conclusion
		'simulator',
		detection === undefined ? null : JSON.stringify(detection)
	];
}

/** Event actors per unit: the registering 信访局, the unit, and its counterparts one and two levels up (复查, 复核). */
function actorsOf(organs: Organs, regions: Region[]): (item: Item) => Actors {
	const byCode = new Map(regions.map((r) => [r.adcode, r]));
	const counterpart = (unit: Unit, region: string | null): Unit => {
		const sectors = region === null ? undefined : organs.bySector.get(region);
		return sectors?.get(unit.sector)?.[0] ?? sectors?.get('信访')?.[0] ?? unit;
	};
	const cache = new Map<number, Actors>();
	return (item) => {
		let actors = cache.get(item.unitId);
		if (!actors) {
			const unit = organs.units[item.unitId - 1];
			const reviewer = counterpart(unit, byCode.get(unit.region)!.parent);
			const rechecker = counterpart(reviewer, byCode.get(reviewer.region)!.parent);
			const registrar = organs.bySector.get(item.region)!.get('信访')![0].name;
			actors = { registrar, unit: unit.name, reviewer: reviewer.name, rechecker: rechecker.name };
			if (unit.region === item.region) cache.set(item.unitId, actors);
		}
		return actors;
	};
}
