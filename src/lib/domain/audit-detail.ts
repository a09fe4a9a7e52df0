/**
 * The audit log in words: an entry's stored detail (small JSON written by each action) read as
 * Chinese — field names named, codes translated, a change shown as before → after. Pure.
 */
import { localMinute } from '../time.ts';
import { roles } from './access.ts';
import { letterKinds, letterStatuses } from './letters.ts';
import { categories, channels, satisfactions, statuses } from './vocabulary.ts';

const FIELD_LABELS: Record<string, string> = {
	serial: '事项编号',
	item: '议程项',
	items: '涉及事项',
	itemId: '事项',
	letterId: '函件',
	number: '文号',
	kind: '种类',
	unit: '单位',
	unitId: '单位',
	userId: '账号',
	region: '地区',
	scope: '范围',
	role: '角色',
	name: '名称',
	displayName: '姓名',
	title: '标题',
	note: '说明',
	reason: '理由',
	length: '字数',
	due: '期限',
	deadline: '限期',
	days: '天数',
	meeting: '会议',
	snapshot: '快照',
	baseline: '基准快照',
	agenda: '议程条数',
	seq: '态势序号',
	job: '任务',
	format: '格式',
	document: '文书',
	op: '操作',
	direction: '方向',
	forced: '首次登录强制修改',
	sessionsEnded: '结束的会话',
	lastMinute: '近一分钟次数',
	clientId: '接口客户端',
	source: '来源系统',
	tokenPrefix: '令牌前缀',
	expires: '有效期至',
	leaderId: '包案领导',
	leadUnitId: '牵头单位',
	coUnitIds: '稳控单位',
	rows: '行数',
	created: '新建',
	replaced: '替换',
	withWarnings: '含校对提示',
	builtin: '内置布局',
	panels: '面板数',
	persons: '人数',
	receptionId: '接访记录',
	holidays: '节假日',
	workdays: '调休工作日',
	category: '类别',
	channel: '渠道',
	status: '状态',
	satisfaction: '满意度',
	version: '规则版本',
	label: '名称',
	sourceEventId: '来源事件',
	action: '操作',
	at: '发生时间',
	userAgent: '浏览器'
};

const OPS: Record<string, string> = { add: '新增', edit: '编辑', move: '调整顺序', up: '上移', down: '下移' };
/** Codes a value may be, by vocabulary; a code not found stays as it is. */
const CODES: Record<string, string> = { ...letterKinds, ...categories, ...channels, ...satisfactions, ...OPS };
/** Fields whose codes are read in a vocabulary of their own ('unit' is a role here, not a unit). */
const VOCABULARY_OF: Record<string, Record<string, string>> = { role: roles };
const fieldText = (key: string, value: unknown) => valueText(value, VOCABULARY_OF[key]);

export type DetailPart = { label: string; text: string };

function valueText(value: unknown, vocabulary: Record<string, string> = CODES): string {
	if (value === null || value === undefined || value === '') return '—';
	if (typeof value === 'boolean') return value ? '是' : '否';
	if (typeof value === 'number') return String(value);
	if (typeof value === 'string') {
		// an instant (stored in UTC, or with its offset) reads in Beijing time, as every page shows it
		if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/.test(value)) return localMinute(value);
		if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/.test(value)) return value.slice(0, 16).replace('T', ' ');
		return vocabulary[value] ?? value;
	}
	if (Array.isArray(value)) return value.length <= 5 ? value.map((v) => valueText(v)).join('、') : `${value.length} 项`;
	return Object.entries(value as Record<string, unknown>)
		.map(([k, v]) => `${FIELD_LABELS[k] ?? k} ${valueText(v)}`)
		.join('，');
}

/**
 * The parts of a detail in reading order: a state change (from → to) first, then each changed
 * field (before → after), then the rest, each under its Chinese name.
 */
export function auditDetailParts(detail: Record<string, unknown> | null | undefined): DetailPart[] {
	if (!detail) return [];
	const parts: DetailPart[] = [];
	// an item's step is named by its label (转送交办): its code (route) says nothing more
	const { from, to, before, after, action, ...rest } = detail;
	if (action !== undefined && !('label' in detail)) rest.action = action;
	// a letter's states and an item's share codes ('closed'): read them in the object's own words
	const states: Record<string, string> = 'letterId' in detail ? letterStatuses : statuses;
	if (from !== undefined || to !== undefined) parts.push({ label: '状态', text: `${valueText(from, states)} → ${valueText(to, states)}` });
	if (before && after && typeof before === 'object' && typeof after === 'object') {
		const b = before as Record<string, unknown>;
		const a = after as Record<string, unknown>;
		for (const key of [...new Set([...Object.keys(b), ...Object.keys(a)])])
			if (JSON.stringify(b[key]) !== JSON.stringify(a[key])) parts.push({ label: FIELD_LABELS[key] ?? key, text: `${fieldText(key, b[key])} → ${fieldText(key, a[key])}` });
	} else {
		if (before !== undefined) parts.push({ label: '原值', text: valueText(before) });
		if (after !== undefined) parts.push({ label: '新值', text: valueText(after) });
	}
	for (const [key, value] of Object.entries(rest)) parts.push({ label: FIELD_LABELS[key] ?? key, text: fieldText(key, value) });
	return parts;
}

/** The detail as one line: "状态：已签发 → 已签收；函件：12". */
export const auditDetailText = (detail: Record<string, unknown> | null | undefined) =>
	auditDetailParts(detail)
		.map((p) => `${p.label}：${p.text}`)
		.join('；');
