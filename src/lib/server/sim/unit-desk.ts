/**
 * The demo's unit desk: the history routes items to every unit of the province but by chance
 * none to the 历下区信访局 the `lixia.xinfang` account works for, and no 三函 reach it, so that
 * account's 我的事项 and 收件箱 would be empty. This gives it work at every stage, written through
 * the product's own services so every row is as real use would leave it: items registered
 * (intake) and moved through the lifecycle (applyTransition) at past instants, their lights
 * computed by the sweeper's own code, two 三函 issued by the province's 督查督办 (one signed for by
 * the unit, awaiting its feedback; one awaiting signature), and three 领导包案 in 历下区 opened by
 * the city's 督查督办. Once, after the demo accounts and the letters register exist; the same
 * database and `now` give the same rows.
 */
import type { Principal } from '../../domain/access.ts';
import type { Category, ItemType, Channel } from '../../domain/vocabulary.ts';
import { periodEnd } from '../../domain/calendar.ts';
import type { Config } from '../../domain/clocks.ts';
import { addDays, daysBetween, localDate, startOfLocalDay } from '../../domain/deadlines.ts';
import { DEFAULT_LETTER_RULES } from '../../domain/letter-rules.ts';
import { loadClockConfig } from '../clocks/config.ts';
import { computeLights, storeLights } from '../clocks/sweeper.ts';
import { transaction, type Sql } from '../db/connection.ts';
import { readAssignment } from '../cases/assignment.ts';
import { openCase } from '../cases/write.ts';
import { registerItem, type Registrar } from '../intake/register.ts';
import { issueLetter } from '../letters/issue.ts';
import { signFor } from '../letters/respond.ts';
import { applyTransition, type ServiceActor } from '../lifecycle/index.ts';

export const DESK_ACCOUNT = 'lixia.xinfang';
const COUNTY = '370102';

/** Where an item stands at `now`: days ago it was received, routed, accepted (and 办理中 from the next day), concluded. */
export type Stage = { stage: string; received: number; routed: number; accepted?: number; concluded?: number };
const STAGES: Stage[] = [
	// 待受理
	{ stage: '待受理', received: 3, routed: 2 },
	{ stage: '待受理', received: 2, routed: 1 },
	{ stage: '待受理', received: 5, routed: 4 },
	// 受理 past its 15 days: 逾期 in 待受理
	{ stage: '受理逾期', received: 24, routed: 23 },
	// 办理中, well within the 60 days
	{ stage: '办理中', received: 12, routed: 11, accepted: 9 },
	{ stage: '办理中', received: 21, routed: 20, accepted: 18 },
	{ stage: '办理中', received: 33, routed: 32, accepted: 30 },
	// 临期: 办结 due in a day or two (the days ago here are moved to where the calendar puts that due date: dueSoon)
	{ stage: '临期', received: 62, routed: 61, accepted: 59 },
	{ stage: '临期', received: 61, routed: 60, accepted: 58 },
	// 逾期: 办结 past due
	{ stage: '逾期', received: 75, routed: 74, accepted: 72 },
	{ stage: '逾期', received: 84, routed: 83, accepted: 80 },
	// 待评价: concluded, the petitioner not yet asked
	{ stage: '待评价', received: 40, routed: 39, accepted: 37, concluded: 4 },
	{ stage: '待评价', received: 52, routed: 51, accepted: 49, concluded: 2 },
	{ stage: '待评价', received: 30, routed: 29, accepted: 27, concluded: 6 }
];

const MATTERS: { category: Category; type: ItemType; channel: Channel; summary: string; name: string }[] = [
	{ category: 'housing', type: 'appeal', channel: 'visit', summary: '反映所住小区电梯长期故障无人维修，要求物业公司尽快修复', name: '王秀兰' },
	{ category: 'labour', type: 'appeal', channel: 'letter', summary: '反映装修公司拖欠工资三个月，要求依法支付', name: '李建国' },
	{ category: 'environment', type: 'complaint', channel: 'online', summary: '反映沿街餐饮店油烟直排扰民，要求督促安装净化设施', name: '张丽' },
	{ category: 'civil', type: 'appeal', channel: 'phone', summary: '反映其母亲高龄津贴停发，要求核实恢复', name: '刘洪涛' },
	{ category: 'housing', type: 'appeal', channel: 'visit', summary: '反映老旧小区改造后楼道渗水，要求施工单位返修', name: '陈淑芬' },
	{ category: 'education', type: 'proposal', channel: 'online', summary: '建议在学校周边增设上下学时段临时停车点', name: '杨帆' },
	{ category: 'health', type: 'complaint', channel: 'letter', summary: '反映社区诊所收费不明码标价，要求查处', name: '赵明' },
	{ category: 'land', type: 'appeal', channel: 'visit', summary: '反映棚户区改造安置房逾期未交付，要求明确交房时间', name: '孙桂英' },
	{ category: 'labour', type: 'appeal', channel: 'visit', summary: '反映用人单位未缴纳社会保险，要求补缴', name: '周志强' },
	{ category: 'housing', type: 'appeal', channel: 'visit', summary: '反映购房后开发商迟迟不办理不动产权证，要求尽快办理', name: '吴海燕' },
	{ category: 'rural', type: 'appeal', channel: 'letter', summary: '反映土地流转费用未按合同支付，要求兑现', name: '郑国庆' },
	{ category: 'other', type: 'proposal', channel: 'online', summary: '建议在泉城路沿线增设无障碍通道', name: '冯雪' },
	{ category: 'civil', type: 'appeal', channel: 'phone', summary: '反映低保复核结果有误，要求重新核定', name: '何玉梅' },
	{ category: 'environment', type: 'complaint', channel: 'online', summary: '反映夜间建筑施工噪声扰民，要求依法查处', name: '许磊' }
];

