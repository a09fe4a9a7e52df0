import { error, fail, redirect } from '@sveltejs/kit';
import { can, regionInScope } from '$lib/domain/access.ts';
import { addDays, localDate } from '$lib/domain/deadlines.ts';
import { categories, type Category } from '$lib/domain/vocabulary.ts';
import { isAssignmentField, readAssignment } from '$lib/server/cases/assignment.ts';
import { leadersOver, repeatChain, unitsNear } from '$lib/server/cases/directory.ts';
import { receptionIn } from '$lib/server/cases/receptions.ts';
import { openCase } from '$lib/server/cases/write.ts';
import { runtime } from '$lib/server/runtime.ts';
import { idOf, readForm, validate } from '$lib/validation.ts';

type ChainItem = Awaited<ReturnType<typeof repeatChain>>[number];
const ItemId = idOf('信访事项编号', Number.MAX_SAFE_INTEGER);
const ReceptionId = idOf('接访编号');

/** 交办领导包案: from an item (and the chain of the same matter it repeats), or from a reception. */
export async function load({ locals, url }) {
	const user = locals.user!;
	if (!can(user, 'cases.manage')) error(403, '只有督查督办人员可以交办领导包案');
	const { sql } = runtime();
	const itemParam = url.searchParams.get('item');
	const receptionParam = url.searchParams.get('reception');
	let chain: ChainItem[] = [];
	if (itemParam) {
		const id = validate(ItemId, itemParam);
		if (!id.ok) error(400, id.message);
		chain = (await repeatChain(sql, id.data)).filter((i) => regionInScope(user.scope, i.region));
		if (chain.length === 0) error(404, '没有找到该信访事项');
	}
	let reception: number | null = null;
	if (receptionParam) {
		const id = validate(ReceptionId, receptionParam);
		if (!id.ok) error(400, id.message);
		if (!(await receptionIn(sql, user.scope, id.data))) error(404, '没有找到该接访记录');
		reception = id.data;
	}
	const region = chain[0]?.region ?? user.scope;
	const first = chain[0];
	return {
		items: chain.map((i) => ({ id: i.id, serial: i.serial, summary: i.summary, headcount: i.headcount })),
		reception,
		leaders: await leadersOver(sql, region),
		units: await unitsNear(sql, user.scope, region),
		value: {
			title: first ? `${first.regionName}${categories[first.category as Category]}问题${chain.length > 1 ? `（${chain.length}件）` : ''}` : '',
			leaderId: null,
			leadUnitId: null,
			coUnitIds: [],
			plan: '',
			deadline: addDays(localDate(new Date()), 90)
		}
	};
}

export const actions = {
	/** 交办: the case, its items and units, audited and on the feed (lib/server/cases/write.ts). */
	create: async ({ locals, request, getClientAddress }) => {
		const user = locals.user;
		if (!user || !can(user, 'cases.manage')) return fail(user ? 403 : 401, { field: '', message: '只有督查督办人员可以交办领导包案' });
		const form = await readForm(request);
		if (!form.ok) return fail(form.status, { field: form.field, message: form.message });
		const extra = Object.keys(form.data).find((k) => k !== 'reception' && !isAssignmentField(k));
		if (extra) return fail(400, { field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` });
		const { sql } = runtime();
		let reception: number | null = null;
		if (form.data.reception) {
			const id = validate(ReceptionId, form.data.reception);
			if (!id.ok) return fail(400, { field: 'reception', message: id.message });
			if (!(await receptionIn(sql, user.scope, id.data))) return fail(404, { field: 'reception', message: '没有找到该接访记录' });
			reception = id.data;
		}
		const now = new Date();
		const checked = await readAssignment(sql, user, form.data, localDate(now));
		if (!checked.ok) return fail(checked.status, { field: checked.field, message: checked.message });
		const id = await openCase(sql, user, checked.assignment, checked.region, now, getClientAddress(), reception);
		redirect(303, `/cases/${id}`);
	}
};
