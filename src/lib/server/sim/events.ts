/**
 * The petition_event rows of an item: one per status step it went through, derived from its
 * lifecycle so events and the item row can never disagree. Same-status rows (延期, 满意度评价,
 * 复查意见) record steps that matter to the clocks or the rates without changing the status.
 */
import type { Status } from '../../domain/vocabulary.ts';
import { STEPS, type Lifecycle, type Outcome, type Satisfaction, type Step, type Track } from './lifecycle.ts';

export type PetitionEvent = { at: number; from: Status | null; to: Status; actor: string; note: string | null };

/** Who acts: the 信访局 that registers, the responsible unit, and the bodies one and two levels up. */
export type Actors = { registrar: string; unit: string; reviewer: string; rechecker: string };

const TRACKS: Record<Track, string> = {
	petition: '信访程序',
	litigation: '诉讼等法律程序',
	arbitration: '劳动人事争议仲裁',
	party: '党员申诉程序',
	administrative: '行政复议等行政程序',
	duty: '依法履职程序'
};
const OUTCOMES: Record<Outcome, string> = { support: '支持', explain: '解释说明', reject: '不予支持' };
export const SATISFACTION_LABELS: Record<Satisfaction, string> = { satisfied: '满意', basic: '基本满意', unsatisfied: '不满意' };

/** The event a step writes; `life` supplies what the note mentions (track, outcome, …). */
export function stepEvent(step: Step, at: number, life: Lifecycle, actors: Actors): PetitionEvent {
	const e = (from: Status, to: Status, actor: string, note: string | null = null) => ({ at, from, to, actor, note });
	switch (step) {
		case 'divertedAt': return e('registered', 'diverted', actors.registrar, `诉访分离：导入${TRACKS[life.track]}`);
		case 'routedAt': return e('registered', 'routed', actors.registrar, `转送交办${actors.unit}`);
		case 'rejectedAt': return e('routed', 'rejected', actors.unit, '不予受理，已书面告知信访人');
		case 'acceptedAt': return e('routed', 'accepted', actors.unit, '受理，已告知信访人');
		case 'handlingAt': return e('accepted', 'handling', actors.unit);
		case 'extendedAt': return e('handling', 'handling', actors.unit, `经本机关负责人批准延期${life.extendedDays}日，已告知信访人`);
		case 'concludedAt': return e('handling', 'concluded', actors.unit, `出具信访处理意见书：${life.outcome ? OUTCOMES[life.outcome] : ''}`);
		case 'evaluatedAt': return e('concluded', 'concluded', '信访人', `满意度评价：${life.satisfaction ? SATISFACTION_LABELS[life.satisfaction] : '未评价'}`);
		case 'reviewAt': return e('concluded', 'review', actors.reviewer, '信访人申请复查');
		case 'reviewDecidedAt': return e('review', 'review', actors.reviewer, '出具复查意见');
		case 'recheckAt': return e('review', 'recheck', actors.rechecker, '信访人申请复核');
		case 'closedAt':
			return life.recheckAt !== undefined
				? e('recheck', 'closed', actors.rechecker, '出具复核意见，信访事项终结')
				: e('review', 'closed', '系统', '复查意见送达满30日未申请复核，信访事项终结');
	}
}

export function eventsOf(receivedAt: number, life: Lifecycle, actors: Actors): PetitionEvent[] {
	const events: PetitionEvent[] = [{ at: receivedAt, from: null, to: 'registered', actor: actors.registrar, note: null }];
	for (const step of STEPS) {
		const at = life[step];
		if (at !== undefined) events.push(stepEvent(step, at, life, actors));
	}
	return events;
}
