import { NATIONAL_BODY } from '../../domain/escalation.ts';
import { checkIntake, intakeFields, sources, type IntakeField, type IntakeRecord } from '../../domain/intake.ts';
import { transaction, type Sql } from '../db/connection.ts';
import type { ApiClient } from './api-clients.ts';
import { IntakeRefusal, registerItem, type Registrar } from './register.ts';
import { INTAKE_LOCK } from './serials.ts';

/**
 * POST /api/v1/items for upstream systems (国家/省信访信息系统, 12345). Idempotent by the
 * client's source and the item's sourceId: a retry returns the item already registered with
 * 200 and changes nothing; concurrent duplicates queue on an advisory lock, so exactly one
 * registers. Refusals are `{ error, field }` in Chinese: 400 for a body of the wrong shape,
 * 422 for a value that is wrong, 403 for a place outside the client's scope, 409 for a source
 * id already used by different content.
 */
export type ApiReply = { status: 200 | 201 | 400 | 403 | 409 | 422; body: Record<string, unknown> };

type Kind = 'string' | 'number' | 'object';
const SHAPE: Record<string, Kind> = {
	sourceId: 'string', channel: 'string', receivedAt: 'string', region: 'string', category: 'string', type: 'string',
	summary: 'string', headcount: 'number', unitId: 'number', unitName: 'string', routedAt: 'string', petitioner: 'object', receivedBy: 'string'
};
const PETITIONER: Record<string, Kind> = { name: 'string', phone: 'string', idNumber: 'string' };
const LABELS: Record<string, string> = { ...intakeFields, unitId: '责任单位编号', unitName: '责任单位名称', petitioner: '信访人', name: '信访人姓名', receivedBy: '接待机关' };
const KINDS: Record<Kind, string> = { string: '文本（字符串）', number: '数字', object: '对象' };

const refuse = (status: ApiReply['status'], field: string, error: string): ApiReply => ({ status, body: { error, field } });

/** Unknown keys and wrong JSON types, named by their path (petitioner.phone). */
function shapeError(body: unknown): ApiReply | null {
	if (typeof body !== 'object' || body === null || Array.isArray(body)) return refuse(400, '', '请求体应为 JSON 对象');
	const check = (object: Record<string, unknown>, shape: Record<string, Kind>, prefix: string): ApiReply | null => {
		for (const [key, value] of Object.entries(object)) {
			const path = prefix + key;
			if (!Object.hasOwn(shape, key)) return refuse(400, path, `不支持的字段 ${path.slice(0, 60)}`);
			if (value === null || value === undefined) continue;
			const kind = shape[key];
			const actual = Array.isArray(value) ? 'array' : typeof value;
			if (actual !== kind) return refuse(400, path, `${LABELS[key] ?? key}（${path}）应为${KINDS[kind]}`);
			if (kind === 'object') {
				const nested = check(value as Record<string, unknown>, PETITIONER, `${path}.`);
				if (nested) return nested;
			}
		}
		return null;
	};
	return check(body as Record<string, unknown>, SHAPE, '');
}

/** The API's name for a record field, for `field` in a refusal. */
function apiField(field: IntakeField, input: Record<string, unknown>): string {
	if (field === 'unit') return input.unitId !== undefined && input.unitId !== null ? 'unitId' : 'unitName';
	return { petitionerName: 'petitioner.name', phone: 'petitioner.phone', idNumber: 'petitioner.idNumber' }[field as string] ?? field;
}

const text = (value: unknown) => (value === null || value === undefined ? '' : String(value));