export type DeskResult = { items: number; letters: number; cases: number };

/**
 * A 临期 stage whose 办结 falls due `left` days after `today` as the rules and the calendar count it:
 * a fixed 59 days ago is due tomorrow most days, but a due date in a holiday block moves past it
 * (春节 2027: to 02-09), and a block longer than the yellow days would leave the item green.
 * Among the days ago whose due date is today or within the yellow days, the one closest to `left`;
 * the stage as it is when there is none (a day inside a long block: nothing can fall due).
 */
export function dueSoon(stage: Stage, today: string, left: number, config: Config): Stage {
	const days = config.rules.limits.conclude.days;
	let best: { ago: number; off: number } | null = null;
	for (let ago = 1; ago <= days + 60; ago++) {
		const due = periodEnd(addDays(today, -ago), days, config.calendar, { weekendExtends: config.rules.weekendExtends });
		const ahead = daysBetween(today, due);
		if (ahead < 0 || ahead > config.rules.yellowDays) continue; // 临期: yellow, or due today
		const off = Math.abs(ahead - left);
		if (!best || off < best.off) best = { ago, off };
	}
	if (!best) return stage; // no day of acceptance gives one (a holiday block longer than the rules allow for)
	return { ...stage, received: best.ago + 3, routed: best.ago + 2, accepted: best.ago };
}

