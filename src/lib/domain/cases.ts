/**
 * 领导包案 (lead-cadre cases) as rules: what a case needs to be opened or reassigned, who may
 * record its outcome, and when it is overdue. Pure: the server passes the parties it looked up.
 *
 * Who does what (decided here, documented in the README):
 * - open a case, assign or reassign its leader, units, plan and deadline: 督查督办 (supervisor)
 *   whose scope covers the case's region;
 * - record the outcome 已化解 / 息诉罢访: that supervisor, or an account of the lead unit (牵头单位),
 *   which does the work and answers for it; a co-unit (稳控单位) only reports progress;
 * - reopen a concluded case (back to 化解中): the supervisor alone — a unit cannot undo a check.
 */
import { regionInScope, type Principal } from './access.ts';
import { addDays, daysBetween } from './deadlines.ts';

export const caseStatuses = { resolving: '化解中', resolved: '已化解', settled: '息诉罢访' } as const;
export type CaseStatus = keyof typeof caseStatuses;
export const leaderLevels = { province: '省级', city: '市级', county: '县级', township: '乡镇' } as const;
export type LeaderLevel = keyof typeof leaderLevels;

/** The longest 限期化解 a case may be given, in days: beyond it a deadline is no deadline. */
export const MAX_CASE_DAYS = 365;
export const MAX_CASE_ITEMS = 20;
export const MAX_CO_UNITS = 8;

export type CaseField = 'title' | 'leader' | 'leadUnit' | 'coUnits' | 'plan' | 'deadline' | 'items';
export type CaseRefusal = { ok: false; status: 403 | 409 | 422; field: CaseField | 'status' | 'note' | ''; message: string };

/** What a new or reassigned case says; the parties as the directory found them. */
export type CaseAssignment = {
	title: string;
	plan: string;
	deadline: string;
	leader: { id: number; name: string; region: string; level: LeaderLevel } | null;
	leadUnit: { id: number; name: string; region: string } | null;
	coUnits: { id: number; name: string; region: string }[];
	/** the items the case covers (一案一档), each with its region */
	items: { id: string; serial: string; region: string }[];
};

/** The smallest region containing all the given ones (adcodes): a county, its city, or the province. */
export function commonRegion(adcodes: string[]): string | null {
	if (adcodes.length === 0) return null;
	const [first] = adcodes;
	if (adcodes.every((a) => a === first)) return first;
	if (adcodes.every((a) => a.slice(0, 4) === first.slice(0, 4))) return `${first.slice(0, 4)}00`;
	if (adcodes.every((a) => a.slice(0, 2) === first.slice(0, 2))) return `${first.slice(0, 2)}0000`;
	return null;
}

const inLine = (a: string, b: string) => regionInScope(a, b) || regionInScope(b, a);
const refuse = (status: CaseRefusal['status'], field: CaseRefusal['field'], message: string): CaseRefusal => ({ ok: false, status, field, message });

/**
 * Whether `who` may open (or reassign) this case today; the case's region is the items' common
 * region. Every refusal names the field and the rule.
 */
export function checkAssignment(who: Principal, a: CaseAssignment, today: string): { ok: true; region: string } | CaseRefusal {
	if (who.role !== 'supervisor') return refuse(403, '', '只有督查督办人员可以交办领导包案');
	const title = a.title.trim();
	if ([...title].length < 2 || [...title].length > 80) return refuse(422, 'title', '包案名称应为 2 至 80 个字');
	if (a.items.length === 0) return refuse(422, 'items', '包案至少应涵盖一件信访事项');
	if (a.items.length > MAX_CASE_ITEMS) return refuse(422, 'items', `一个包案最多涵盖 ${MAX_CASE_ITEMS} 件信访事项`);
	const outside = a.items.find((i) => !regionInScope(who.scope, i.region));
	if (outside) return refuse(403, 'items', `信访事项 ${outside.serial} 不在您的管辖范围内`);
	const region = commonRegion(a.items.map((i) => i.region));
	if (!region) return refuse(422, 'items', '包案涵盖的信访事项不在同一省内');
	if (!a.leader) return refuse(422, 'leader', '请从领导名录中选择包案领导');
	if (!regionInScope(who.scope, a.leader.region) && !regionInScope(a.leader.region, who.scope))
		return refuse(403, 'leader', `包案领导${a.leader.name}不在您的管辖范围内`);
	if (!regionInScope(a.leader.region, region)) return refuse(422, 'leader', `包案领导${a.leader.name}的辖区不涵盖本案的属地，应由属地或上级领导包案`);
	if (!a.leadUnit) return refuse(422, 'leadUnit', '请选择牵头单位');
	if (!regionInScope(who.scope, a.leadUnit.region)) return refuse(403, 'leadUnit', `牵头单位${a.leadUnit.name}不在您的管辖范围内`);
	if (!inLine(a.leadUnit.region, region)) return refuse(422, 'leadUnit', `牵头单位${a.leadUnit.name}与本案属地不在同一条线上（属地管理）`);
	if (a.coUnits.length > MAX_CO_UNITS) return refuse(422, 'coUnits', `稳控单位最多 ${MAX_CO_UNITS} 个`);
	if (a.coUnits.some((u) => u.id === a.leadUnit!.id)) return refuse(422, 'coUnits', '牵头单位不必再列为稳控单位');
	if (new Set(a.coUnits.map((u) => u.id)).size !== a.coUnits.length) return refuse(422, 'coUnits', '稳控单位有重复');
	const far = a.coUnits.find((u) => !regionInScope(who.scope, u.region));
	if (far) return refuse(403, 'coUnits', `稳控单位${far.name}不在您的管辖范围内`);
	const plan = a.plan.trim();
	if ([...plan].length < 4 || [...plan].length > 2000) return refuse(422, 'plan', '化解方案应为 4 至 2000 个字');
	if (!/^\d{4}-\d{2}-\d{2}$/.test(a.deadline)) return refuse(422, 'deadline', '限期化解日期格式应为 2026-12-31');
	if (a.deadline < today) return refuse(422, 'deadline', `限期化解日期（${a.deadline}）不能早于今天（${today}）`);
	if (a.deadline > addDays(today, MAX_CASE_DAYS)) return refuse(422, 'deadline', `限期化解最长 ${MAX_CASE_DAYS} 天（至 ${addDays(today, MAX_CASE_DAYS)}）`);
	return { ok: true, region };
}

