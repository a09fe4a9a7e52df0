/**
 * Did it work (B3): a unit's figures in equal windows before and after a letter. Pure; the
 * figures come from the database (effect.ts). Null means no items in that window to judge by.
 */
export type Figures = { concludeDays: number | null; repeatRate: number | null; satisfaction: number | null; concluded: number; received: number };
export type Effect = { before: Figures; after: Figures; verdict: { concludeDays: Change; repeatRate: Change; satisfaction: Change } };
export type Change = 'better' | 'worse' | 'same' | 'unknown';

/** Lower is better for days and repeats, higher for satisfaction; within 5 % counts as the same. */
function change(before: number | null, after: number | null, higherIsBetter: boolean): Change {
	if (before === null || after === null) return 'unknown';
	const scale = Math.max(Math.abs(before), Math.abs(after), 1e-9);
	if (Math.abs(after - before) / scale < 0.05) return 'same';
	return after > before === higherIsBetter ? 'better' : 'worse';
}

export function compareFigures(before: Figures, after: Figures): Effect {
	return {
		before,
		after,
		verdict: {
			concludeDays: change(before.concludeDays, after.concludeDays, false),
			repeatRate: change(before.repeatRate, after.repeatRate, false),
			satisfaction: change(before.satisfaction, after.satisfaction, true)
		}
	};
}

export const changeLabels: Record<Change, string> = { better: '改善', worse: '变差', same: '持平', unknown: '数据不足' };