/** Fills the desk of the `lixia.xinfang` account's unit; null when it has been done, or the demo accounts are missing. */
export async function ensureDemoUnitDesk(sql: Sql, now = new Date()): Promise<DeskResult | null> {
	const [desk] = await sql<{ userId: number; displayName: string; unitId: number; unitName: string; unitHead: boolean }[]>`
		select a.id as "userId", a.display_name as "displayName", a.unit_id as "unitId", u.name as "unitName", a.unit_head as "unitHead"
		  from app_user a join unit u on u.id = a.unit_id where a.username = ${DESK_ACCOUNT} and u.region = ${COUNTY}`;
	const staff = await sql<{ userId: number; username: string; displayName: string; scope: string }[]>`
		select id as "userId", username, display_name as "displayName", scope_region as scope from app_user
		 where username in ('ducha', 'jinan.ducha') and role = 'supervisor' order by username`;
	const province = staff.find((s) => s.username === 'ducha');
	const city = staff.find((s) => s.username === 'jinan.ducha') ?? province;
	if (!desk || !province || !city) return null;
	const [done] = await sql`select 1 from petition_item where source = 'simulator' and source_id = 'desk-1'`;
	if (done) return null;

	const today = localDate(now);
	const at = (daysAgo: number, hour: number) => new Date(startOfLocalDay(addDays(today, -daysAgo)).getTime() + hour * 3600_000);
	const registrar: Registrar = { scope: COUNTY, actor: '历下区信访局登记窗口', userId: null, username: null, apiClientId: null, ip: null };
	const unit: ServiceActor = { role: 'unit', scope: COUNTY, unitId: desk.unitId, unitHead: desk.unitHead, name: desk.displayName, userId: desk.userId, username: DESK_ACCOUNT };
	const must = (what: string, r: { ok: boolean; message?: string }) => {
		if (!r.ok) throw new Error(`演示数据（${desk.unitName}）${what}失败：${r.message}`);
	};

	// the items, each through intake and then its steps
	const items: { id: string; serial: string; stage: string }[] = [];
	const config = await loadClockConfig(sql);
	let soon = 0;
	const stages = STAGES.map((s) => (s.stage === '临期' ? dueSoon(s, today, ++soon, config) : s));
	for (const [n, s] of stages.entries()) {
		const m = MATTERS[n % MATTERS.length];
		const { id, serial } = await transaction(sql, (tx) =>
			registerItem(
				tx,
				{
					channel: m.channel, receivedAt: at(s.received, 9 + (n % 6)), receivedTimeKnown: true, region: COUNTY, category: m.category, type: m.type,
					summary: m.summary, headcount: 1, unit: desk.unitName, routedAt: at(s.routed, 10), petitioner: { name: m.name, phone: null, idNumber: null }, sourceId: `desk-${n + 1}`
				},
				registrar,
				{ source: 'simulator', now: at(s.received, 9 + (n % 6)), note: '演示数据', audit: false }
			)
		);
		const step = async (action: 'accept' | 'start' | 'conclude', when: Date, input: object) =>
			must(`${serial} ${action}`, await applyTransition(sql, unit, String(id), action, input as never, { at: when, now, audit: false }));
		if (s.accepted !== undefined) {
			await step('accept', at(s.accepted, 10), {});
			await step('start', at(s.accepted - 1, 9), {});
		}
		if (s.concluded !== undefined) await step('conclude', at(s.concluded, 16), { outcome: 'explain', text: '经调查核实，已向信访人当面解释说明有关政策和处理依据，信访人表示理解。' });
		items.push({ id: String(id), serial, stage: s.stage });
	}
	const ids = items.map((i) => i.id);
	// their lights now, as the sweeper would set them on its next look
	await storeLights(sql, await computeLights(sql, ids, now, config));

	// 三函 from the province's 督查督办: one signed for and awaiting feedback, one awaiting signature
	const issuer = { userId: province.userId, username: province.username, role: 'supervisor' as const, scope: province.scope, unitId: null, displayName: province.displayName };
	const overdue = items.filter((i) => i.stage === '逾期' || i.stage === '受理逾期');
	const letter = (kind: 'supervise' | 'risk', list: typeof items, daysAgo: number, key: string) =>
		issueLetter(
			sql,
			{
				kind, recipientUnitId: desk.unitId, itemIds: list.map((i) => i.id), cc: '',
				reason: kind === 'supervise'
					? `经督查，你单位承办的信访事项 ${list.map((i) => i.serial).join('、')} 已超过法定期限仍未办结。请你单位高度重视，逐件落实办理责任，依法按期办结，并做好信访人的解释疏导工作。`
					: `经研判，你单位承办的信访事项 ${list.map((i) => i.serial).join('、')} 久拖未决，存在矛盾激化的风险。请你单位及时落实稳控和化解措施，防止矛盾激化升级。`,
				feedbackDue: addDays(today, 30 - daysAgo),
				evidence: list.map((i) => ({ kind: 'overdue', itemId: i.id, letterId: null, text: `${i.serial} 逾期未办结` })) as never,
				follows: [], idempotencyKey: key
			},
			{ user: issuer, rules: DEFAULT_LETTER_RULES, now: at(daysAgo, 10) }
		);
	const answered = await letter('supervise', overdue.slice(0, 2), 6, 'demo-desk-letter-signed');
	const deskUser = { userId: desk.userId, username: DESK_ACCOUNT, role: 'unit' as const, scope: COUNTY, unitId: desk.unitId, displayName: desk.displayName, screenName: null };
	must('签收三函', await signFor(sql, deskUser, answered.id, null, at(5, 9)));
	await letter('risk', overdue.slice(2), 1, 'demo-desk-letter-unsigned');

	// 领导包案 in 历下区: one on this unit's overdue items, two on the county's hardest open items elsewhere
	const who: Principal & { displayName: string } = { userId: city.userId, username: city.username, role: 'supervisor', scope: city.scope, unitId: null, displayName: city.displayName };
	const [leaders, police, hard] = await Promise.all([
		sql<{ id: number; name: string; title: string }[]>`select id, name, title from leader where region = ${COUNTY} order by id`,
		sql<{ id: number }[]>`select id from unit where region = ${COUNTY} and sector = '公安' order by id limit 1`,
		sql<{ serial: string; unitId: number; summary: string }[]>`
			select i.serial, i.unit_id as "unitId", i.summary from petition_item i
			 where i.region = ${COUNTY} and i.status in ('accepted', 'handling') and i.unit_id <> ${desk.unitId} and i.source = 'simulator' and i.source_id is null
			   and not exists (select 1 from lead_case_item c where c.item_id = i.id)
			 order by i.headcount desc, i.conclude_due nulls last, i.id limit 2`
	]);
	const plans: { title: string; serials: string[]; leadUnit: number; plan: string; days: number }[] = [
		{ title: `${desk.unitName}逾期信访事项包案`, serials: items.filter((i) => i.stage === '逾期').map((i) => i.serial), leadUnit: desk.unitId, plan: '逐件约谈信访人，查清诉求，明确办结时限；每周向包案领导报告进展。', days: 30 },
		...hard.map((h, k) => ({ title: `历下区${h.summary.replace(/^反映/, '').slice(0, 16)}问题包案`, serials: [h.serial], leadUnit: h.unitId, plan: '包案领导牵头，责任单位逐项核实诉求，依法依规解决合理诉求，做好稳控和解释疏导。', days: 45 + 15 * k }))
	];
	let cases = 0;
	for (const [k, p] of plans.entries()) {
		if (!leaders.length || !p.serials.length) continue;
		const form: Record<string, string> = {
			title: p.title, plan: p.plan, deadline: addDays(today, p.days), items: p.serials.join('\n'), leader: String(leaders[k % leaders.length].id), leadUnit: String(p.leadUnit)
		};
		if (police[0] && police[0].id !== p.leadUnit) form[`co.${police[0].id}`] = 'on';
		const checked = await readAssignment(sql, who, form, today);
		if (!checked.ok) throw new Error(`演示数据（历下区包案）失败：${checked.message}`);
		await openCase(sql, who, checked.assignment, checked.region, at(k + 1, 15), null);
		cases++;
	}
	return { items: items.length, letters: 2, cases };
}
