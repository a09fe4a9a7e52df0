import { pauseRefusal } from '$lib/domain/clock-guards.ts';
import { clockSteps, type ItemFacts } from '$lib/domain/clocks.ts';
import { itemLight, lightLabels, lightOf } from '$lib/domain/lights.ts';
import { citationText } from '$lib/domain/rules.ts';
import { MAX_EXTENSION_DAYS } from '$lib/domain/statute.ts';
import type { ClockConfig } from '$lib/server/clocks/config.ts';
import { formatInstant } from '$lib/time.ts';

const instant = (d: Date | null) => (d ? formatInstant(d) : null);

/** The item's clocks for its page: every step so far with its due date and outcome, and what runs now. */
export function clocksView(facts: ItemFacts, now: Date, config: ClockConfig) {
	const current = itemLight(facts, now, config);
	// what the 办结 clock counted (an extension approved after expiry counts for nothing), whatever
	// runs now: after 办结 the days used stay used (the latest 办结 step, e.g. after 退回重办)
	const steps = clockSteps(facts, now, config);
	const concludeStep = steps.findLast((s) => s.clock.kind === 'conclude');
	const extended = concludeStep?.clock.extensionDays ?? 0;
	return {
		current: {
			kind: current.clock.kind,
			label: current.clock.label,
			due: current.clock.due,
			light: current.light.light,
			lightLabel: current.light.label,
			basis: current.clock.basis,
			stop: current.clock.stop?.reason ?? null,
			paused: current.clock.paused,
			pause: current.clock.pause,
			pauseOver: current.light.pauseOver ?? false
		},
		steps: steps.map((step) => ({
			label: step.clock.label,
			start: step.clock.start,
			due: step.clock.due,
			endedAt: instant(step.endedAt),
			onTime: step.onTime,
			light: step.endedAt ? null : lightLabels[lightOf(step.clock, now, config.rules).light],
			basis: step.clock.basis,
			citations: step.clock.citations.map(citationText)
		})),
		extensions: (facts.extensions ?? []).map((e) => ({ days: e.days, approvedBy: e.approvedBy, at: instant(e.at), reason: e.reason })),
		pauses: (facts.pauses ?? []).map((p) => ({ from: instant(p.from), to: instant(p.to), reason: p.reason, by: p.by })),
		extensionUsed: extended,
		extensionLeft: Math.max(0, MAX_EXTENSION_DAYS - extended),
		// an extension can be asked for only while the 办结 clock runs
		extensionOpen: current.clock.kind === 'conclude',
		// why a pause cannot start now (the guard the lifecycle's 中止计时 applies), or null
		pauseBlocked: (facts.pauses ?? []).some((p) => p.to === null) ? null : (pauseRefusal(facts, now, config)?.message ?? null),
		rulesVersion: config.version
	};
}
