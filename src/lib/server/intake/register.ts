import { regionInScope } from '../../domain/access.ts';
import { acceptDue, routeDue } from '../../domain/deadlines.ts';
import type { Detection } from '../../domain/detection.ts';
import type { IntakeDraft, IntakeField, Source } from '../../domain/intake.ts';
import { checkQuality, type QualityWarning } from '../../domain/quality.ts';
import { audit } from '../auth/audit.ts';
import type { Sql } from '../db/connection.ts';
import { detectAtIntake, detectionRules, type DetectionRules } from './detect.ts';
import { directory, type Directory, type RegionRow, type UnitRow } from './directory.ts';
import { identityKey, upsertPetitioner } from './petitioners.ts';
import { serialAllocator, type SerialAllocator } from './serials.ts';

/** Who registers: a signed-in account, or an upstream system's API client. Both have a region scope. */
export type Registrar = {
	scope: string;
	/** the name the item's timeline shows (an account's display name, a client's name) */
	actor: string;
	userId: number | null;
	username: string | null;
	apiClientId: number | null;
	ip: string | null;
};

/** A refusal that names the field; thrown inside a transaction, it rolls everything back. */
export class IntakeRefusal extends Error {
	readonly status: 403 | 409 | 422;
	readonly field: IntakeField;
	constructor(status: 403 | 409 | 422, field: IntakeField, message: string) {
		super(message);
		this.status = status;
		this.field = field;
	}
}

export type Resolved = { region: RegionRow; unit: UnitRow | null };

/** Region and unit found and within the registrar's scope; the source id not yet taken. */
export async function resolveItem(dir: Directory, draft: IntakeDraft, registrar: Registrar, source: Source): Promise<Resolved> {
	const region = await dir.region(draft.region);
	if (!region.ok) throw new IntakeRefusal(422, 'region', region.message);
	if (!regionInScope(registrar.scope, region.value.adcode)) throw new IntakeRefusal(403, 'region', `问题属地（${region.value.fullName}）不在您的管辖范围内`);
	let unit: UnitRow | null = null;
	if (draft.unit) {
		const found = await dir.unit(draft.unit, region.value);
		if (!found.ok) throw new IntakeRefusal(422, 'unit', found.message);
		if (!regionInScope(registrar.scope, found.value.region)) throw new IntakeRefusal(403, 'unit', `责任单位（${found.value.name}）不在您的管辖范围内`);
		unit = found.value;
	}
	if (draft.sourceId) {
		const serial = await dir.sourceTaken(source, draft.sourceId);
		if (serial) throw new IntakeRefusal(409, 'sourceId', `来源编号 ${draft.sourceId} 已登记为信访件 ${serial}，不能重复登记`);
	}
	return { region: region.value, unit };
}

/** The 智能校对 warnings of a resolved item. */
export function qualityOf(draft: IntakeDraft, { region, unit }: Resolved, nameOnFile: string | null, now: Date): QualityWarning[] {
	return checkQuality(
		{
			channel: draft.channel,
			receivedAt: draft.receivedAt,
			receivedTimeKnown: draft.receivedTimeKnown,
			routedAt: draft.routedAt,
			region: { adcode: region.adcode, name: region.name, level: region.level },
			category: draft.category,
			type: draft.type,
			summary: draft.summary,
			headcount: draft.headcount,
			unit: unit && { name: unit.name, region: unit.region, regionName: unit.regionName, sector: unit.sector },
			petitioner: draft.petitioner,
			petitionerOnFile: nameOnFile
		},
		now
	);
}

/** What a dry run finds for one item, writing nothing. */
export async function previewItem(dir: Directory, draft: IntakeDraft, registrar: Registrar, source: Source, now: Date): Promise<QualityWarning[]> {
	const resolved = await resolveItem(dir, draft, registrar, source);
	const key = draft.petitioner && identityKey(draft.petitioner);
	const nameOnFile = key ? await dir.petitionerName(key) : null;
	if (key && draft.petitioner) dir.notePetitioner(key, draft.petitioner.name);
	return qualityOf(draft, resolved, nameOnFile, now);
}

export type RegisterOptions = {
	source: Source;
	now: Date;
	/** the timeline's note on the 登记 step: how the item got in */
	note: string;
	importJobId?: bigint | null;
	/** an import writes one audit entry for the whole ledger instead of one per row */
	audit?: boolean;
	/** share these across the rows of one transaction */
	directory?: Directory;
	serials?: SerialAllocator;
	/** the rules detection applies (an import loads them once for all its rows) */
	rules?: DetectionRules;
	/**
	 * the body that received the item (接待机关, an adcode; 100000 the national bureau) where the
	 * sender says so — an upstream system forwarding what a higher body received; else the registrar's scope
	 */
	receivedBy?: string;
};

