import type { Principal } from '../../domain/access.ts';
import { checkAssignment, type CaseAssignment, type CaseRefusal } from '../../domain/cases.ts';
import type { Db, Sql } from '../db/connection.ts';
import { itemsByRefs, leaderById, refsOf, unitsByIds } from './directory.ts';

/** The assignment fields a form may carry: co-units come as one checkbox each (co.<unit id>). */
export const ASSIGNMENT_FIELDS = ['title', 'leader', 'leadUnit', 'plan', 'deadline', 'items'];
export const isAssignmentField = (name: string) => ASSIGNMENT_FIELDS.includes(name) || /^co\.[1-9][0-9]{0,9}$/.test(name);

const idIn = (s: string | undefined) => (s && /^[1-9][0-9]{0,9}$/.test(s) ? Number(s) : null);

export type CheckedAssignment = { ok: true; region: string; assignment: CaseAssignment } | CaseRefusal;

/**
 * A case's assignment from a form, its parties looked up, checked by domain/cases.ts. `itemsOf`
 * gives the items when the form does not carry them (reassigning keeps the case's items).
 */
export async function readAssignment(sql: Sql | Db, who: Principal, form: Record<string, string>, today: string, items?: CaseAssignment['items']): Promise<CheckedAssignment> {
	const refs = refsOf(form.items ?? '');
	let covered = items;
	if (!covered) {
		const { found, missing } = await itemsByRefs(sql, refs);
		if (missing.length) return { ok: false, status: 422, field: 'items', message: `没有找到信访事项：${missing.slice(0, 3).join('、')}` };
		covered = found;
	}
	const leaderId = idIn(form.leader);
	const leadUnitId = idIn(form.leadUnit);
	const coIds = Object.keys(form).filter((k) => k.startsWith('co.')).map((k) => Number(k.slice(3)));
	const [leader, units] = await Promise.all([
		leaderId ? leaderById(sql, leaderId) : null,
		unitsByIds(sql, [...(leadUnitId ? [leadUnitId] : []), ...coIds])
	]);
	if (coIds.some((id) => !units.some((u) => u.id === id))) return { ok: false, status: 422, field: 'coUnits', message: '所选稳控单位不存在' };
	const assignment: CaseAssignment = {
		title: form.title ?? '',
		plan: form.plan ?? '',
		deadline: form.deadline ?? '',
		leader,
		leadUnit: units.find((u) => u.id === leadUnitId) ?? null,
		coUnits: coIds.map((id) => units.find((u) => u.id === id)!),
		items: covered
	};
	const checked = checkAssignment(who, assignment, today);
	return checked.ok ? { ok: true, region: checked.region, assignment } : checked;
}
