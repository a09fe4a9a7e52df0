import { fail } from '@sveltejs/kit';
import * as v from 'valibot';
import { validateCalendar } from '$lib/domain/calendar.ts';
import { noticeStatus, refusedText } from '$lib/domain/calendar-status.ts';
import { localDate } from '$lib/domain/deadlines.ts';
import { statutoryDays } from '$lib/domain/holidays.ts';
import { citationText, limitLabels, validateRules, type LimitName, type Rules } from '$lib/domain/rules.ts';
import { audit } from '$lib/server/auth/audit.ts';
import { deploymentRefusal, requireDeploymentRight } from '$lib/server/auth/deployment.ts';
import { loadClockConfig, saveHolidayYear, saveRuleVersion } from '$lib/server/clocks/config.ts';
import { requestRebuild } from '$lib/server/feed/rebuild.ts';
import { transaction } from '$lib/server/db/connection.ts';
import { runtime } from '$lib/server/runtime.ts';
import { readForm, text, validate } from '$lib/validation.ts';
import { formatInstant } from '$lib/time.ts';
import { ruleHistory } from './history.server.ts';

export async function load({ locals }) {
	requireDeploymentRight(locals.user, 'rules.manage');
	const { sql } = runtime();
	const config = await loadClockConfig(sql);
	const history = await ruleHistory(sql);
	return {
		version: config.version,
		rules: config.rules,
		limits: (Object.keys(limitLabels) as LimitName[]).map((name) => ({
			name,
			label: limitLabels[name],
			days: config.rules.limits[name].days,
			citations: config.rules.limits[name].citations.map(citationText)
		})),
		calendar: config.calendar.map((y) => ({ ...y, noticeDate: y.noticeDate ?? '', holidays: y.holidays.join(' '), workdays: y.workdays.join(' ') })),
		notices: noticeStatus(config.calendar, localDate(new Date())),
		refused: (config.calendarRefused ?? []).map(refusedText),
		newYear: newYearForm(config.calendar.map((y) => y.year)),
		history: history.map((h) => ({ ...h, createdAt: formatInstant(h.createdAt) }))
	};
}

/** The form for a year not entered yet: the first missing year from this one, its statutory days filled in. */
function newYearForm(entered: number[]) {
	let year = Number(localDate(new Date()).slice(0, 4));
	while (entered.includes(year)) year++;
	const days = statutoryDays(year);
	return { year, holidays: [...new Set(days.map((d) => d.date))].join(' '), statutory: days.map((d) => `${d.name} ${d.date.slice(5)}`).join('、') };
}

const Note = text('修改说明', 200);
const number = (label: string, max: number) => v.pipe(v.string(`请填写${label}`), v.regex(/^[0-9]{1,4}$/, `${label}应为整数`), v.transform(Number), v.maxValue(max, `${label}不能超过 ${max}`));

