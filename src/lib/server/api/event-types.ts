import { outcomes, transitions, type Action } from '../../domain/lifecycle.ts';
import { satisfactions, tracks } from '../../domain/vocabulary.ts';

/**
 * What each event type of `POST /api/v1/items/{serial}/events` carries in `input`: one table,
 * read by the validation and by the OpenAPI description, so the two cannot drift apart.
 * A `Record<Action, …>`: a transition added to the lifecycle does not compile until it is here.
 */
export type InputField = {
	kind: 'string' | 'integer' | 'date';
	label: string;
	required: boolean;
	/** the allowed codes, with their Chinese labels */
	values?: Record<string, string>;
	max?: number;
	min?: number;
	example: string | number;
};

const reason = (label: string): InputField => ({ kind: 'string', label, required: true, max: 500, example: `${label}示例` });
const text = (label: string): InputField => ({ kind: 'string', label, required: true, max: 2000, example: `${label}正文` });
const noticeOn: InputField = { kind: 'date', label: '告知日期', required: true, example: '2026-11-20' };
const unitId: InputField = { kind: 'integer', label: '承办单位编号', required: true, min: 1, max: 2_147_483_647, example: 12 };

export const eventInputs: Record<Action, Record<string, InputField>> = {
	route: { unitId },
	reassign: { unitId, reason: reason('改派理由') },
	accept: {},
	reject: { reason: reason('不予受理理由'), noticeOn },
	'refuse-again': {
		reason: reason('不再受理理由'),
		noticeOn,
		priorSerial: { kind: 'string', label: '已办结的同一事项编号', required: true, max: 22, example: '370102-20260301-000123' }
	},
	divert: {
		track: { kind: 'string', label: '导入程序', required: true, values: Object.fromEntries(Object.entries(tracks).filter(([k]) => k !== 'petition')), example: 'arbitration' },
		reason: reason('分离理由')
	},
	start: {},
	'extend-request': { days: { kind: 'integer', label: '延期天数', required: true, min: 1, max: 30, example: 15 }, reason: reason('延期理由') },
	'extend-approve': {},
	'extend-deny': { reason: reason('不批准理由') },
	'pause-start': { reason: reason('中止理由') },
	'pause-end': {},
	conclude: {
		outcome: { kind: 'string', label: '处理意见', required: true, values: { ...outcomes }, example: 'partial' },
		text: text('信访处理意见书')
	},
	evaluate: { satisfaction: { kind: 'string', label: '评价', required: true, values: { ...satisfactions }, example: 'satisfied' } },
	'review-request': {},
	'review-decide': { text: text('复查意见') },
	'recheck-request': {},
	'recheck-decide': { text: text('复核意见') },
	close: {},
	'send-back': { reason: reason('退回理由') }
};

export const eventTypes = Object.keys(eventInputs) as Action[];
export const isEventType = (value: unknown): value is Action => typeof value === 'string' && Object.hasOwn(eventInputs, value) && Object.hasOwn(transitions, value);
