import { parseLocalDateTime } from '../../domain/intake.ts';
import { outcomes, transitions, type Action } from '../../domain/lifecycle.ts';
import { satisfactions } from '../../domain/vocabulary.ts';
import { eventInputs } from '../api/event-types.ts';
import { normaliseHeader } from '../intake/import/columns.ts';
import { localDay } from '../../time.ts';

/**
 * 办理台账 (a unit's or county's ledger of later steps): one row per step — serial, step, time
 * and what the step needs. Like the registration ledger, a header is found by its name or a
 * common variant, and every cell at fault is named by row and column in Chinese.
 */
export type LedgerField = 'serial' | 'event' | 'at' | 'unit' | 'reason' | 'noticeOn' | 'days' | 'outcome' | 'text' | 'satisfaction' | 'priorSerial' | 'eventId';

export const STATUS_COLUMNS: { field: LedgerField; header: string; required: boolean; aliases: string[] }[] = [
	{ field: 'serial', header: '信访件编号', required: true, aliases: ['事项编号', '编号', '信访事项编号'] },
	{ field: 'event', header: '办理环节', required: true, aliases: ['环节', '办理事项', '办理操作', '事件', '事件类型'] },
	{ field: 'at', header: '办理时间', required: true, aliases: ['时间', '发生时间', '办理日期', '日期'] },
	{ field: 'unit', header: '承办单位', required: false, aliases: ['责任单位', '转送单位', '交办单位', '改派单位'] },
	{ field: 'reason', header: '理由', required: false, aliases: ['原因', '说明', '不予受理理由', '延期理由', '退回理由', '改派理由', '中止理由'] },
	{ field: 'noticeOn', header: '告知日期', required: false, aliases: ['书面告知日期'] },
	{ field: 'days', header: '延期天数', required: false, aliases: ['天数'] },
	{ field: 'outcome', header: '处理意见', required: false, aliases: ['处理结果', '意见类型'] },
	{ field: 'text', header: '意见正文', required: false, aliases: ['处理意见书', '意见书正文', '复查意见', '复核意见', '正文'] },
	{ field: 'satisfaction', header: '评价', required: false, aliases: ['满意度', '评价结果'] },
	{ field: 'priorSerial', header: '原事项编号', required: false, aliases: ['已办结事项编号'] },
	{ field: 'eventId', header: '台账记录号', required: false, aliases: ['记录号', '事件编号', '流水号'] }
];

const BY_NAME = new Map<string, LedgerField>();
for (const c of STATUS_COLUMNS) for (const name of [c.header, ...c.aliases]) BY_NAME.set(name, c.field);
export const statusFieldOf = (header: string) => BY_NAME.get(normaliseHeader(header));

export type StatusColumns = { fields: (LedgerField | null)[]; headerOf: Partial<Record<LedgerField, string>> };

export function mapStatusColumns(headers: string[]): { ok: true; map: StatusColumns } | { ok: false; message: string } {
	const fields: (LedgerField | null)[] = [];
	const headerOf: Partial<Record<LedgerField, string>> = {};
	for (const header of headers) {
		const field = statusFieldOf(header) ?? null;
		if (field && headerOf[field] !== undefined) return { ok: false, message: `列“${headerOf[field]}”和列“${header}”表示同一内容，请删去其中一列` };
		if (field) headerOf[field] = header;
		fields.push(field);
	}
	const missing = STATUS_COLUMNS.filter((c) => c.required && headerOf[c.field] === undefined).map((c) => c.header);
	if (missing.length) return { ok: false, message: `缺少必填列：${missing.join('、')}` };
	return { ok: true, map: { fields, headerOf } };
}

/** A step by its Chinese name (转送交办, 受理 …, also 转送 and 交办) or its API code. */
const EVENT_NAMES = new Map<string, Action>();
for (const [action, rule] of Object.entries(transitions) as [Action, { label: string }][]) {
	EVENT_NAMES.set(action, action);
	EVENT_NAMES.set(rule.label, action);
}
for (const [alias, action] of [['转送', 'route'], ['交办', 'route'], ['听证', 'pause-start'], ['听证结束', 'pause-end'], ['复查', 'review-request'], ['复核', 'recheck-request']] as const) EVENT_NAMES.set(alias, action);
const byLabel = (table: Record<string, string>, text: string) => Object.entries(table).find(([code, label]) => text === code || text === label)?.[0];