/** What an outcome change needs to know of the case. */
export type CaseState = { status: CaseStatus; region: string; leadUnitId: number };

/**
 * Whether `who` may move the case to `to`; concluding (已化解 / 息诉罢访) needs a note saying how
 * it was resolved. Supervisors in scope and the lead unit's accounts; reopening is the supervisor's.
 */
export function checkOutcome(who: Principal, c: CaseState, to: CaseStatus, note: string): { ok: true } | CaseRefusal {
	const supervisor = who.role === 'supervisor' && regionInScope(who.scope, c.region);
	const leadUnit = who.role === 'unit' && who.unitId === c.leadUnitId;
	if (!supervisor && !leadUnit) return refuse(403, '', '只有辖区内的督查督办人员或本案牵头单位可以记录化解结果');
	if (to === c.status) return refuse(409, 'status', `包案已是「${caseStatuses[to]}」`);
	if (to === 'resolving' && !supervisor) return refuse(403, 'status', '重新化解（撤销化解结果）须由督查督办人员决定');
	const length = [...note.trim()].length;
	if (to !== 'resolving' && length < 4) return refuse(422, 'note', `记录「${caseStatuses[to]}」须写明化解情况（至少 4 个字）`);
	if (length > 1000) return refuse(422, 'note', '化解情况最多 1000 个字');
	return { ok: true };
}

/** 逾期: open past its deadline, or concluded after it. `days` past the deadline (0 when on time). */
export function caseOverdue(c: { status: CaseStatus; deadline: string; resolvedOn: string | null }, today: string): { overdue: boolean; days: number; label: string } {
	const end = c.status === 'resolving' ? today : (c.resolvedOn ?? today);
	const days = Math.max(0, daysBetween(c.deadline, end));
	if (days === 0) return { overdue: false, days: 0, label: c.status === 'resolving' ? `限期 ${c.deadline}` : '按期化解' };
	return { overdue: true, days, label: c.status === 'resolving' ? `▲ 已超过限期 ${days} 天` : `▲ 超期 ${days} 天化解` };
}

/** A new entry of the 领导名录: name, post (职务) and level, at a region of that level within the scope. */
export type LeaderDraft = { name: string; title: string; level: string; region: { adcode: string; level: 'province' | 'city' | 'county' } | null };

/** Whether `who` may add this leader: a supervisor, in scope, the level matching the region's. */
export function checkLeader(who: Principal, l: LeaderDraft): { ok: true; level: LeaderLevel } | CaseRefusal {
	if (who.role !== 'supervisor') return refuse(403, '', '只有督查督办人员可以维护领导名录');
	const name = [...l.name.trim()].length;
	if (name < 2 || name > 20) return refuse(422, 'leader', '领导姓名应为 2 至 20 个字');
	const title = [...l.title.trim()].length;
	if (title < 2 || title > 40) return refuse(422, 'title', '职务应为 2 至 40 个字');
	if (!(l.level in leaderLevels)) return refuse(422, 'leader', '层级应为省级、市级、县级或乡镇');
	if (!l.region) return refuse(422, 'leader', '请选择所在地区');
	if (!regionInScope(who.scope, l.region.adcode)) return refuse(403, 'leader', '所在地区不在您的管辖范围内');
	const expected = l.level === 'township' ? 'county' : l.level;
	if (l.region.level !== expected) return refuse(422, 'leader', `${leaderLevels[l.level as LeaderLevel]}领导应登记在${{ province: '省', city: '市', county: '县（区）' }[expected as 'province']}级地区${l.level === 'township' ? '（乡镇领导登记在所属县区）' : ''}`);
	return { ok: true, level: l.level as LeaderLevel };
}
