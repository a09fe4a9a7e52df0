import { addMonthsClamped } from '../time.ts';
/**
 * How long logs are kept. 网络安全法 第二十一条: network logs (here the audit log, which is also the
 * sign-in history) are kept no less than six months. A site may keep them longer, never shorter;
 * after that they are archived (moved to audit_log_archive), not deleted.
 */
export const LEGAL_MIN_MONTHS = 6;
export const MAX_MONTHS = 1200;
export const AUDIT_RETENTION_SETTING = 'AUDIT_RETENTION_MONTHS';

export type RetentionChoice = { ok: true; months: number } | { ok: false; message: string; hint: string };

/** Reads the audit log's retention in whole months; unset means the legal minimum. */
export function auditRetentionMonths(raw: string | undefined): RetentionChoice {
	if (raw === undefined || raw.trim() === '') return { ok: true, months: LEGAL_MIN_MONTHS };
	const text = raw.trim();
	const months = /^\d+$/.test(text) ? Number(text) : NaN;
	if (!Number.isSafeInteger(months))
		return { ok: false, message: `环境变量 ${AUDIT_RETENTION_SETTING}=${raw} 无效`, hint: `请设为 ${LEGAL_MIN_MONTHS} 到 ${MAX_MONTHS} 之间的整数（单位：月）` };
	if (months < LEGAL_MIN_MONTHS)
		return {
			ok: false,
			message: `环境变量 ${AUDIT_RETENTION_SETTING}=${raw} 低于法定下限：网络安全法第二十一条要求网络日志留存不少于六个月`,
			hint: `请设为不小于 ${LEGAL_MIN_MONTHS} 的整数，或不设置（默认 ${LEGAL_MIN_MONTHS} 个月）`
		};
	if (months > MAX_MONTHS)
		return { ok: false, message: `环境变量 ${AUDIT_RETENTION_SETTING}=${raw} 过大`, hint: `请设为 ${LEGAL_MIN_MONTHS} 到 ${MAX_MONTHS} 之间的整数（单位：月）` };
	return { ok: true, months };
}

/** The instant before which records may be archived: `months` calendar months before `now` (end-of-month clamped). */
export function archiveCutoff(now: Date, months: number): Date {
	if (!Number.isInteger(months) || months < LEGAL_MIN_MONTHS) throw new RangeError(`保留期不得少于 ${LEGAL_MIN_MONTHS} 个月`);
	return addMonthsClamped(now, -months);
}
