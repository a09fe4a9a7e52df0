/**
 * 领导接访 / 下访 / 约访: a leader's reception day — when, where, which kind, how many people were
 * received, the items taken up and the cases opened there. Pure rules and the month's tally the
 * wall shows; the server passes the parties it looked up and the clock.
 */
import { regionInScope, type Principal } from './access.ts';
import { addDays, localDate } from './deadlines.ts';

export const receptionKinds = { reception: '接访', visit: '下访', appointment: '约访' } as const;
export type ReceptionKind = keyof typeof receptionKinds;
export const MAX_RECEPTION_ITEMS = 50;
/** A reception is recorded after it happened, within this many days (older ones go through the 台账). */
export const RECEPTION_RECORD_DAYS = 90;

export type ReceptionField = 'leader' | 'kind' | 'at' | 'place' | 'persons' | 'items' | 'note';
export type ReceptionRefusal = { ok: false; status: 403 | 422; field: ReceptionField | ''; message: string };

export type ReceptionDraft = {
	kind: string;
	at: Date;
	place: string;
	persons: number;
	note: string;
	leader: { id: number; name: string; region: string } | null;
	items: { id: string; serial: string; region: string; headcount: number }[];
};

const refuse = (status: 403 | 422, field: ReceptionRefusal['field'], message: string): ReceptionRefusal => ({ ok: false, status, field, message });

/** Whether `who` may record this reception now: a supervisor, for a leader and items in scope. */
export function checkReception(who: Principal, r: ReceptionDraft, now: Date): { ok: true; kind: ReceptionKind } | ReceptionRefusal {
	if (who.role !== 'supervisor') return refuse(403, '', '只有督查督办人员可以登记领导接访');
	if (!r.leader) return refuse(422, 'leader', '请从领导名录中选择接访领导');
	if (!regionInScope(who.scope, r.leader.region)) return refuse(403, 'leader', `领导${r.leader.name}不在您的管辖范围内`);
	if (!(r.kind in receptionKinds)) return refuse(422, 'kind', '接访方式应为接访、下访或约访');
	const today = localDate(now);
	const day = localDate(r.at);
	if (r.at.getTime() > now.getTime()) return refuse(422, 'at', '接访时间不能晚于现在：登记的是已经进行的接访');
	if (day < addDays(today, -RECEPTION_RECORD_DAYS)) return refuse(422, 'at', `只能登记 ${RECEPTION_RECORD_DAYS} 天内的接访`);
	const place = [...r.place.trim()].length;
	if (place < 2 || place > 60) return refuse(422, 'place', '接访地点应为 2 至 60 个字');
	if (!Number.isInteger(r.persons) || r.persons < 1 || r.persons > 10000) return refuse(422, 'persons', '接待人数应为 1 至 10000 的整数');
	if (r.items.length > MAX_RECEPTION_ITEMS) return refuse(422, 'items', `一次接访最多关联 ${MAX_RECEPTION_ITEMS} 件信访事项`);
	const outside = r.items.find((i) => !regionInScope(who.scope, i.region));
	if (outside) return refuse(403, 'items', `信访事项 ${outside.serial} 不在您的管辖范围内`);
	const people = r.items.reduce((sum, i) => sum + i.headcount, 0);
	if (people > r.persons) return refuse(422, 'persons', `接待人数（${r.persons}）少于所关联信访事项的人数合计（${people}）`);
	if ([...r.note].length > 1000) return refuse(422, 'note', '接访情况最多 1000 个字');
	return { ok: true, kind: r.kind as ReceptionKind };
}

/** The wall's tally: receptions and people received in the local month of `today`, by kind. */
export type ReceptionMonth = { month: string; receptions: number; persons: number; byKind: Record<ReceptionKind, number> };

export function receptionMonth(rows: { at: Date; kind: ReceptionKind; persons: number }[], today: string): ReceptionMonth {
	const month = today.slice(0, 7);
	const tally: ReceptionMonth = { month, receptions: 0, persons: 0, byKind: { reception: 0, visit: 0, appointment: 0 } };
	for (const r of rows) {
		const day = localDate(r.at);
		if (day.slice(0, 7) !== month || day > today) continue;
		tally.receptions++;
		tally.persons += r.persons;
		tally.byKind[r.kind]++;
	}
	return tally;
}
