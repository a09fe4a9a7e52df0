/**
 * The simulator's two actions, each one transaction of plain SQL so the capture trigger writes
 * the outbox row as it would for any real write: a new item arrives, or an open item moves one
 * step (with its petition_event row). Draws from the same shape as the generated history.
 */
import type { Category, Channel, ItemType, Track } from '../../domain/vocabulary.ts';
import { localDate, routeDue } from '../../domain/deadlines.ts';
import type { Action, Outcome } from '../../domain/lifecycle.ts';
import { applyWithin, type ServiceActor } from '../lifecycle/apply.ts';
import type { Sql } from '../db/connection.ts';
import { detectAtIntake, detectionRules } from '../intake/detect.ts';
import { serialAllocator } from '../intake/serials.ts';
import { diversion, drawOutcome, drawSatisfaction, type Step } from './lifecycle.ts';
import { responsibleUnit, type Organs, type Sector, type Unit } from './organs.ts';
import { idNumber, mobile, person } from './people.ts';
import { sealPetitioner } from '../intake/petitioners.ts';
import { weightTable, type Random, type WeightTable } from './random.ts';
import type { Region } from './regions.ts';
import * as shape from './shape.ts';
import { summary } from './texts.ts';

export type LiveContext = { regions: Map<string, Region>; counties: WeightTable<Region>; organs: Organs; units: Map<number, Unit> };

/** Regions and units as the database has them (the simulator may run long after generation). */
export async function loadContext(sql: Sql, rng: Random): Promise<LiveContext> {
	const regionRows = await sql<{ adcode: string; name: string; level: Region['level']; parent: string | null; path: string[] }[]>`
		select adcode, name, level, parent, path from region order by adcode`;
	const regions = new Map(regionRows.map((r) => [r.adcode, { ...r, center: [0, 0] as [number, number] }]));
	const counties = [...regions.values()].filter((r) => r.level === 'county' && r.parent !== null);
	if (counties.length === 0) throw new Error('数据库中还没有县级行政区划，模拟器无从下手');
	const units = await sql<Unit[]>`select id, name, region, kind, sector from unit order by id`;
	if (units.length === 0) throw new Error('数据库中还没有责任单位，模拟器无从交办');
	const bySector = new Map<string, Map<Sector, Unit[]>>();
	for (const u of units) {
		const sectors = bySector.get(u.region) ?? bySector.set(u.region, new Map()).get(u.region)!;
		sectors.set(u.sector, [...(sectors.get(u.sector) ?? []), u]);
	}
	const weights = shape.countyWeights(counties as { adcode: string; parent: string }[], rng.fork('weights'));
	return { regions, counties: weightTable(counties.map((c) => [c, weights.get(c.adcode)!] as const)), organs: { units, leaders: [], bySector }, units: new Map(units.map((u) => [u.id, u])) };
}

const registrarOf = (ctx: LiveContext, region: string) => ctx.organs.bySector.get(region)?.get('信访')?.[0]?.name ?? '系统';

/** A new item received now: mostly a first-time petitioner, sometimes someone back on the same matter. */
export async function insertItem(sql: Sql, ctx: LiveContext, rng: Random, now: Date): Promise<bigint> {
	const today = localDate(now);
	const channel: Channel = rng.weighted(shape.channelTable(1, shape.isWeekend(today)));
	return sql.begin(async (tx) => {
		let earlier: { id: bigint; region: string; category: string; type: string; petitionerId: bigint; headcount: number; summary: string } | undefined;
		if (rng.chance(shape.repeatProbability(Infinity) * shape.SAME_MATTER_SHARE)) {
			[earlier] = await tx<NonNullable<typeof earlier>[]>`
				select id, region, category, type, petitioner_id as "petitionerId", headcount, summary from petition_item
				 where id <= (select max(id) from petition_item) - ${Math.floor(5000 * rng.next() ** 3)} and petitioner_id is not null
				 order by id desc limit 1`;
		}
		const region = earlier ? ctx.regions.get(earlier.region)! : rng.weighted(ctx.counties);
		const group = earlier ? earlier.headcount >= 5 && rng.chance(0.7) : rng.chance(shape.GROUP_PROBABILITY[channel]);
		const category = earlier ? (earlier.category as Category) : rng.weighted(group ? shape.GROUP_CATEGORY : shape.categoryTable(today));
		const type = earlier ? (earlier.type as ItemType) : rng.weighted(shape.typeTable(category));
		let petitionerId = earlier?.petitionerId ?? null;
		if (!petitionerId) {
			const who = person(rng, now);
			const s = sealPetitioner({ name: who.name, idNumber: idNumber(region.adcode, who.birth, who.male, rng.int(0, 499)), phone: mobile(rng) });
			const [row] = await tx<{ id: bigint }[]>`
				insert into petitioner (name, id_number_enc, phone_enc, phone_index, identity_hash, address_region, created_at)
				values (${who.name}, ${s.idNumberEnc}, ${s.phoneEnc}, ${s.phoneIndex}, ${s.identityHash}, ${region.adcode}, ${now})
				on conflict (identity_hash) do update set identity_hash = excluded.identity_hash
				returning id`;
			petitionerId = row.id;
		}
		const headcount = shape.headcount(rng, group);
		const skipLevel = rng.chance(shape.skipLevelProbability(channel, earlier !== undefined, today));
		const unit = responsibleUnit(ctx.organs, region, category, skipLevel, rng);
		// someone back on the same matter tells it again in the same words; the 越级 draw is where they went (the province)
		const drawn = summary(rng, category, headcount);
		const text = earlier ? earlier.summary : drawn;
		const [{ hash }] = await tx<{ hash: string }[]>`select encode(identity_hash, 'hex') as hash from petitioner where id = ${petitionerId}`;
		// marked by the same rules registration applies (domain/detection.ts), not by the draw
		const detection = await detectAtIntake(
			tx as unknown as Sql,
			{ id: 'new', receivedAt: now, petitionerHash: hash, petitionerId, respondent: null, unitId: unit.id, category, summary: text, region: region.adcode, headcount, channel, receivedBy: skipLevel ? region.path[0] : region.adcode },
			await detectionRules(tx as unknown as Sql)
		);
		// the day's next number in this county, queued with every other writer (registration, API, import)
		const serial = await serialAllocator()(tx as unknown as Sql, region.adcode, now);
		const [item] = await tx<{ id: bigint }[]>`
			insert into petition_item (serial, channel, received_at, region, category, type, summary, petitioner_id,
			                           headcount, unit_id, skip_level, repeat_of, detection, route_due, updated_at, source)
			values (${serial}, ${channel}, ${now}, ${region.adcode}, ${category}, ${type},
			        ${text}, ${petitionerId}, ${headcount}, ${unit.id}, ${detection.skipLevel.isSkipLevel},
			        ${detection.repeat?.earlierId ?? null}, ${tx.json(detection as never)}, ${routeDue(now)}, ${now}, 'simulator')
			returning id`;
		await tx`insert into petition_event (item_id, at, from_status, to_status, actor)
		         values (${item.id}, ${now}, null, 'registered', ${registrarOf(ctx, region.adcode)})`;
		return item.id;
	}) as Promise<bigint>;
}

