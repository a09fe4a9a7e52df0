/**
 * The lifecycle's first two questions: is the input whole, and may this actor take this action
 * on this item at all (role, scope, own unit). Each refusal names its rule in 【】 and the field.
 */
import { regionInScope } from './access.ts';
import { addDays, localDate } from './deadlines.ts';
import { outcomes, whoLabels, type Action, type TransitionRule } from './lifecycle-table.ts';
import { satisfactions, tracks } from './vocabulary.ts';

export type Refusal = { rule: string; field: string; message: string };

type Acting = { role: string; scope: string; unitId: number | null; unitHead?: boolean };
type Held = { region: string; unitId: number | null };

/** Whether the actor may take an action of this rule on the item. */
export function who(rule: TransitionRule, item: Held, actor: Acting): Refusal | null {
	const allowed = rule.who as readonly string[];
	const names = rule.who.map((w) => whoLabels[w]).join('或');
	const role = (field = 'action'): Refusal => ({ rule: 'who', field, message: `【权限】${rule.label}只能由${names}办理` });
	switch (actor.role) {
		case 'petitioner':
			return allowed.includes('petitioner') ? null : role();
		case 'api':
		case 'supervisor': {
			if (actor.role === 'supervisor' && !allowed.includes('office')) return role();
			if (actor.role === 'api' && !allowed.some((w) => w !== 'petitioner')) return role();
			if (!regionInScope(actor.scope, item.region))
				return { rule: 'scope', field: 'id', message: `【属地管理】该事项不在您的管辖范围（${actor.scope}）内，不能${rule.label}` };
			return null;
		}
		case 'unit': {
			const asUnit = allowed.includes('unit');
			const asHead = allowed.includes('head') && actor.unitHead === true;
			if (!asUnit && !asHead) {
				if (allowed.includes('head')) return { rule: 'who.head', field: 'action', message: `【单位负责人批准】${rule.label}须由承办单位负责人或信访部门办理，本账号不是单位负责人` };
				return role();
			}
			if (actor.unitId === null || actor.unitId !== item.unitId)
				return { rule: 'own-unit', field: 'id', message: `【本单位事项】该事项不是交由本单位办理的，不能${rule.label}` };
			return null;
		}
		default:
			return role();
	}
}

const textOk = (s: unknown, max: number) => typeof s === 'string' && s.trim().length >= 1 && Array.from(s).length <= max;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
function realDate(s: unknown): s is string {
	if (typeof s !== 'string' || !DATE.test(s)) return false;
	try {
		return addDays(s, 0) === s;
	} catch {
		return false; // 2026-02-30
	}
}

/** Whether the input of an action is whole; the rule named is the action's own. */
export function inputRefusal(action: Action, input: unknown, at: Date): Refusal | null {
	if (!(at instanceof Date) || Number.isNaN(at.getTime())) return { rule: 'input', field: 'at', message: '【时间】办理时间无效' };
	const i = (input ?? {}) as Record<string, unknown>;
	const need = (field: string, label: string, max = 500): Refusal | null =>
		textOk(i[field], max) ? null : { rule: 'input', field, message: `【${label}】请填写${label}（1–${max} 字）` };
	switch (action) {
		case 'route':
		case 'reassign': {
			if (!Number.isInteger(i.unitId) || (i.unitId as number) < 1 || typeof i.unitRegion !== 'string')
				return { rule: 'input', field: 'unitId', message: '【承办单位】请选择承办单位' };
			return action === 'reassign' ? need('reason', '改派理由') : null;
		}
		case 'reject':
		case 'refuse-again': {
			const label = action === 'reject' ? '不予受理理由' : '不再受理理由';
			const missing = need('reason', label);
			if (missing) return missing;
			if (!realDate(i.noticeOn)) return { rule: 'input', field: 'noticeOn', message: '【告知日期】请填写书面告知日期（年-月-日）' };
			if (i.noticeOn > localDate(at)) return { rule: 'input', field: 'noticeOn', message: '【告知日期】告知日期不能晚于办理当日' };
			return null;
		}
		case 'extend-request': {
			if (!Number.isInteger(i.days) || (i.days as number) < 1 || (i.days as number) > 30)
				return { rule: 'input', field: 'days', message: '【延期天数】延期天数应为 1–30 的整数' };
			return need('reason', '延期理由');
		}
		case 'extend-deny':
			return need('reason', '不批准理由');
		case 'pause-start':
			return need('reason', '中止理由');
		case 'send-back':
			return need('reason', '退回理由');
		case 'divert': {
			if (typeof i.track !== 'string' || i.track === 'petition' || !Object.hasOwn(tracks, i.track))
				return { rule: 'input', field: 'track', message: '【导入途径】请选择导入的程序：涉法涉诉法定途径、仲裁、党员申诉、行政程序或依法履职' };
			return need('reason', '分离理由');
		}
		case 'conclude': {
			if (typeof i.outcome !== 'string' || !(i.outcome in outcomes))
				return { rule: 'conclude.opinion', field: 'outcome', message: '【办结须出具处理意见】请选择处理意见：支持、部分支持、解释说明或不予支持' };
			if (!textOk(i.text, 2000)) return { rule: 'conclude.opinion', field: 'text', message: '【办结须出具处理意见】请填写信访处理意见书正文（1–2000 字）' };
			return null;
		}
		case 'evaluate':
			return typeof i.satisfaction === 'string' && i.satisfaction in satisfactions
				? null
				: { rule: 'input', field: 'satisfaction', message: '【评价】请选择满意、基本满意或不满意' };
		case 'review-decide':
			return need('text', '复查意见', 2000);
		case 'recheck-decide':
			return need('text', '复核意见', 2000);
		default:
			return null;
	}
}