export type Registered = { id: bigint; serial: string; status: 'registered' | 'routed'; warnings: QualityWarning[]; detection: Detection };

/**
 * Registers one item inside the caller's transaction: the item (its clocks from
 * domain/deadlines), the petitioner, the 登记 (and 转送交办) events, the quality warnings and an
 * audit entry. The capture trigger writes the outbox row, so the wall sees it on commit.
 */
export async function registerItem(tx: Sql, draft: IntakeDraft, registrar: Registrar, options: RegisterOptions): Promise<Registered> {
	const { now, source } = options;
	const dir = options.directory ?? directory(tx);
	const resolved = await resolveItem(dir, draft, registrar, source);
	const { region, unit } = resolved;
	const person = draft.petitioner ? await upsertPetitioner(tx, draft.petitioner, now) : null;
	const warnings = qualityOf(draft, resolved, person?.nameOnFile ?? null, now);
	const serial = await (options.serials ?? serialAllocator())(tx, region.adcode, draft.receivedAt);
	const routedAt = unit ? draft.routedAt : null;
	const status = routedAt ? 'routed' : 'registered';
	// 越级 by the body that received it (the sender's 接待机关, else the registrar's scope), 重复 against the person's earlier items, 群体 by headcount
	const detection = await detectAtIntake(
		tx,
		{
			id: 'new', receivedAt: draft.receivedAt, petitionerHash: person?.identityHash ?? null, petitionerId: person?.id ?? null,
			respondent: null, unitId: unit?.id ?? null, category: draft.category, summary: draft.summary, region: region.adcode,
			headcount: draft.headcount, channel: draft.channel, receivedBy: options.receivedBy ?? registrar.scope
		},
		options.rules ?? (await detectionRules(tx))
	);
	const [{ id }] = await tx<{ id: bigint }[]>`
		insert into petition_item (serial, channel, received_at, region, category, type, summary, petitioner_id, headcount,
		                           unit_id, status, routed_at, route_due, accept_due, updated_at,
		                           source, source_id, registered_by, api_client_id, import_job_id, skip_level, repeat_of, detection)
		values (${serial}, ${draft.channel}, ${draft.receivedAt}, ${region.adcode}, ${draft.category}, ${draft.type},
		        ${draft.summary}, ${person?.id ?? null}, ${draft.headcount}, ${unit?.id ?? null}, ${status}, ${routedAt},
		        ${routeDue(draft.receivedAt)}, ${routedAt ? acceptDue(routedAt) : null}, ${now},
		        ${source}, ${draft.sourceId}, ${registrar.userId}, ${registrar.apiClientId}, ${options.importJobId ?? null},
		        ${detection.skipLevel.isSkipLevel}, ${detection.repeat?.earlierId ?? null}, ${tx.json(detection as never)})
		returning id`;
	const actor = registrar.actor.slice(0, 60);
	const events: { item_id: bigint; at: Date; from_status: string | null; to_status: string; actor: string; note: string }[] = [{ item_id: id, at: draft.receivedAt, from_status: null, to_status: 'registered', actor, note: options.note.slice(0, 500) }];
	if (routedAt && unit) events.push({ item_id: id, at: routedAt, from_status: 'registered', to_status: 'routed', actor, note: `转送交办${unit.name}` });
	await tx`insert into petition_event ${tx(events, 'item_id', 'at', 'from_status', 'to_status', 'actor', 'note')}`;
	if (warnings.length) {
		const rows = warnings.map((w) => ({ item_id: id, code: w.code, field: w.field, message: w.message, found_at: now }));
		await tx`insert into item_quality_warning ${tx(rows, 'item_id', 'code', 'field', 'message', 'found_at')}`;
	}
	if (options.audit ?? true)
		await audit(tx, {
			userId: registrar.userId,
			username: registrar.username,
			action: 'item.register',
			target: serial,
			detail: {
				itemId: String(id), source, sourceId: draft.sourceId, region: region.adcode, unitId: unit?.id ?? null, apiClientId: registrar.apiClientId, warnings: warnings.map((w) => w.code),
				skipLevel: detection.skipLevel.isSkipLevel, repeatOf: detection.repeat?.earlierId ?? null, group: detection.group.isGroupVisit
			},
			ip: registrar.ip
		});
	if (draft.sourceId) dir.noteSource(source, draft.sourceId, serial);
	if (person && draft.petitioner) {
		const key = identityKey(draft.petitioner);
		if (key) dir.notePetitioner(key, draft.petitioner.name);
	}
	return { id, serial, status, warnings, detection };
}
