import { error, fail } from '@sveltejs/kit';
import { actorOf, applyTransition } from '$lib/server/lifecycle/index.ts';
import { unitGroups } from '$lib/domain/region-tree.ts';
import { regionsInScope, unitsInScope } from '$lib/server/work/pickers.ts';
import { runtime } from '$lib/server/runtime.ts';
import { readForm } from '$lib/validation.ts';
import { queues } from './queue.server.ts';

const WORKERS = new Set(['supervisor', 'unit']);
const BATCH_MAX = 200;

export async function load({ locals, setHeaders }) {
	const user = locals.user;
	if (!user || !WORKERS.has(user.role)) error(403, '我的事项仅供信访部门和承办单位的账号使用');
	const { sql } = runtime();
	const actor = await actorOf(sql, user);
	setHeaders({ 'cache-control': 'private, no-store' });
	const units = user.role === 'supervisor' ? unitGroups(await unitsInScope(sql, user), await regionsInScope(sql, user.scope)) : [];
	return { role: user.role, unitHead: actor.unitHead ?? false, units, ...(await queues(sql, user, actor.unitHead ?? false)) };
}

export const actions = {
	/** 批量转送交办: each item routed in its own transaction; the refused are listed with why. */
	routeBatch: async ({ locals, request, getClientAddress }) => {
		const user = locals.user;
		if (!user || user.role !== 'supervisor') return fail(user ? 403 : 401, { field: '', message: '【权限】转送交办只能由信访部门办理' });
		const form = await readForm(request);
		if (!form.ok) return fail(form.status, { field: form.field, message: form.message });
		const ids: string[] = [];
		for (const key of Object.keys(form.data)) {
			if (key === 'unitId') continue;
			const m = /^item_([1-9][0-9]{0,15})$/.exec(key);
			if (!m) return fail(400, { field: key.slice(0, 40), message: `不应提交字段 ${key.slice(0, 40)}` });
			ids.push(m[1]);
		}
		if (!/^[1-9][0-9]{0,9}$/.test(form.data.unitId ?? '')) return fail(400, { field: 'unitId', message: '【承办单位】请选择承办单位' });
		if (ids.length === 0) return fail(400, { field: 'items', message: '请勾选要转送交办的事项' });
		if (ids.length > BATCH_MAX) return fail(400, { field: 'items', message: `一次最多转送交办 ${BATCH_MAX} 件` });
		const { sql } = runtime();
		const actor = await actorOf(sql, user, getClientAddress());
		const refused: { id: string; message: string }[] = [];
		let routed = 0;
		for (const id of ids) {
			const r = await applyTransition(sql, actor, id, 'route', { unitId: Number(form.data.unitId) });
			if (r.ok) routed++;
			else refused.push({ id, message: r.message });
		}
		if (routed === 0) return fail(409, { field: 'items', message: `未能转送交办：${refused[0].message}`, refused });
		return { field: '', message: `已转送交办 ${routed} 件${refused.length ? `，${refused.length} 件未办理` : ''}`, done: true, refused };
	}
};
