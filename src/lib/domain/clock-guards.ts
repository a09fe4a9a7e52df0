/**
 * Guards for the clock's transitions, before anything is written: null when the step is allowed,
 * otherwise a Chinese refusal naming the rule. Item transitions (approving an extension, opening
 * a hearing) call these; the clock computation (clock-adjust.ts) applies the same rules to facts
 * already stored, so a refused step would not have counted anyway.
 */
import { currentClock, clockLabels, type Config, type ItemFacts } from './clocks.ts';
import { localDate } from './deadlines.ts';
import { MAX_EXTENSION_DAYS } from './statute.ts';

const ART33 = '《信访条例》第33条';

/** Approving an extension of `days` at `at`: the 办结 clock runs, has not expired, and the total stays within 30 days. */
export function extensionRefusal(item: ItemFacts, days: number, at: Date, config: Config): string | null {
	if (!Number.isInteger(days) || days < 1 || days > MAX_EXTENSION_DAYS) return `延期天数应为 1–${MAX_EXTENSION_DAYS} 的整数（${ART33}：延长期限不得超过 30 日）`;
	const clock = currentClock(item, at, config);
	if (clock.kind !== 'conclude' || !clock.due)
		return `只有办结期限可以延期，当前${clock.kind === 'none' ? `没有计时的期限（${clock.basis}）` : `计时的是${clock.label}期限`}（${ART33}）`;
	if (localDate(at) > clock.due) return `办结期限已于 ${clock.due} 届满，延期须在期限届满前批准（${ART33}）`;
	const left = MAX_EXTENSION_DAYS - clock.extensionDays;
	if (left <= 0) return `已延期 ${clock.extensionDays} 日，延期合计不得超过 ${MAX_EXTENSION_DAYS} 日，不能再延期（${ART33}）`;
	if (days > left) return `延期合计不得超过 ${MAX_EXTENSION_DAYS} 日（${ART33}）：已延期 ${clock.extensionDays} 日，最多还可延期 ${left} 日`;
	return null;
}

/** Opening a pause (听证) at `at`: a pausable clock runs, is not paused already, and has not expired. */
export function pauseRefusal(item: ItemFacts, at: Date, config: Config): string | null {
	const clock = currentClock(item, at, config);
	if (clock.kind === 'none' || !clock.due) return `当前没有计时的期限（${clock.basis}），无需中止计时`;
	const pausable = config.rules.pausableClocks as readonly string[];
	if (!pausable.includes(clock.kind))
		return `${clock.label}期限不可中止：时限规则只允许中止${pausable.map((k) => `${clockLabels[k as keyof typeof clockLabels]}期限`).join('、') || '（无）'}（听证时间不计入，《信访条例》第35条）`;
	if (clock.paused) return `计时已于 ${clock.pause?.since} 中止，请先恢复计时`;
	if (localDate(at) > clock.due) return `${clock.label}期限已于 ${clock.due} 届满，中止须在期限届满前开始，已逾期的期限不因中止恢复计时`;
	return null;
}