export const actions = {
	/** A new version of the rules: never an edit of one in force. */
	save: async ({ locals, request, getClientAddress }) => {
		const refusal = deploymentRefusal(locals.user, 'rules.manage');
		if (refusal) return refusal;
		const user = locals.user!;
		const form = await readForm(request);
		if (!form.ok) return fail(form.status, { field: form.field, message: form.message });
		const { sql } = runtime();
		const current = (await loadClockConfig(sql)).rules;
		const note = validate(Note, form.data.note ?? '');
		if (!note.ok) return fail(400, { field: 'note', message: note.message });
		const next: Rules = structuredClone(current);
		const fields: [string, string, number, (value: number) => void][] = [
			...(Object.keys(limitLabels) as LimitName[]).map((name) => [`limit.${name}`, limitLabels[name], 365, (value: number) => (next.limits[name].days = value)] as [string, string, number, (value: number) => void]),
			['yellowDays', '临期提醒天数', 60, (value) => (next.yellowDays = value)],
			['minLeagueVolume', '排名最低件数', 1000, (value) => (next.minLeagueVolume = value)],
			['repeatWindowDays', '重复信访比对天数', 3650, (value) => (next.repeatWindowDays = value)],
			['groupThreshold', '群体访人数', 100, (value) => (next.groupThreshold = value)],
			['groupWarningHours', '群体访预警时段（小时）', 720, (value) => (next.groupWarning.windowHours = value)],
			['groupWarningPeople', '群体访预警人数', 100, (value) => (next.groupWarning.nearThreshold = value)],
			['maxPauseDays', '中止计时提示上限（天）', 365, (value) => (next.maxPauseDays = value)]
		];
		const known = new Set(['note', 'weekendExtends', ...fields.map(([name]) => name)]);
		const extra = Object.keys(form.data).find((k) => !known.has(k));
		if (extra) return fail(400, { field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` });
		for (const [name, label, max, set] of fields) {
			const parsed = validate(number(label, max), form.data[name] ?? '');
			if (!parsed.ok) return fail(400, { field: name, message: parsed.message });
			set(parsed.data);
		}
		next.weekendExtends = form.data.weekendExtends === 'on';
		const checked = validateRules(next);
		if (!checked.ok) return fail(400, { field: checked.field, message: checked.message });
		if (JSON.stringify(checked.data) === JSON.stringify(current)) return fail(400, { field: 'note', message: '规则没有变化，无需保存新版本' });
		const version = await transaction(sql, async (tx) => {
			const v2 = await saveRuleVersion(tx, checked.data, note.data, user.userId);
			await audit(tx, { userId: user.userId, username: user.username, action: 'rules.update', target: `v${v2}`, detail: { note: note.data }, ip: getClientAddress() });
			// the rollups count group visits with the threshold: rebuild them in the background
			if (checked.data.groupThreshold !== current.groupThreshold)
				await requestRebuild(tx, `群体访人数 ${current.groupThreshold} → ${checked.data.groupThreshold}（第 ${v2} 版）`, v2, user.userId);
			return v2;
		});
		const rebuilding = checked.data.groupThreshold !== current.groupThreshold ? '；群体访统计将在后台重建（进度见运行状态页）' : '';
		return { field: '', message: `已保存为第 ${version} 版，全部事项将按新规则重新亮灯${rebuilding}`, saved: version };
	},
	/** One year of the holiday arrangement: holidays and 调休 working days as date lists. */
	calendar: async ({ locals, request, getClientAddress }) => {
		const refusal = deploymentRefusal(locals.user, 'rules.manage');
		if (refusal) return refusal;
		const user = locals.user!;
		const form = await readForm(request);
		if (!form.ok) return fail(form.status, { field: form.field, message: form.message });
		const extra = Object.keys(form.data).find((k) => !['year', 'holidays', 'workdays', 'source', 'noticeDate', 'verified'].includes(k));
		if (extra) return fail(400, { field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` });
		const year = validate(number('年份', 2100), form.data.year ?? '');
		if (!year.ok || year.data < 2000) return fail(400, { field: 'year', message: year.ok ? '年份应在 2000–2100 之间' : year.message });
		const dates = (s: string | undefined) => (s ?? '').split(/[\s,，、]+/).filter(Boolean);
		const source = validate(v.optional(text('来源', 200), ''), form.data.source || undefined);
		if (!source.ok) return fail(400, { field: 'source', message: source.message });
		const noticeDate = (form.data.noticeDate ?? '').trim() || null;
		const entry = { year: year.data, holidays: dates(form.data.holidays), workdays: dates(form.data.workdays), verified: form.data.verified === 'on', source: source.data ?? '', noticeDate };
		// each year stands alone (the table keys on the year): another year's data never refuses this one
		const checked = validateCalendar([entry]);
		if (!checked.ok) return fail(400, { field: checked.field.replace(/^\d+\.?/, '') || 'holidays', message: checked.message });
		const { sql } = runtime();
		const created = await transaction(sql, async (tx) => {
			const isNew = await saveHolidayYear(tx, entry, user.userId);
			await audit(tx, {
				userId: user.userId,
				username: user.username,
				action: 'rules.update',
				target: `holidays ${entry.year}`,
				detail: { created: isNew, holidays: entry.holidays.length, workdays: entry.workdays, source: entry.source, noticeDate: entry.noticeDate },
				ip: getClientAddress()
			});
			return isNew;
		});
		return { field: '', message: `${entry.year} 年节假日安排已${created ? '录入' : '保存'}，相关事项将重新计算亮灯`, saved: 0 };
	}
};
