import { eventTypes } from './event-types.ts';
import { DEFAULT_LIMIT, MAX_LIMIT } from './changes.ts';
import { API_BURST, API_PER_MINUTE } from './limits.ts';
import { commonSchemas, eventSchemas } from './openapi-schemas.ts';

/**
 * The API's description, OpenAPI 3.1, served at /api/v1/openapi.json. Built from the tables the
 * endpoints validate with (event types and their inputs), and checked against the route files
 * by openapi.spec.ts, so it stays true.
 */
const error = (description: string) => ({ description, content: { 'application/json': { schema: { $ref: '#/components/schemas/Error' } } } });
const common = {
	'401': error('缺少有效的接口令牌，或令牌已停用'),
	'429': error(`请求过于频繁（每个令牌可连续 ${API_BURST} 次，之后每分钟 ${API_PER_MINUTE} 次）；见 Retry-After`)
};

export function openApiDocument() {
	const events = eventSchemas();
	return {
		openapi: '3.1.0',
		info: {
			title: '瞭望 Liaowang 上游系统接口',
			version: '1.0.0',
			description:
				'供国家/省信访信息系统、12345 热线和县级台账系统使用：推送信访事项、报告事项的每一个办理环节、按变化时间对账。' +
				'所有接口以管理员在“接口客户端”中发放的令牌认证（Authorization: Bearer lwk_…），只能看到和办理令牌所属行政区域内的事项。' +
				'拒绝时返回 { error, field }，error 为中文，field 指明出错的字段。'
		},
		servers: [{ url: '/' }],
		security: [{ bearer: [] }],
		paths: {
			'/api/v1/items': {
				get: {
					operationId: 'listChangedItems',
					summary: '对账：自某一时间起有变化的事项',
					description: '按变化时间（其次按事项）升序分页返回令牌区域内状态、单位、时限或灯色有变化的事项。取完一轮（nextCursor 为 null）后，以 nextChangedSince 作为下一轮的 changedSince。',
					parameters: [
						{ name: 'changedSince', in: 'query', required: true, schema: { type: 'string', format: 'date-time' }, description: '带时区的 ISO 8601 时间；返回此时及之后有变化的事项' },
						{ name: 'cursor', in: 'query', required: false, schema: { type: 'string' }, description: '上一页返回的 nextCursor' },
						{ name: 'limit', in: 'query', required: false, schema: { type: 'integer', minimum: 1, maximum: MAX_LIMIT, default: DEFAULT_LIMIT } }
					],
					responses: {
						'200': { description: '一页事项', content: { 'application/json': { schema: { $ref: '#/components/schemas/ItemChanges' } } } },
						'400': error('查询参数有误（field 为参数名）'),
						...common
					}
				},
				post: {
					operationId: 'registerItem',
					summary: '推送信访事项（登记）',
					description: '按（来源系统，sourceId）幂等：首次 201，重试 200 返回同一事项，同一 sourceId 内容不同 409。',
					requestBody: { required: true, content: { 'application/json': { schema: { $ref: '#/components/schemas/ItemRegistration' } } } },
					responses: {
						'201': { description: '已登记', content: { 'application/json': { schema: { $ref: '#/components/schemas/ItemRegistered' } } } },
						'200': { description: '同一事项此前已登记（重试）', content: { 'application/json': { schema: { $ref: '#/components/schemas/ItemRegistered' } } } },
						'400': error('请求体格式有误'),
						'403': error('问题属地不在令牌的行政区域内'),
						'409': error('同一 sourceId 已登记了不同内容'),
						'415': error('不是 application/json'),
						'422': error('字段的值有误'),
						'401': common['401']
					}
				}
			},
			'/api/v1/items/{serial}/events': {
				post: {
					operationId: 'postItemEvent',
					summary: '报告事项的一个办理环节',
					description:
						'事件类型（type）即办理操作：' + eventTypes.join('、') + '。按 eventId 幂等：同一编号再次提交，返回第一次的答复和状态码（replayed 为 true，响应头 Idempotent-Replayed: true），被拒绝的事件编号亦然，改正后请用新编号。' +
						'按 at 排序：晚到的事件只要不早于该事项最近一次办理，即按其发生时间办理；已早于的，以 409 拒绝并说明原因，不作任何改动。',
					parameters: [{ name: 'serial', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9]{6}-[0-9]{8}-[0-9]{6}$' }, description: '信访件编号（登记时返回的 serial）' }],
					requestBody: {
						required: true,
						content: {
							'application/json': {
								schema: {
									oneOf: eventTypes.map((t) => ({ $ref: `#/components/schemas/Event_${t}` })),
									discriminator: { propertyName: 'type', mapping: Object.fromEntries(eventTypes.map((t) => [t, `#/components/schemas/Event_${t}`])) }
								}
							}
						}
					},
					responses: {
						'201': { description: '已办理（或同一 eventId 此前已办理：第一次的答复）', content: { 'application/json': { schema: { $ref: '#/components/schemas/EventApplied' } } } },
						'400': error('请求体有误或办理内容不全（field 如 input.reason）'),
						'404': error('没有该编号的事项，或事项不在令牌的行政区域内'),
						'409': error('按规则不能办理：状态不符、时序已不能补入（rule=order）、时限已过等；或 eventId 已用于另一事项/操作'),
						'415': error('不是 application/json'),
						...common
					}
				}
			},
			'/api/v1/openapi.json': {
				get: {
					operationId: 'openApi',
					summary: '本接口说明（OpenAPI 3.1）',
					security: [],
					responses: { '200': { description: '本文档', content: { 'application/json': { schema: { type: 'object' } } } } }
				}
			}
		},
		components: {
			securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: '接口令牌 lwk_…，由管理员在 /admin/api-clients 发放，只显示一次' } },
			schemas: { ...commonSchemas, ...events }
		}
	};
}
