/**
 * The statute's guards for the clock's transitions, in one place: null when the step is allowed,
 * otherwise a coded refusal ({ rule, field, message }) whose Chinese message names the rule in 【】
 * and the article. The lifecycle (lifecycle-plans.ts) calls these before 申请/批准延期 and 中止计时;
 * the clock computation (clock-adjust.ts) applies the same rules to facts already stored, so a
 * refused step would not have counted anyway.
 */
import { currentClock, clockLabels, type Config, type ItemFacts } from './clocks.ts';
import { localDate } from './deadlines.ts';
import type { Refusal } from './lifecycle-guards.ts';
import { citationText } from './rules.ts';
import { MAX_EXTENSION_DAYS } from './statute.ts';

const ART33 = '《信访条例》第33条';
const no = (rule: string, field: string, message: string): Refusal => ({ rule, field, message });

/**
 * Asking for or approving an extension of `days` at `at`: the 办结 clock runs, has not expired,
 * and the extensions that count (clock.extensionDays, after clock-adjust.ts) plus these days stay
 * within 30.
 */
export function extensionRefusal(item: ItemFacts, days: number, at: Date, config: Config): Refusal | null {
	if (!Number.isInteger(days) || days < 1 || days > MAX_EXTENSION_DAYS)
		return no('input', 'days', `【延期天数】延期天数应为 1–${MAX_EXTENSION_DAYS} 的整数（${ART33}：延长期限不得超过 30 日）`);
	const clock = currentClock(item, at, config);
	if (clock.kind !== 'conclude' || !clock.due) {
		const now = clock.kind === 'none' ? `没有计时的期限（${clock.basis}）` : `计时的是${clock.label}期限`;
		return no('extension.clock', 'days', `【延期须在办结期限内（${ART33}）】只有办结期限可以延期，当前${now}`);
	}
	if (localDate(at) > clock.due) return no('extension.expired', 'days', `【延期须在办结期限届满前批准（${ART33}）】办结期限已于 ${clock.due} 届满`);
	const left = MAX_EXTENSION_DAYS - clock.extensionDays;
	const cap = `【延期合计不得超过 ${MAX_EXTENSION_DAYS} 日（${ART33}）】`;
	if (left <= 0) return no('extension.cap', 'days', `${cap}已延期 ${clock.extensionDays} 日，不能再延期`);
	if (days > left) return no('extension.cap', 'days', `${cap}已延期 ${clock.extensionDays} 日，最多还可延期 ${left} 日`);
	return null;
}

/** Opening a pause (听证) at `at`: none is open, an office's clock runs, the rules let it pause, and it has not expired. */
export function pauseRefusal(item: ItemFacts, at: Date, config: Config): Refusal | null {
	const open = (item.pauses ?? []).find((p) => p.to === null);
	if (open) return no('pause.open', 'reason', `【中止计时】计时已于 ${localDate(open.from)} 中止，请先恢复计时`);
	const clock = currentClock(item, at, config);
	if (clock.kind === 'none' || !clock.due || clock.owner !== 'office')
		return no('pause.not-running', 'reason', `【中止计时只能在时限运行中】当前没有运行中的办理时限（${clock.basis}）`);
	const pausable = config.rules.pausableClocks as readonly string[];
	if (!pausable.includes(clock.kind)) {
		const allowed = pausable.map((k) => `${clockLabels[k as keyof typeof clockLabels]}期限`).join('、') || '（无）';
		const cite = clock.citations.map(citationText).join('；');
		return no('pause.not-pausable', 'reason', `【可中止的时限（听证时间不计入，《信访条例》第35条）】${clock.label}期限不可中止：时限规则只允许中止${allowed}${cite ? `（${cite}）` : ''}`);
	}
	if (localDate(at) > clock.due)
		return no('pause.expired', 'reason', `【中止不能恢复已届满的期限】${clock.label}期限已于 ${clock.due} 届满，中止须在期限届满前开始，已逾期的期限不因中止恢复计时`);
	return null;
}
