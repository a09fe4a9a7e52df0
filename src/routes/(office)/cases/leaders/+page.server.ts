import { error, fail } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { checkLeader } from '$lib/domain/cases.ts';
import { audit } from '$lib/server/auth/audit.ts';
import { addLeader, leadersIn } from '$lib/server/cases/directory.ts';
import { transaction } from '$lib/server/db/connection.ts';
import { runtime } from '$lib/server/runtime.ts';
import { regionLevel } from '$lib/server/screen/regions.ts';
import { readForm } from '$lib/validation.ts';
import { regionsUnder } from './regions.server.ts';

const FIELDS = ['name', 'title', 'level', 'region'];

/** 领导名录: the leaders who 包案 and receive petitioners, with post and level; 督查督办 add to it. */
export async function load({ locals }) {
	const user = locals.user!;
	if (!can(user, 'items.view')) error(403, '您的账号无权查看领导名录');
	const { sql } = runtime();
	const canAdd = can(user, 'cases.manage');
	return {
		leaders: await leadersIn(sql, user.scope),
		canAdd,
		regions: canAdd ? await regionsUnder(sql, user.scope) : []
	};
}

export const actions = {
	/** 增补: checked by domain/cases.ts checkLeader, audited. */
	add: async ({ locals, request, getClientAddress }) => {
		const user = locals.user;
		if (!user || !can(user, 'cases.manage')) return fail(user ? 403 : 401, { field: '', message: '只有督查督办人员可以维护领导名录' });
		const form = await readForm(request);
		if (!form.ok) return fail(form.status, { field: form.field, message: form.message });
		const extra = Object.keys(form.data).find((k) => !FIELDS.includes(k));
		if (extra) return fail(400, { field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` });
		const { sql } = runtime();
		const f = form.data;
		const level = /^[1-9][0-9]{5}$/.test(f.region ?? '') ? await regionLevel(sql, f.region!) : null;
		const region = level ? { adcode: f.region!, level } : null;
		const checked = checkLeader(user, { name: f.name ?? '', title: f.title ?? '', level: f.level ?? '', region });
		if (!checked.ok) return fail(checked.status, { field: checked.field, message: checked.message });
		await transaction(sql, async (tx) => {
			const id = await addLeader(tx, { name: f.name!.trim(), title: f.title!.trim(), level: checked.level, region: region!.adcode });
			await audit(tx, { userId: user.userId, username: user.username, action: 'leader.create', target: String(id), detail: { title: f.title!.trim(), level: checked.level, region: region!.adcode }, ip: getClientAddress() });
		});
		return { field: '', message: `已增补：${f.title!.trim()} ${f.name!.trim()}`, added: true };
	}
};