export type StatusRow = { line: number; cells: Partial<Record<LedgerField, string>> };
export type CheckedRow = { line: number; serial: string; action: Action; at: Date; unitName: string | null; input: Record<string, unknown>; eventId: string | null };
export type CellError = { row: number; column: string; field: LedgerField | ''; message: string };

/** One row's cells, checked as the events API checks its body; the unit stays a name (looked up in scope later). */
export function checkStatusRow(row: StatusRow, map: StatusColumns, now: Date): { ok: true; row: CheckedRow } | { ok: false; errors: CellError[] } {
	const errors: CellError[] = [];
	const column = (field: LedgerField) => map.headerOf[field] ?? STATUS_COLUMNS.find((c) => c.field === field)!.header;
	const fail = (field: LedgerField, message: string) => errors.push({ row: row.line, column: column(field), field, message });
	const cell = (field: LedgerField) => (row.cells[field] ?? '').trim();

	const serial = cell('serial');
	if (!serial) fail('serial', '请填写信访件编号');
	else if (!/^[0-9]{6}-[0-9]{8}-[0-9]{6}$/.test(serial)) fail('serial', `信访件编号“${serial.slice(0, 30)}”格式不对，应如 370102-20261119-000017`);
	const eventText = cell('event');
	const action = EVENT_NAMES.get(eventText.replace(/\s/g, ''));
	if (!eventText) fail('event', '请填写办理环节');
	else if (!action) fail('event', `办理环节“${eventText.slice(0, 20)}”无效，应为：${Object.values(transitions).map((t) => t.label).join('、')}`);
	const when = cell('at');
	const parsed = when ? parseLocalDateTime(when) : null;
	if (!when) fail('at', '请填写办理时间');
	else if (!parsed) fail('at', `办理时间“${when.slice(0, 30)}”无法识别，请写成 2026-11-20 09:30 的格式`);
	else if (parsed.at.getTime() > now.getTime() + 60_000) fail('at', '办理时间不能晚于当前时间');
	const eventId = cell('eventId') || null;
	if (eventId && (eventId.length > 100 || /[\u0000-\u001f]/.test(eventId))) fail('eventId', '台账记录号应为 1–100 个字符');

	const input: Record<string, unknown> = {};
	let unitName: string | null = null;
	if (action) {
		const needs = eventInputs[action];
		if (needs.unitId) {
			unitName = cell('unit') || null;
			if (!unitName) fail('unit', `${transitions[action].label}须填写承办单位`);
		}
		for (const [key, spec] of Object.entries(needs)) {
			if (key === 'unitId') continue;
			const field = key as LedgerField;
			const text = cell(field);
			if (!text) {
				if (spec.required) fail(field, `${transitions[action].label}须填写${spec.label}`);
				continue;
			}
			if (spec.kind === 'integer') {
				if (!/^[0-9]{1,3}$/.test(text) || Number(text) < (spec.min ?? 1) || Number(text) > (spec.max ?? 30)) fail(field, `${spec.label}应为 ${spec.min}–${spec.max} 的整数`);
				else input[key] = Number(text);
			} else if (spec.kind === 'date') {
				const date = parseLocalDateTime(text);
				if (!date || date.hasTime) fail(field, `${spec.label}“${text.slice(0, 20)}”应为日期，如 2026-11-20`);
				else input[key] = localDay(date.at);
			} else if (spec.values) {
				const code = byLabel(key === 'outcome' ? outcomes : satisfactions, text);
				if (!code) fail(field, `${spec.label}“${text.slice(0, 20)}”无效，应为：${Object.values(spec.values).join('、')}`);
				else input[key] = code;
			} else if (Array.from(text).length > (spec.max ?? 500)) fail(field, `${spec.label}不能超过 ${spec.max} 字`);
			else input[key] = text;
		}
	}
	if (errors.length || !action || !parsed) return { ok: false, errors };
	return { ok: true, row: { line: row.line, serial, action, at: parsed.at, unitName, input, eventId } };
}