export async function registerFromApi(sql: Sql, client: ApiClient, body: unknown, meta: { ip: string | null; now?: Date }): Promise<ApiReply> {
	const now = meta.now ?? new Date();
	const shape = shapeError(body);
	if (shape) return shape;
	const input = body as Record<string, unknown>;
	const petitioner = (input.petitioner ?? {}) as Record<string, unknown>;
	for (const key of ['sourceId', 'channel', 'receivedAt', 'region', 'category', 'type', 'summary'])
		if (input[key] === undefined || input[key] === null) return refuse(400, key, `缺少字段 ${key}（${LABELS[key]}）`);
	if (input.petitioner != null && (petitioner.name === undefined || petitioner.name === null)) return refuse(400, 'petitioner.name', '缺少字段 petitioner.name（信访人姓名）');
	const hasUnitId = input.unitId !== undefined && input.unitId !== null;
	if (hasUnitId && input.unitName != null) return refuse(400, 'unitId', 'unitId 和 unitName 只能填写一个');
	if (hasUnitId && !(Number.isSafeInteger(input.unitId) && (input.unitId as number) > 0)) return refuse(422, 'unitId', '责任单位编号（unitId）应为正整数');
	if (input.headcount != null && !Number.isSafeInteger(input.headcount)) return refuse(422, 'headcount', '人数（headcount）应为 1–10000 的整数');
	if (!/^\d{6}$/.test(text(input.region))) return refuse(422, 'region', '问题属地（region）应为 6 位行政区划代码');
	// 接待机关: who received it, for 越级 (a national system forwards what the 国家信访局 or a province received); default the client's scope
	const receivedBy = input.receivedBy == null ? undefined : text(input.receivedBy);
	if (receivedBy !== undefined) {
		if (!/^[1-9]\d{5}$/.test(receivedBy)) return refuse(422, 'receivedBy', '接待机关（receivedBy）应为 6 位行政区划代码（国家信访局为 100000）');
		if (receivedBy !== NATIONAL_BODY && !(await sql`select 1 from region where adcode = ${receivedBy}`).length)
			return refuse(422, 'receivedBy', `接待机关（receivedBy）的行政区划代码 ${receivedBy} 不存在（国家信访局为 100000）`);
	}

	const record: IntakeRecord = {
		sourceId: text(input.sourceId), channel: text(input.channel), receivedAt: text(input.receivedAt), region: text(input.region),
		category: text(input.category), type: text(input.type), summary: text(input.summary), headcount: text(input.headcount),
		unit: hasUnitId ? String(input.unitId) : text(input.unitName), routedAt: text(input.routedAt),
		petitionerName: text(petitioner.name), phone: text(petitioner.phone), idNumber: text(petitioner.idNumber)
	};
	const checked = checkIntake(record, now, { requireSourceId: true });
	if (!checked.ok) {
		const errors = checked.errors.map((e) => ({ field: apiField(e.field, input), error: e.message }));
		return { status: 422, body: { ...errors[0], errors } };
	}
	const draft = checked.draft;
	const sourceId = draft.sourceId!;
	const registrar: Registrar = { scope: client.scope, actor: client.name, userId: null, username: `接口:${client.name}`, apiClientId: client.id, ip: meta.ip };

	try {
		return await transaction(sql, async (tx) => {
			// concurrent posts of the same item queue here; the later one then finds the earlier's row
			await tx`select pg_advisory_xact_lock(${INTAKE_LOCK + 1}, hashtext(${`${client.source}:${sourceId}`}))`;
			const [existing] = await tx<{ id: bigint; serial: string; status: string; same: boolean }[]>`
				select id, serial, status,
				       (channel, received_at, region, category, type, summary, headcount)
				         is not distinct from (${draft.channel}, ${draft.receivedAt}::timestamptz, ${draft.region}, ${draft.category}, ${draft.type}, ${draft.summary}, ${draft.headcount}::int) as same
				  from petition_item where source = ${client.source} and source_id = ${sourceId}`;
			if (existing && !existing.same)
				return { status: 409 as const, body: { error: `来源编号 ${sourceId} 已登记为信访件 ${existing.serial}，且内容与本次提交不同`, field: 'sourceId', id: String(existing.id), serial: existing.serial } };
			if (existing) {
				const warnings = await tx`select code, field, message from item_quality_warning where item_id = ${existing.id} order by code`;
				return { status: 200 as const, body: replyBody(existing.id, existing.serial, existing.status, client, sourceId, [...warnings], true) };
			}
			const item = await registerItem(tx, draft, registrar, { source: client.source, now, note: `经接口接收：${sources[client.source]}（来源编号 ${sourceId}）`, receivedBy });
			return { status: 201 as const, body: replyBody(item.id, item.serial, item.status, client, sourceId, item.warnings, false) };
		});
	} catch (e) {
		if (e instanceof IntakeRefusal) return refuse(e.status, apiField(e.field, input), e.message);
		throw e;
	}
}

function replyBody(id: bigint, serial: string, status: string, client: ApiClient, sourceId: string, warnings: unknown[], duplicate: boolean) {
	return { id: String(id), serial, status, source: client.source, sourceId, duplicate, warnings };
}
