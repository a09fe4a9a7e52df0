import { error, fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { can, regionInScope } from '$lib/domain/access.ts';
import { apiSources } from '$lib/domain/intake.ts';
import { audit } from '$lib/server/auth/audit.ts';
import { transaction } from '$lib/server/db/connection.ts';
import { createApiClient } from '$lib/server/intake/api-clients.ts';
import { runtime } from '$lib/server/runtime.ts';
import { adcode, idOf, line, readForm, validate } from '$lib/validation.ts';

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
	const [clients, regions] = await Promise.all([
		sql<{ id: number; name: string; source: string; scope: string; scopeName: string; prefix: string; createdAt: string; lastUsedAt: string | null; disabled: boolean; items: number }[]>`
			select c.id, c.name, c.source, c.scope_region as scope, r.name as "scopeName", c.token_prefix as prefix,
			       to_char(c.created_at, 'YYYY-MM-DD HH24:MI') as "createdAt", to_char(c.last_used_at, 'YYYY-MM-DD HH24:MI') as "lastUsedAt",
			       c.disabled_at is not null as disabled,
			       (select count(*)::int from petition_item i where i.api_client_id = c.id) as items
			  from api_client c join region r on r.adcode = c.scope_region order by c.disabled_at is not null, c.id`,
		sql<{ adcode: string; name: string; level: string }[]>`select adcode, name, level from region where level <> 'county' order by adcode`
	]);
	return { clients: clients.filter((c) => regionInScope(admin.scope, c.scope)), regions: regions.filter((r) => regionInScope(admin.scope, r.adcode)) };
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
		const [region] = await sql`select 1 from region where adcode = ${scope}`;
		if (!region) return refuse(400, 'create', 'scope', '区域不存在');
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
			const [client] = await tx<{ id: number; name: string; scope: string; disabled: boolean }[]>`
				select id, name, scope_region as scope, disabled_at is not null as disabled from api_client where id = ${input.data.clientId} for update`;
			if (!client || !regionInScope(admin.scope, client.scope)) return refuse(404, 'disable', 'clientId', '没有该接口客户端，或不在您的管理范围内');
			if (client.disabled) return refuse(409, 'disable', 'clientId', '该接口客户端已是停用状态');
			await tx`update api_client set disabled_at = now() where id = ${client.id}`;
			await audit(tx, { userId: admin.userId, username: admin.username, action: 'api_client.disable', target: client.name, detail: { clientId: client.id }, ip: getClientAddress() });
			return { action: 'disable' as const, ok: true, field: '', message: `已停用 ${client.name}，其令牌立即失效` };
		});
	}
};
