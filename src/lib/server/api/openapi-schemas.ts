import { transitions } from '../../domain/lifecycle.ts';
import { categories, channels, itemTypes, satisfactions, statuses } from '../../domain/vocabulary.ts';
import { eventInputs, eventTypes, type InputField } from './event-types.ts';

/** The JSON Schemas of the API's bodies, built from the same tables the code validates with. */
type Schema = Record<string, unknown>;

const codes = (table: Record<string, string>) => ({ type: 'string', enum: Object.keys(table), description: Object.entries(table).map(([c, l]) => `${c}=${l}`).join('，') });
const instant = (description: string): Schema => ({ type: 'string', format: 'date-time', description });
const nullable = (schema: Schema): Schema => ({ ...schema, type: [schema.type as string, 'null'] });

function inputFieldSchema(field: InputField): Schema {
	if (field.kind === 'integer') return { type: 'integer', minimum: field.min, maximum: field.max, description: field.label, examples: [field.example] };
	if (field.kind === 'date') return { type: 'string', format: 'date', description: `${field.label}（年-月-日）`, examples: [field.example] };
	if (field.values) return { ...codes(field.values), description: `${field.label}：${codes(field.values).description}` };
	return { type: 'string', minLength: 1, maxLength: field.max, description: field.label, examples: [field.example] };
}

/** One request schema per event type, told apart by `type`. */
export function eventSchemas(): Record<string, Schema> {
	const out: Record<string, Schema> = {};
	for (const type of eventTypes) {
		const fields = eventInputs[type];
		const rule = transitions[type];
		const required = Object.entries(fields).filter(([, f]) => f.required).map(([k]) => k);
		out[`Event_${type}`] = {
			type: 'object',
			title: `${rule.label}（${type}）`,
			description: `${rule.label}：事项须处于 ${rule.from.join('、')}；之后为 ${rule.to === 'same' ? '状态不变' : rule.to}。时限：${rule.clock}。`,
			additionalProperties: false,
			required: ['eventId', 'type', 'at', ...(required.length ? ['input'] : [])],
			properties: {
				eventId: { $ref: '#/components/schemas/EventId' },
				type: { const: type },
				at: instant('事件在发送方系统中发生的时间（带时区）；不得早于该事项最近一次办理，不得晚于当前时间'),
				input: {
					type: 'object',
					additionalProperties: false,
					required,
					properties: Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, inputFieldSchema(f)]))
				}
			}
		};
	}
	return out;
}

