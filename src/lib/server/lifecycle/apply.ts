import { regionInScope } from '../../domain/access.ts';
import { decide, transitions, type Action, type Actor, type Inputs } from '../../domain/lifecycle.ts';
import { audit } from '../auth/audit.ts';
import { loadClockConfig } from '../clocks/config.ts';
import { transaction, type Sql } from '../db/connection.ts';
import { loadLifeFacts } from './facts.ts';
import { resolveInput, type RawInputs } from './inputs.ts';
import { readReceipt, storeReceipt } from './receipts.ts';
import { writeChanges } from './write.ts';
import { planPetitionerDocument, printableDocument, writePetitionerDocument } from '../petitioner-docs/issue.ts';
import { redetectRepeat } from '../intake/detect.ts';

/** Who acts, as the service needs it: the domain's actor plus what the audit log records. */
export type ServiceActor = Actor & { userId?: number | null; username?: string | null; ip?: string | null };

export type Applied = { ok: true; itemId: string; serial: string; action: Action; from: string; to: string; eventId: string; at: string; replayed: boolean };
export type Refused = { ok: false; status: 400 | 403 | 404 | 409 | 410; rule: string; field: string; message: string; replayed: boolean };
export type TransitionResult = Applied | Refused;

export type TransitionOptions = {
	/** when it happened (an upstream system's event time); defaults to now, never later than now */
	at?: Date;
	/** the sender's event id: the same id again gets the first answer again */
	sourceEventId?: string;
	/** now, for tests and the simulator */
	now?: Date;
	/** false: no audit entry (the demo simulator, whose thousands of steps would drown people's) */
	audit?: boolean;
};

const STATUS: Record<string, 400 | 403 | 409> = { input: 400, action: 400, 'conclude.opinion': 400, 'reassign.same-unit': 400, 'unit.place': 400, 'refuse-again.prior': 400, who: 403, 'who.head': 403, scope: 403, 'own-unit': 403 };
const refusal = (rule: string, field: string, message: string, status?: Refused['status']): Refused => ({ ok: false, status: status ?? STATUS[rule] ?? 409, rule, field, message, replayed: false });

/**
 * Applies one lifecycle transition in one transaction: lock the item, load its facts, decide,
 * write the item and its clock rows, the petition_event and the audit entry. A refusal writes
 * nothing to the item (an upstream sender's refusal is remembered under its event id only).
 */
export function applyTransition<A extends Action>(sql: Sql, actor: ServiceActor, itemId: string, action: A, input: RawInputs[A], options: TransitionOptions = {}): Promise<TransitionResult> {
	return transaction(sql, (tx) => applyWithin(tx, actor, itemId, action, input, options));
}

/** The same inside a transaction the caller holds (the evaluation link marks itself used in it). */
export async function applyWithin<A extends Action>(tx: Sql, actor: ServiceActor, itemId: string, action: A, input: RawInputs[A], options: TransitionOptions = {}): Promise<TransitionResult> {
	if (!/^[1-9][0-9]{0,17}$/.test(itemId)) return refusal('not-found', 'id', '【信访事项】没有找到该信访事项', 404);
	const [locked] = await tx`select id from petition_item where id = ${itemId} for update`;
	if (!locked) return refusal('not-found', 'id', '【信访事项】没有找到该信访事项', 404);
	const key = options.sourceEventId ? { sender: actor.name, eventId: options.sourceEventId } : null;
	if (key) {
		const seen = await readReceipt(tx, key, itemId, action);
		if (seen) return seen;
	}
	const result = await decideAndWrite(tx, actor, itemId, action, input, options);
	if (key) await storeReceipt(tx, key, itemId, action, result);
	return result;
}

async function decideAndWrite<A extends Action>(tx: Sql, actor: ServiceActor, itemId: string, action: A, raw: RawInputs[A], options: TransitionOptions): Promise<TransitionResult> {
	const now = options.now ?? new Date();
	const at = options.at ?? now;
	if (at.getTime() > now.getTime() + 60_000) return refusal('input', 'at', '【时间】办理时间不能晚于当前时间');
	const facts = await loadLifeFacts(tx, itemId);
	if (!facts) return refusal('not-found', 'id', '【信访事项】没有找到该信访事项', 404);
	// an account that cannot see the item hears only that there is none
	if (actor.role !== 'petitioner' && !regionInScope(actor.scope, facts.region)) return refusal('not-found', 'id', '【信访事项】没有找到该信访事项', 404);
	if (!transitions[action]) return refusal('action', 'action', `【办理操作】未知的办理操作：${String(action).slice(0, 40)}`);
	const input = await resolveInput(tx, actor, action, raw);
	if (!input.ok) return refusal(input.rule, input.field, input.message);
	const decision = decide(facts, actor, action, input.data as Inputs[A], at, await loadClockConfig(tx));
	if (!decision.ok) return refusal(decision.rule, decision.field, decision.message);
	const { changes } = decision;
	// 受理 / 不予受理 / 办结 / 复查意见 / 复核意见 issue the petitioner's numbered document: one that
	// could never print (a character none of the letter fonts has) refuses the whole transition first
	const planned = await planPetitionerDocument(tx, itemId, action, input.data, at);
	const doc = planned && printableDocument(planned);
	if (doc && !doc.ok) return refusal('document.unprintable', doc.field, doc.message, 400);
	const eventId = await writeChanges(tx, itemId, changes, actor.name, at);
	// … written in this same transaction, numbered after the transition's write
	if (doc) await writePetitionerDocument(tx, itemId, eventId, doc.plan);
	// a new responsible unit is a repeat factor: 重复 is judged again (越级 and 群体 do not change)
	if (action === 'route' || action === 'reassign') await redetectRepeat(tx, itemId);
	if (options.audit !== false)
		await audit(tx, {
			userId: actor.userId ?? null,
			username: actor.username ?? actor.name,
			action: 'item.transition',
			target: itemId,
			detail: { serial: facts.serial, action, label: transitions[action].label, from: changes.event.from, to: changes.event.to, at: at.toISOString(), note: changes.event.note, sourceEventId: options.sourceEventId ?? null },
			ip: actor.ip ?? null
		});
	return { ok: true, itemId, serial: facts.serial, action, from: changes.event.from, to: changes.event.to, eventId, at: at.toISOString(), replayed: false };
}
