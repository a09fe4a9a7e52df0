/**
 * The one way a petition item moves through its life, for the pages, the upstream events API,
 * imports and the simulator alike.
 */
export { applyTransition, applyWithin, type ServiceActor, type TransitionOptions, type TransitionResult, type Applied, type Refused } from './apply.ts';
export { actorOf } from './actor.ts';
export { createEvaluationLink, checkLink, evaluateByLink, LINK_DAYS } from './links.ts';
export { itemIdOfSerial, loadLifeFacts } from './facts.ts';
export type { RawInputs } from './inputs.ts';
