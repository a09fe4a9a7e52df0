/** Items in every status, actors of every kind and a valid input for every action (lifecycle specs). */
import type { Actor, Inputs, LifeFacts } from './lifecycle.ts';
import type { Action } from './lifecycle-table.ts';
import { facts, t, type Short } from './spec-support.ts';
import type { Status } from './vocabulary.ts';
import { localDay } from '../time.ts';

const base: Short = { received: '2026-03-02 09:00' };
const routed: Short = { ...base, routed: '2026-03-03 09:00', status: 'routed' };
const accepted: Short = { ...routed, accepted: '2026-03-05 09:00', status: 'accepted' };
const concluded: Short = { ...accepted, concluded: '2026-04-01 09:00', replied: '2026-04-01 09:00', status: 'concluded' };
const review: Short = { ...concluded, review: ['2026-04-10 09:00'], status: 'review' };
const recheck: Short = { ...concluded, review: ['2026-04-10 09:00', '2026-04-20 09:00', '2026-04-20 09:00'], recheck: ['2026-04-25 09:00'], status: 'recheck' };

/** Short facts for each status, with when its last step happened. */
export const shorts: Record<Status, [Short, string]> = {
	registered: [base, '2026-03-02 09:00'],
	routed: [routed, '2026-03-03 09:00'],
	accepted: [accepted, '2026-03-05 09:00'],
	handling: [{ ...accepted, status: 'handling' }, '2026-03-05 09:00'],
	rejected: [{ ...routed, rejected: '2026-03-04 09:00', status: 'rejected' }, '2026-03-04 09:00'],
	concluded: [concluded, '2026-04-01 09:00'],
	review: [review, '2026-04-10 09:00'],
	recheck: [recheck, '2026-04-25 09:00'],
	closed: [{ ...recheck, recheck: ['2026-04-25 09:00', '2026-05-10 09:00', '2026-05-10 09:00'], closed: '2026-05-11 09:00', status: 'closed' }, '2026-05-11 09:00'],
	diverted: [{ ...base, track: 'litigation', diverted: '2026-03-03 09:00', status: 'diverted' }, '2026-03-03 09:00']
};

export const UNIT = 7;
export const OTHER_UNIT = 8;

/** An item in the given status (unit 7 in 历下区 370102, 检举控告类), optionally with more facts. */
export function life(status: Status, more: Partial<LifeFacts> = {}, short: Partial<Short> = {}): LifeFacts {
	const [s, last] = shorts[status];
	return {
		...facts({ ...s, ...short }),
		id: '100',
		region: '370102',
		place: { path: ['370000', '370100', '370102'], name: '历下区' },
		// 检举控告类 by default: 诉访分离 (申诉求决类 only) is not on offer unless a spec asks for it
		type: 'complaint',
		unitId: status === 'registered' ? null : UNIT,
		satisfaction: null,
		pendingExtension: null,
		lastAt: t(last),
		...more
	};
}

/** The day after the status's last step, 10:00. */
export const dayAfter = (status: Status) => new Date(t(shorts[status][1]).getTime() + 25 * 3600_000);

export const actors = {
	office: { role: 'supervisor', scope: '370100', unitId: null, name: '市信访局 王督查' },
	officeElsewhere: { role: 'supervisor', scope: '370200', unitId: null, name: '青岛 李督查' },
	unit: { role: 'unit', scope: '370102', unitId: UNIT, name: '历下区人社局 经办' },
	head: { role: 'unit', scope: '370102', unitId: UNIT, unitHead: true, name: '历下区人社局 局长' },
	otherUnit: { role: 'unit', scope: '370102', unitId: OTHER_UNIT, name: '历下区住建局 经办' },
	otherHead: { role: 'unit', scope: '370102', unitId: OTHER_UNIT, unitHead: true, name: '历下区住建局 局长' },
	leader: { role: 'leader', scope: '370000', unitId: null, name: '省领导' },
	admin: { role: 'admin', scope: '370000', unitId: null, name: '管理员' },
	display: { role: 'display', scope: '370000', unitId: null, name: '大屏' },
	api: { role: 'api', scope: '370000', unitId: null, name: '国家信访信息系统' },
	apiElsewhere: { role: 'api', scope: '370200', unitId: null, name: '青岛 12345' },
	petitioner: { role: 'petitioner', scope: '370102', unitId: null, name: '信访人' }
} satisfies Record<string, Actor>;
export type ActorName = keyof typeof actors;

/** A valid input for each action, given when it is taken. */
export function inputFor(action: Action, at: Date): Inputs[Action] {
	const day = localDay(at);
	const inputs: { [A in Action]: Inputs[A] } = {
		route: { unitId: UNIT, unitRegion: '370102' },
		reassign: { unitId: OTHER_UNIT, unitRegion: '370102', reason: '不属本单位职责' },
		accept: {},
		reject: { reason: '已经或者依法应当通过诉讼途径解决', noticeOn: day },
		'refuse-again': { reason: '同一事实和理由', noticeOn: day, prior: { id: '1', serial: '370102-20250101-000001', concludedThroughAppeal: true } },
		divert: { track: 'litigation', reason: '属劳动争议，应通过仲裁、诉讼途径解决' },
		start: {},
		'extend-request': { days: 10, reason: '情况复杂' },
		'extend-approve': {},
		'extend-deny': { reason: '理由不充分' },
		'pause-start': { reason: '举行听证' },
		'pause-end': {},
		conclude: { outcome: 'partial', text: '经调查，部分诉求合理，予以支持。' },
		evaluate: { satisfaction: 'basic' },
		'review-request': {},
		'review-decide': { text: '维持原处理意见。' },
		'recheck-request': {},
		'recheck-decide': { text: '维持复查意见。' },
		close: {},
		'send-back': { reason: '处理意见未回应主要诉求' }
	};
	return inputs[action];
}