type OpenItem = { id: bigint; status: string; region: string; unitId: number; category: Category; type: ItemType; outcome: Outcome | null; updatedAt: Date };

const STEP_OF: Partial<Record<Action, Step>> = { divert: 'divertedAt', route: 'routedAt', reject: 'rejectedAt', accept: 'acceptedAt', start: 'handlingAt', conclude: 'concludedAt', evaluate: 'evaluatedAt' };
const DIVERT_REASONS: Record<Track, string> = {
	petition: '',
	litigation: '诉求属于应当通过诉讼、复议等法定途径解决的事项，已告知信访人依法提出',
	arbitration: '诉求属于劳动人事争议，已告知信访人依法申请仲裁',
	party: '诉求属于党员申诉，已导入党员申诉程序',
	administrative: '诉求应通过行政程序办理，已移交有权机关',
	duty: '诉求属于有关机关依法履职事项，已导入依法履职程序'
};
const OPINIONS: Record<Outcome, string> = {
	support: '经调查核实，信访人反映的问题属实，诉求合理，予以支持，已督促落实。',
	partial: '经调查核实，信访人部分诉求合理，予以支持；其余诉求缺乏依据，不予支持。',
	explain: '经调查核实，已就相关政策和事实向信访人作出解释说明。',
	reject: '经调查核实，信访人诉求缺乏事实和法律依据，不予支持。'
};

/**
 * Moves one recent open item a step; returns the step taken, or null when nothing was open (or
 * the rules refused the step). Every move, 诉访分离 included, goes through applyTransition, as a real
 * office's would: the same rules, events, audit and clocks for the demo and for real use.
 */
export async function advanceItem(sql: Sql, ctx: LiveContext, rng: Random, now: Date): Promise<Step | null> {
	return sql.begin(async (txRaw) => {
		const tx = txRaw as unknown as Sql;
		const [item] = await tx<OpenItem[]>`
			select id, status, region, unit_id as "unitId", category, type, outcome, updated_at as "updatedAt"
			  from petition_item
			 where id <= (select max(id) from petition_item) - ${Math.floor(20_000 * rng.next() ** 2)}
			   and (status in ('registered', 'routed', 'accepted', 'handling') or (status = 'concluded' and satisfaction is null))
			 order by id desc limit 1
			 for update skip locked`;
		if (!item) return null;
		// steps are never earlier than the last one, even if the simulated clock is behind the data
		const at = new Date(Math.max(now.getTime(), item.updatedAt.getTime() + 1000));
		const registrar = registrarOf(ctx, item.region);
		const office: ServiceActor = { role: 'supervisor', scope: item.region, unitId: null, name: registrar };
		const unit: ServiceActor = { role: 'unit', scope: item.region, unitId: item.unitId, name: ctx.units.get(item.unitId)?.name ?? registrar };
		const day = localDate(at);
		// 诉访分离 is for 申诉求决类 only (the lifecycle refuses the rest)
		const divert = item.status === 'registered' && item.type === 'appeal' ? diversion(item.category, item.type) : null;
		const [actor, action, input]: [ServiceActor, Action, unknown] =
			divert && rng.chance(divert[1]) ? [office, 'divert', { track: divert[0], reason: DIVERT_REASONS[divert[0]] }]
			: item.status === 'registered' ? [office, 'route', { unitId: item.unitId }]
			: item.status === 'routed' ? (rng.chance(0.05) ? [unit, 'reject', { reason: '不属于本机关法定职权范围，已告知向有权机关提出', noticeOn: day }] : [unit, 'accept', {}])
			: item.status === 'accepted' ? [unit, 'start', {}]
			: item.status === 'handling' ? conclusion(unit, drawOutcome(rng, item.category))
			: [office, 'evaluate', { satisfaction: drawSatisfaction(rng, (item.outcome === 'partial' ? 'support' : item.outcome) ?? 'explain') }];
		const result = await applyWithin(tx, actor, String(item.id), action, input as never, { at, now: at, audit: false });
		return result.ok ? STEP_OF[action]! : null;
	}) as Promise<Step | null>;
}

const conclusion = (unit: ServiceActor, outcome: Outcome): [ServiceActor, Action, unknown] => [unit, 'conclude', { outcome, text: OPINIONS[outcome] }];
