import { regionInScope } from '../../domain/access.ts';
import type { Action, Actor, Inputs } from '../../domain/lifecycle.ts';
import type { Sql } from '../db/connection.ts';

/** What callers send: a unit by id, an earlier item by serial; the service looks up the rest. */
export type RawInputs = Omit<Inputs, 'route' | 'reassign' | 'refuse-again'> & {
	route: { unitId: number };
	reassign: { unitId: number; reason: string };
	'refuse-again': { reason: string; noticeOn: string; priorSerial: string };
};

type Resolved = { ok: true; data: unknown } | { ok: false; rule: string; field: string; message: string };

/** Completes an action's input from the database (units, earlier items); the domain checks the rest. */
export async function resolveInput<A extends Action>(tx: Sql, actor: Actor, action: A, raw: RawInputs[A]): Promise<Resolved> {
	const input = (raw ?? {}) as Record<string, unknown>;
	if (action === 'route' || action === 'reassign') {
		const unitId = input.unitId;
		if (!Number.isInteger(unitId) || (unitId as number) < 1 || (unitId as number) > 2_147_483_647)
			return { ok: false, rule: 'input', field: 'unitId', message: '【承办单位】请选择承办单位' };
		const [unit] = await tx<{ region: string; name: string }[]>`select region, name from unit where id = ${unitId as number}`;
		if (!unit) return { ok: false, rule: 'input', field: 'unitId', message: '【承办单位】没有该承办单位' };
		if (actor.role !== 'petitioner' && !regionInScope(actor.scope, unit.region))
			return { ok: false, rule: 'input', field: 'unitId', message: `【属地管理】${unit.name}不在您的管辖范围内` };
		return { ok: true, data: { ...input, unitRegion: unit.region, unitName: unit.name } };
	}
	if (action === 'refuse-again') {
		const serial = input.priorSerial;
		if (typeof serial !== 'string' || !/^[0-9]{6}-[0-9]{8}-[0-9]{6}$/.test(serial.trim()))
			return { ok: false, rule: 'refuse-again.prior', field: 'priorSerial', message: '【不再受理】请填写已经复查、复核的同一事项的编号' };
		const [prior] = await tx<{ id: string; serial: string; region: string; concludedThroughAppeal: boolean }[]>`
			select i.id::text, i.serial, i.region,
			       (i.status = 'closed' or exists (select 1 from appeal a where a.item_id = i.id and a.decided_at is not null)) as "concludedThroughAppeal"
			  from petition_item i where i.serial = ${serial.trim()}`;
		if (!prior || !regionInScope(actor.scope, prior.region))
			return { ok: false, rule: 'refuse-again.prior', field: 'priorSerial', message: `【不再受理】没有找到事项 ${serial.trim()}` };
		const { region: _region, ...rest } = prior;
		return { ok: true, data: { reason: input.reason, noticeOn: input.noticeOn, prior: rest } };
	}
	return { ok: true, data: input };
}
