/**
 * The actions an actor may offer to take on an item now: the table allows the actor and the
 * state, and the facts make the action meaningful (a request to decide, a pause to end). 终结 and
 * the 复查/复核 requests, which take no input and depend only on the clocks, are offered only where
 * decide() itself would take them now (so the panel and the refusal cannot disagree). Other
 * preconditions (caps, expiry) are answered by decide() when the form is sent.
 */
import { pauseRefusal } from './clock-guards.ts';
import type { Config } from './clocks.ts';
import { decide, type Actor, type LifeFacts } from './lifecycle.ts';
import { who } from './lifecycle-guards.ts';
import { actions, transitions, type Action } from './lifecycle-table.ts';
import type { Status } from './vocabulary.ts';

const meaningful: Partial<Record<Action, (f: LifeFacts, now: Date, c: Config) => boolean>> = {
	'extend-request': (f) => !f.pendingExtension,
	'extend-approve': (f) => !!f.pendingExtension,
	'extend-deny': (f) => !!f.pendingExtension,
	// offered where the guard would take it; an expired clock is still offered so decide() can say why
	'pause-start': (f, now, c) => {
		const refusal = pauseRefusal(f, now, c);
		return !refusal || refusal.rule === 'pause.expired';
	},
	'pause-end': (f) => (f.pauses ?? []).some((p) => p.to === null),
	'review-decide': (f) => !!f.review && !f.review.decidedAt,
	'recheck-request': (f) => !!f.review?.decidedAt && !f.recheck,
	'recheck-decide': (f) => !!f.recheck && !f.recheck.decidedAt,
	evaluate: (f) => !f.satisfaction,
	divert: (f) => f.type === 'appeal' && f.track === 'petition'
};

/** No input, the clocks alone decide: offered only if decide() would take it now. */
const decidedNow = new Set<Action>(['close', 'review-request', 'recheck-request']);

export function offered(facts: LifeFacts, actor: Actor, now: Date, config: Config): Action[] {
	return actions.filter(
		(a) =>
			(transitions[a].from as readonly Status[]).includes(facts.status) &&
			!who(transitions[a], facts, actor) &&
			(meaningful[a]?.(facts, now, config) ?? true) &&
			(!decidedNow.has(a) || decide(facts, actor, a, {} as never, now, config).ok)
	);
}
