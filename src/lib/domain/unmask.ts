/**
 * 查看完整信息 is a watched privilege (个人信息保护法: access on a need-to-know basis, recorded):
 * each unmasking states why, from a short list plus the person's own words, and an account that
 * unmasks unusually many in an hour (or hits the per-minute limit) raises an alert for the admins.
 * Pure: the reason's check and the alert's rule.
 */

export const UNMASK_REASONS = {
	contact: '联系信访人',
	identity: '核实身份',
	visit: '约见或走访',
	letter: '制发函件或文书',
	cross_check: '核查重复信访',
	other: '其他'
} as const;
export type UnmaskReasonCode = keyof typeof UNMASK_REASONS;

/** the reason in the person's words: required, short, one line */
export const UNMASK_NOTE_MIN = 4;
export const UNMASK_NOTE_MAX = 100;

export type UnmaskReason = { code: UnmaskReasonCode; label: string; note: string };
export type ReasonCheck = { ok: true; reason: UnmaskReason } | { ok: false; field: 'reason' | 'note'; message: string };

const HIDDEN = /[\u0000-\u001F\u007F\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF\uD800-\uDFFF]/;
const isCode = (value: unknown): value is UnmaskReasonCode => typeof value === 'string' && Object.hasOwn(UNMASK_REASONS, value);

/** Checks the reason a person gives (the form's `reason` and `note`). */
export function checkUnmaskReason(code: unknown, note: unknown): ReasonCheck {
	if (code === undefined || code === '') return { ok: false, field: 'reason', message: '请选择查看完整信息的事由' };
	if (!isCode(code)) return { ok: false, field: 'reason', message: '查看事由无效，请从列表中选择' };
	if (typeof note !== 'string' || note.trim() === '') return { ok: false, field: 'note', message: '请填写具体说明（如：电话联系信访人告知受理结果）' };
	// lone surrogates and controls first: a lone half is not text, and Array.from would count it
	if (HIDDEN.test(note.replace(/[\uD800-\uDBFF][\uDC00-\uDFFF]/g, ''))) return { ok: false, field: 'note', message: '具体说明含有不可见或控制字符' };
	const text = note.trim();
	const length = Array.from(text).length;
	if (length < UNMASK_NOTE_MIN) return { ok: false, field: 'note', message: `具体说明至少 ${UNMASK_NOTE_MIN} 个字` };
	if (length > UNMASK_NOTE_MAX) return { ok: false, field: 'note', message: `具体说明不能超过 ${UNMASK_NOTE_MAX} 个字` };
	return { ok: true, reason: { code, label: UNMASK_REASONS[code], note: text } };
}

/** An account unmasking this many in the last hour is unusual: a person reads a few a day. */
export const UNMASK_ALERT_PER_HOUR = 30;

export type UnmaskCount = { userId: number; username: string; displayName: string; lastHour: number; limited: number };
export type UnmaskAlert = UnmaskCount & { why: string };

/** The accounts to alert about, most unmaskings first: ≥ UNMASK_ALERT_PER_HOUR in the hour, or refused by the per-minute limit. */
export function unmaskAlerts(counts: readonly UnmaskCount[], perHour = UNMASK_ALERT_PER_HOUR): UnmaskAlert[] {
	return counts
		.filter((c) => c.lastHour >= perHour || c.limited > 0)
		.map((c) => {
			const reasons = [c.lastHour >= perHour ? `一小时内查看 ${c.lastHour} 次（提醒线 ${perHour} 次）` : null, c.limited > 0 ? `触及每分钟上限被拒 ${c.limited} 次` : null];
			return { ...c, why: reasons.filter(Boolean).join('，') };
		})
		.sort((a, b) => b.lastHour - a.lastHour || b.limited - a.limited || a.username.localeCompare(b.username));
}

/**
 * Whether to send the alert out now: the account is over the line and no alert went out for it in
 * the last hour, so the channel gets one message an hour per account, not one per unmasking.
 */
export function alertDue(count: { lastHour: number; limited: number }, alertedThisHour: boolean, perHour = UNMASK_ALERT_PER_HOUR): boolean {
	return !alertedThisHour && (count.lastHour >= perHour || count.limited > 0);
}
