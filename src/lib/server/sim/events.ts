/**
 * The petition_event rows of an item: one per status step it went through, derived from its
 * lifecycle so events and the item row can never disagree. Same-status rows (延期, 满意度评价,
 * 复查意见) record steps that matter to the clocks or the rates without changing the status.
 */
import type { Status } from '../../domain/vocabulary.ts';
import type { Lifecycle, Outcome, Satisfaction, Track } from './lifecycle.ts';

export type PetitionEvent = { at: number; from: Status | null; to: Status; actor: string; note: string | null };

/** Who acts: the 信访局 that registers, the responsible unit, and the bodies one and two levels up. */
export type Actors = { registrar: string; unit: string; reviewer: string; rechecker: string };

const TRACKS: Record<Exclude<Track, 'petition'>, string> = {
	litigation: '诉讼等法律程序',
	arbitration: '劳动人事争议仲裁',
	party: '党员申诉程序',
	administrative: '行政复议等行政程序',
	duty: '依法履职程序'
};
const OUTCOMES: Record<Outcome, string> = { support: '支持', explain: '解释说明', reject: '不予支持' };
export const SATISFACTION_LABELS: Record<Satisfaction, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' };

export function eventsOf(receivedAt: number, life: Lifecycle, actors: Actors): PetitionEvent[] {
	const events: PetitionEvent[] = [{ at: receivedAt, from: null, to: 'registered', actor: actors.registrar, note: null }];
	const add = (at: number | undefined, from: Status, to: Status, actor: string, note: string | null = null) => {
		if (at !== undefined) events.push({ at, from, to, actor, note });
	};
	if (life.divertedAt !== undefined && life.track !== 'petition')
		add(life.divertedAt, 'registered', 'diverted', actors.registrar, `诉访分离：导入${TRACKS[life.track]}`);
	add(life.routedAt, 'registered', 'routed', actors.registrar, `转送交办${actors.unit}`);
	add(life.rejectedAt, 'routed', 'rejected', actors.unit, '不予受理，已书面告知信访人');
	add(life.acceptedAt, 'routed', 'accepted', actors.unit, '受理，已告知信访人');
	add(life.handlingAt, 'accepted', 'handling', actors.unit);
	add(life.extendedAt, 'handling', 'handling', actors.unit, `经本机关负责人批准延期${life.extendedDays}日，已告知信访人`);
	if (life.outcome) add(life.concludedAt, 'handling', 'concluded', actors.unit, `出具信访处理意见书：${OUTCOMES[life.outcome]}`);
	if (life.satisfaction) add(life.evaluatedAt, 'concluded', 'concluded', '信访人', `满意度评价：${SATISFACTION_LABELS[life.satisfaction]}`);
	add(life.reviewAt, 'concluded', 'review', actors.reviewer, '信访人申请复查');
	add(life.reviewDecidedAt, 'review', 'review', actors.reviewer, '出具复查意见');
	add(life.recheckAt, 'review', 'recheck', actors.rechecker, '信访人申请复核');
	if (life.recheckAt !== undefined) add(life.closedAt, 'recheck', 'closed', actors.rechecker, '出具复核意见，信访事项终结');
	else add(life.closedAt, 'review', 'closed', '系统', '复查意见送达满30日未申请复核，信访事项终结');
	return events;
}
