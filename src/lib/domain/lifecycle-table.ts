/**
 * The lifecycle of a petition item as a table: for each action, the states it starts from, who
 * may take it, where it leads and what it does to the statutory clocks. `decide` in lifecycle.ts
 * reads this table first and then checks each action's own preconditions.
 */
import type { Status } from './vocabulary.ts';

/**
 * Who may act. office: 信访部门 staff (督查督办) whose scope holds the item; unit: an account of
 * the unit handling the item; head: such an account marked 单位负责人; petitioner: the one-time
 * evaluation link. An upstream system (api) in scope stands for any of the first three: it
 * reports what happened at its end.
 */
export type Who = 'office' | 'unit' | 'head' | 'petitioner';

export const whoLabels: Record<Who, string> = {
	office: '信访部门',
	unit: '承办单位',
	head: '承办单位负责人',
	petitioner: '信访人'
};

export type TransitionRule = {
	label: string;
	from: readonly Status[];
	/** where it leads; 'same': the status does not change */
	to: Status | 'same';
	who: readonly Who[];
	/** what it does to the clocks, in words (the closing note's table) */
	clock: string;
};

export const transitions = {
	route: { label: '转送交办', from: ['registered'], to: 'routed', who: ['office'], clock: '停止转送交办时限，开始 15 日受理告知时限' },
	reassign: {
		label: '改派',
		from: ['routed', 'accepted', 'handling'],
		to: 'routed',
		who: ['office'],
		clock: '新承办单位重新开始 15 日受理告知时限（已受理的，办结时限作废）'
	},
	accept: { label: '受理', from: ['routed'], to: 'accepted', who: ['unit', 'office'], clock: '停止受理告知时限，开始 60 日办结时限' },
	reject: { label: '不予受理', from: ['routed'], to: 'rejected', who: ['unit', 'office'], clock: '以书面告知停止受理告知时限，此后不再计时' },
	'refuse-again': {
		label: '不再受理',
		from: ['registered', 'routed'],
		to: 'rejected',
		who: ['unit', 'office'],
		clock: '停止正在运行的转送交办或受理告知时限，此后不再计时'
	},
	// 诉访分离 (《信访工作条例》第31条、《信访条例》第14、21条): a 申诉求决类 claim that belongs to
	// litigation, arbitration, 复议 or another statutory channel leaves the petition procedure, from
	// registration (at the 信访部门) up to handling (a unit that finds it so while handling it); once
	// concluded the petition procedure has answered, and 复查/复核 are petition procedure themselves.
	divert: {
		label: '诉访分离',
		from: ['registered', 'routed', 'accepted', 'handling'],
		to: 'diverted',
		who: ['office', 'unit'],
		clock: '导入诉讼、仲裁、复议等法定途径：信访时限一律停止，此后不再计时'
	},
	start: { label: '开始办理', from: ['accepted'], to: 'handling', who: ['unit'], clock: '办结时限继续' },
	'extend-request': {
		label: '申请延期',
		from: ['accepted', 'handling'],
		to: 'same',
		who: ['unit', 'office'],
		clock: '承办单位申请：不变（待批准）；信访部门提出即一并批准，办结时限延长所批天数'
	},
	'extend-approve': { label: '批准延期', from: ['accepted', 'handling'], to: 'same', who: ['head', 'office'], clock: '办结时限延长所批天数（合计不超过 30 日）' },
	'extend-deny': { label: '不批准延期', from: ['accepted', 'handling'], to: 'same', who: ['head', 'office'], clock: '不变' },
	'pause-start': {
		label: '听证中止计时',
		from: ['routed', 'accepted', 'handling', 'review', 'recheck'],
		to: 'same',
		who: ['unit', 'office'],
		clock: '运行中且按规则可中止的时限停止计算'
	},
	'pause-end': {
		label: '听证结束恢复计时',
		from: ['routed', 'accepted', 'handling', 'review', 'recheck'],
		to: 'same',
		who: ['unit', 'office'],
		clock: '时限恢复，中止的日数不计入期限'
	},
	conclude: {
		label: '办结',
		from: ['accepted', 'handling'],
		to: 'concluded',
		who: ['unit'],
		clock: '停止办结时限；送达处理意见书，开始信访人 30 日复查申请期'
	},
	evaluate: { label: '评价', from: ['concluded', 'review', 'recheck', 'closed'], to: 'same', who: ['office', 'unit', 'petitioner'], clock: '不变' },
	'review-request': { label: '复查申请', from: ['concluded'], to: 'review', who: ['office'], clock: '停止复查申请期，开始 30 日复查办理时限' },
	'review-decide': { label: '复查意见', from: ['review'], to: 'same', who: ['office'], clock: '停止复查办理时限，开始信访人 30 日复核申请期' },
	'recheck-request': { label: '复核申请', from: ['review'], to: 'recheck', who: ['office'], clock: '停止复核申请期，开始 30 日复核办理时限' },
	'recheck-decide': { label: '复核意见', from: ['recheck'], to: 'same', who: ['office'], clock: '停止复核办理时限；复核意见为终结意见' },
	close: { label: '终结', from: ['concluded', 'review', 'recheck'], to: 'closed', who: ['office'], clock: '无时限运行时方可终结' },
	'send-back': {
		label: '退回重办',
		from: ['concluded'],
		to: 'handling',
		who: ['office'],
		clock: '撤销办结与评价，自退回之日重新开始 60 日办结时限（已批延期仍计入 30 日上限）'
	}
} as const satisfies Record<string, TransitionRule>;

export type Action = keyof typeof transitions;
export const actions = Object.keys(transitions) as Action[];

/** 信访处理意见 (第32条): the four kinds of answer. */
export const outcomes = { support: '支持', partial: '部分支持', explain: '解释说明', reject: '不予支持' } as const;
export type Outcome = keyof typeof outcomes;
