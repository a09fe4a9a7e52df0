import { fail, type RequestEvent } from '@sveltejs/kit';
import type * as v from 'valibot';
import { can, regionInScope, type Role } from '$lib/domain/access.ts';
import type { Sql } from '$lib/server/db/connection.ts';
import type { SessionUser } from '$lib/server/auth/session.ts';
import { regionLevel } from '$lib/server/screen/regions.ts';
import { readForm, validate } from '$lib/validation.ts';
import { ScreenField, UnitField } from './forms.ts';

/** A refusal thrown from inside an action; thrown inside a transaction it also rolls the transaction back. */
export class Refused extends Error {
	readonly status: 400 | 403 | 404 | 409;
	readonly field: string;
	constructor(status: 400 | 403 | 404 | 409, field: string, message: string) {
		super(message);
		this.status = status;
		this.field = field;
	}
}

/** One transaction for a change and its audit entry. */
export { transaction } from '$lib/server/db/connection.ts';

export type ActionName = 'create' | 'update' | 'resetPassword' | 'disable' | 'enable' | 'createUnit' | 'unitHead';

/** Every account action: the caller's permission, then the form, then the body; refusals become fail(). */
export async function run(name: ActionName, event: RequestEvent, body: (admin: SessionUser, form: Record<string, string>) => Promise<string>) {
	const admin = event.locals.user;
	if (!admin || !can(admin, 'users.manage')) return fail(403, { action: name, ok: false, field: '', message: '您的账号无权管理用户' });
	const form = await readForm(event.request);
	if (!form.ok) return fail(form.status, { action: name, ok: false, field: form.field, message: form.message });
	try {
		return { action: name, ok: true, field: '', message: await body(admin, form.data) };
	} catch (e) {
		if (e instanceof Refused) return fail(e.status, { action: name, ok: false, field: e.field, message: e.message });
		throw e;
	}
}

export function parse<S extends v.GenericSchema>(schema: S, input: unknown): v.InferOutput<S> {
	const result = validate(schema, input);
	if (!result.ok) throw new Refused(400, result.field, result.message);
	return result.data;
}

export type Target = { id: number; username: string; displayName: string; role: Role; scope: string; unitId: number | null; screenName: string | null; disabled: boolean };

/** The account an action is about, locked for the transaction; outside the admin's scope it does not exist. */
export async function targetWithin(tx: Sql, admin: SessionUser, userId: number): Promise<Target> {
	const [row] = await tx<Target[]>`
		select id, username, display_name as "displayName", role, scope_region as scope, unit_id as "unitId",
		       screen_name as "screenName", disabled_at is not null as disabled
		  from app_user where id = ${userId} for update`;
	if (!row || !regionInScope(admin.scope, row.scope)) throw new Refused(404, 'userId', '没有该账号，或该账号不在您的管理范围内');
	return row;
}

export type Assignment = { role: Role; scope: string; unitId: number | null; screenName: string | null };

/** What an admin may give an account: a real region within their own scope; for a unit account a unit within that region; for a display account its screen. */
export async function assignmentWithin(
	tx: Sql,
	admin: SessionUser,
	input: { role: Role; scope: string; unitId?: string; screenName?: string }
): Promise<Assignment> {
	if (!(await regionLevel(tx, input.scope))) throw new Refused(400, 'scope', '管辖区域不存在');
	if (!regionInScope(admin.scope, input.scope)) throw new Refused(403, 'scope', '管辖区域超出您的管理范围');
	let unitId: number | null = null;
	if (input.role === 'unit') {
		unitId = parse(UnitField, input).unitId;
		const [unit] = await tx<{ region: string }[]>`select region from unit where id = ${unitId}`;
		if (!unit || !regionInScope(input.scope, unit.region)) throw new Refused(400, 'unitId', '承办单位不存在，或不在所选管辖区域内');
	}
	const screenName = input.role === 'display' ? parse(ScreenField, input).screenName : null;
	return { role: input.role, scope: input.scope, unitId, screenName };
}