export const commonSchemas: Record<string, Schema> = {
	EventId: { type: 'string', minLength: 1, maxLength: 100, description: '发送方系统内该事件的唯一编号；同一编号再次提交，返回第一次的答复（含状态码），不会重复办理' },
	Error: {
		type: 'object',
		required: ['error', 'field'],
		properties: {
			error: { type: 'string', description: '中文说明，【】内为拒绝所依据的规则' },
			field: { type: 'string', description: '出错的字段（如 input.reason、at、serial），与请求无关时为空' },
			rule: { type: 'string', description: '规则代码（如 state、order、not-found、input）' },
			eventId: { type: 'string' },
			replayed: { type: 'boolean', description: '是否为同一事件编号此前的答复' }
		}
	},
	EventApplied: {
		type: 'object',
		required: ['eventId', 'serial', 'type', 'label', 'from', 'to', 'at', 'itemEventId', 'replayed'],
		properties: {
			eventId: { type: 'string' },
			serial: { type: 'string', examples: ['370102-20261119-000017'] },
			type: { type: 'string', enum: eventTypes },
			label: { type: 'string', examples: ['受理'] },
			from: codes(statuses),
			to: codes(statuses),
			at: instant('事件时间'),
			itemEventId: { type: 'string', description: '本系统中该办理记录的编号' },
			replayed: { type: 'boolean', description: 'true：同一事件编号此前已办理，这是第一次的答复' }
		}
	},
	ItemRegistration: {
		type: 'object',
		additionalProperties: false,
		required: ['sourceId', 'channel', 'receivedAt', 'region', 'category', 'type', 'summary'],
		properties: {
			sourceId: { type: 'string', maxLength: 64, description: '来源编号：发送方系统内该事项的编号（幂等键）' },
			channel: codes(channels),
			receivedAt: instant('收件时间'),
			region: { type: 'string', pattern: '^[0-9]{6}$', description: '问题属地，6 位行政区划代码' },
			category: codes(categories),
			type: codes(itemTypes),
			summary: { type: 'string', minLength: 1, maxLength: 2000, description: '内容摘要' },
			headcount: { type: 'integer', minimum: 1, maximum: 10000, description: '人数' },
			unitId: { type: 'integer', description: '责任单位编号（与 unitName 二选一）' },
			unitName: { type: 'string', description: '责任单位名称（与 unitId 二选一）' },
			receivedBy: { type: 'string', pattern: '^[1-9][0-9]{5}$', description: '接待机关的行政区划代码（国家信访局为 100000），按它认定越级；不填则为接口客户端的范围' },
			routedAt: instant('转送交办时间'),
			petitioner: {
				type: 'object',
				additionalProperties: false,
				required: ['name'],
				properties: { name: { type: 'string' }, phone: { type: 'string' }, idNumber: { type: 'string' } }
			}
		}
	},
	ItemRegistered: {
		type: 'object',
		properties: {
			id: { type: 'string' }, serial: { type: 'string' }, status: codes(statuses), source: { type: 'string' },
			sourceId: { type: 'string' }, duplicate: { type: 'boolean' }, warnings: { type: 'array', items: { type: 'object' } }
		}
	},
	ItemState: {
		type: 'object',
		description: '对账用的事项状态：不含信访人信息和任何正文（摘要、理由、意见）',
		properties: {
			serial: { type: 'string' },
			sourceId: nullable({ type: 'string', description: '本客户端所属系统的来源编号；其他来源的事项为 null' }),
			source: { type: 'string' },
			region: { type: 'string' },
			unit: { type: ['object', 'null'], properties: { id: { type: 'integer' }, name: { type: 'string' } } },
			status: codes(statuses),
			track: { type: 'string' },
			receivedAt: instant('收件时间'),
			routedAt: nullable(instant('转送交办时间')),
			acceptedAt: nullable(instant('受理时间')),
			rejectedAt: nullable(instant('不予受理时间')),
			concludedAt: nullable(instant('办结时间')),
			reopenedAt: nullable(instant('最近一次退回重办的时间（受理时间不变，办结时限自此重新计算）')),
			closedAt: nullable(instant('终结时间')),
			outcome: { type: ['string', 'null'], description: '处理意见：support / partial / explain / reject' },
			satisfaction: { type: ['string', 'null'], enum: [...Object.keys(satisfactions), null] },
			clock: {
				type: 'object',
				description: '大屏所示的当前时限与灯色',
				properties: {
					kind: { type: 'string' }, due: { type: ['string', 'null'], format: 'date' },
					light: { type: 'string', enum: ['green', 'yellow', 'due_today', 'red', 'paused', 'none'] },
					extendedDays: { type: 'integer' }, acceptDue: { type: ['string', 'null'], format: 'date' }, concludeDue: { type: ['string', 'null'], format: 'date' }
				}
			},
			lastEvent: {
				type: ['object', 'null'],
				properties: {
					at: instant('最近一次办理的时间'), from: { type: ['string', 'null'] }, to: { type: 'string' },
					eventId: { type: ['string', 'null'], description: '该办理若由本客户端报告，为其事件编号' }
				}
			},
			changedAt: instant('最近一次变化的时间')
		}
	},
	ItemChanges: {
		type: 'object',
		required: ['items', 'nextCursor', 'nextChangedSince', 'serverTime'],
		properties: {
			items: { type: 'array', items: { $ref: '#/components/schemas/ItemState' } },
			nextCursor: { type: ['string', 'null'], description: '还有下一页时，原样带上取下一页；null 为本次已取完' },
			nextChangedSince: instant('取完后下一次对账使用的 changedSince（服务器时间减 60 秒，以免漏掉刚提交的变化；个别事项可能重复出现）'),
			serverTime: instant('服务器当前时间')
		}
	}
};
