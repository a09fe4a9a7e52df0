import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { can, regionInScope } from '$lib/domain/access.ts';
import { apiSources } from '$lib/domain/intake.ts';
import { audit } from '$lib/server/auth/audit.ts';
import { transaction } from '$lib/server/db/connection.ts';
import { apiClientForUpdate, createApiClient, disableApiClient } from '$lib/server/intake/api-clients.ts';
import { runtime } from '$lib/server/runtime.ts';
import { regionLevel } from '$lib/server/screen/regions.ts';
import { adcode, idOf, line, readForm, validate } from '$lib/validation.ts';
import { clientsWithin, scopeChoices } from './clients.server.ts';

const CreateForm = v.object({
	name: line('客户端名称', 60),
	source: v.picklist(apiSources, '请选择来源系统'),
	scope: adcode('可推送的区域')
});
const DisableForm = v.object({ clientId: idOf('接口客户端') });

/** API clients within the admin's scope; the token itself is never stored, so never shown here. */
export async function load({ locals }) {
	const admin = locals.user;
	if (!admin || !can(admin, 'api_clients.manage')) error(403, '您的账号无权管理接口客户端');
	const { sql } = runtime();
	const [clients, regions] = await Promise.all([clientsWithin(sql, admin.scope), scopeChoices(sql, admin.scope)]);
	return { clients, regions };
}

type Outcome = { action: 'create' | 'disable'; ok: boolean; field: string; message: string; token?: string };
const refuse = (status: number, action: Outcome['action'], field: string, message: string) => fail(status, { action, ok: false, field, message } satisfies Outcome);
const isUniqueViolation = (e: unknown) => (e as { code?: string })?.code === '23505';

export const actions = {
	/** 新建: the token is in this answer only; it is not stored and cannot be shown again. */
	create: async ({ locals, request, getClientAddress }) => {
		const admin = locals.user;
		if (!admin || !can(admin, 'api_clients.manage')) return refuse(403, 'create', '', '您的账号无权管理接口客户端');
		const form = await readForm(request);
		if (!form.ok) return refuse(form.status, 'create', form.field, form.message);
		const input = validate(CreateForm, form.data);
		if (!input.ok) return refuse(400, 'create', input.field, input.message);
		const { name, source, scope } = input.data;
		if (Array.from(name).length < 2) return refuse(400, 'create', 'name', '客户端名称至少 2 个字符');
		const { sql } = runtime();
		if (!(await regionLevel(sql, scope))) return refuse(400, 'create', 'scope', '区域不存在');
		if (!regionInScope(admin.scope, scope)) return refuse(403, 'create', 'scope', '区域超出您的管理范围');
		try {
			const created = await transaction(sql, async (tx) => {
				const made = await createApiClient(tx, { name, source, scope }, admin.userId);
				await audit(tx, { userId: admin.userId, username: admin.username, action: 'api_client.create', target: name, detail: { clientId: made.id, source, scope, tokenPrefix: made.prefix }, ip: getClientAddress() });
				return made;
			});
			return { action: 'create', ok: true, field: '', message: `已创建接口客户端 ${name}。令牌只显示这一次，请立即复制并交给对方系统的管理员：`, token: created.token } satisfies Outcome;
		} catch (e) {
			if (isUniqueViolation(e)) return refuse(409, 'create', 'name', `已有名为 ${name} 的接口客户端`);
			throw e;
		}
	},

	/** 停用: the token stops working at once; items it registered stay. */
	disable: async ({ locals, request, getClientAddress }) => {
		const admin = locals.user;
		if (!admin || !can(admin, 'api_clients.manage')) return refuse(403, 'disable', '', '您的账号无权管理接口客户端');
		const form = await readForm(request);
		if (!form.ok) return refuse(form.status, 'disable', form.field, form.message);
		const input = validate(DisableForm, form.data);
		if (!input.ok) return refuse(400, 'disable', input.field, input.message);
		const { sql } = runtime();
		return transaction(sql, async (tx) => {
			const client = await apiClientForUpdate(tx, input.data.clientId);
			if (!client || !regionInScope(admin.scope, client.scope)) return refuse(404, 'disable', 'clientId', '没有该接口客户端，或不在您的管理范围内');
			if (client.disabled) return refuse(409, 'disable', 'clientId', '该接口客户端已是停用状态');
			await disableApiClient(tx, client.id);
			await audit(tx, { userId: admin.userId, username: admin.username, action: 'api_client.disable', target: client.name, detail: { clientId: client.id }, ip: getClientAddress() });
			return { action: 'disable' as const, ok: true, field: '', message: `已停用 ${client.name}，其令牌立即失效` };
		});
	}
};
