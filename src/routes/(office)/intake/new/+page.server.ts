import { error, fail } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { checkIntake, intakeFields, type IntakeField, type IntakeRecord } from '$lib/domain/intake.ts';
import { transaction } from '$lib/server/db/connection.ts';
import { choicesWithin } from '$lib/server/intake/choices.ts';
import { IntakeRefusal, registerItem } from '$lib/server/intake/register.ts';
import { runtime } from '$lib/server/runtime.ts';
import { readForm } from '$lib/validation.ts';

/** The form's fields: the record fields staff type (a source id belongs to upstream systems and ledgers). */
const FIELDS = (Object.keys(intakeFields) as IntakeField[]).filter((f) => f !== 'sourceId');

export async function load({ locals }) {
	const user = locals.user;
	if (!user || !can(user, 'items.register')) error(403, '您的账号无权登记信访事项');
	return { ...(await choicesWithin(runtime().sql, user.scope)), now: new Date().toISOString() };
}

type Errors = Partial<Record<IntakeField | 'form', string>>;
/** Every field at fault in `errors`; `field` names the first, as every other form of the product does. */
const refuse = (status: 400 | 403 | 409 | 413 | 422, errors: Errors, values: IntakeRecord, field = Object.keys(errors).find((k) => k !== 'form') ?? '') =>
	fail(status, { errors, values, field, message: errors.form ?? '登记未成功，请按提示修改标红的项目' });

export const actions = {
	/** 登记: checks every field, registers in one transaction; warnings do not stop it. */
	register: async ({ locals, request, getClientAddress }) => {
		const user = locals.user;
		if (!user || !can(user, 'items.register')) return refuse(403, { form: '您的账号无权登记信访事项' }, {});
		const form = await readForm(request);
		if (!form.ok) return refuse(form.status, { form: form.message }, {}, form.field);
		const extra = Object.keys(form.data).find((k) => !(FIELDS as string[]).includes(k));
		if (extra !== undefined) return refuse(400, { form: `不应提交字段 ${extra.slice(0, 40)}` }, {}, extra.slice(0, 40));
		const values: IntakeRecord = Object.fromEntries(FIELDS.map((f) => [f, form.data[f] ?? '']));
		const now = new Date();
		const checked = checkIntake(values, now);
		if (!checked.ok) return refuse(400, Object.fromEntries(checked.errors.map((e) => [e.field, e.message])), values);
		try {
			const item = await transaction(runtime().sql, (tx) =>
				registerItem(
					tx,
					checked.draft,
					{ scope: user.scope, actor: user.displayName, userId: user.userId, username: user.username, apiClientId: null, ip: getClientAddress() },
					{ source: 'form', now, note: '窗口登记' }
				)
			);
			// a unit account sees only its own unit's items: link to the item only when it may open it
			const viewable = can(user, 'items.view') && (user.role !== 'unit' || checked.draft.unit === String(user.unitId));
			// what detection marked (越级, 重复, 群体), said at once to the person registering
			const d = item.detection;
			const signals = [d.skipLevel.isSkipLevel && `越级：${d.skipLevel.explanation}`, d.repeat && `重复信访：${d.repeat.reason}`, d.group.isGroupVisit && `群体访：${d.group.explanation}`].filter((s): s is string => !!s);
			return { registered: { id: String(item.id), serial: item.serial, status: item.status, warnings: item.warnings, viewable, signals } };
		} catch (e) {
			if (e instanceof IntakeRefusal) return refuse(e.status === 409 ? 409 : e.status === 403 ? 403 : 400, { [e.field]: e.message }, values);
			throw e;
		}
	}
};
