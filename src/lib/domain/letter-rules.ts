/**
 * 三函 in the rules table: the kinds, their 文号 abbreviations, each issuing office's 机关代字,
 * and the triggers that propose a letter. Local practice, so all of it is data a locality tunes
 * (DOMAIN.md: 三函); `LetterRulesSchema` checks an edited copy.
 */
import * as v from 'valibot';

/** 督办函, 风险提醒函, 问责建议函. */
export const letterKinds = {
	supervise: '督办函',
	risk: '风险提醒函',
	accountability: '问责建议函'
} as const;
export type LetterKind = keyof typeof letterKinds;
export const LETTER_KINDS = Object.keys(letterKinds) as LetterKind[];

/** A sensitive period (两会, 国庆 …): from and to are local dates, both included. */
export type SensitivePeriod = { name: string; from: string; to: string };

export type LetterRules = {
	/** 文号 abbreviation of each kind, after the 机关代字: 鲁信 + 督函 → 鲁信督函〔2026〕12号. */
	abbreviations: Record<LetterKind, string>;
	/** 机关代字 of each issuing office, keyed by the office's region adcode. */
	officeCodes: Record<string, string>;
	triggers: {
		/** 督办函: an item overdue at least this many days, or with no progress for `stalledDays`. */
		supervise: { overdueDays: number; stalledDays: number };
		/**
		 * 风险提醒函: repeats, 越级, 信访上行 (a repeat received above the body that had the matter
		 * before; on unless set to false), 群体访 (the rules' groupThreshold), sensitive periods.
		 */
		risk: { repeatCount: number; skipLevel: boolean; upward?: boolean; sensitivePeriods: SensitivePeriod[] };
		/**
		 * 问责建议函: this many times one unit ignored a 督办函 and then the 风险提醒函 that followed it
		 * (ignored 风险提醒函 that followed an ignored 督办函), or an item overdue `seriousOverdueDays`.
		 */
		accountability: { ignoredLetters: number; seriousOverdueDays: number };
	};
	/** A letter still without feedback this many days after its deadline proposes the next kind (督办函 → 风险提醒函 → 问责建议函). */
	escalateAfterDays: number;
	/**
	 * 问责建议函 are addressed to the body with authority to act, found in the unit directory by
	 * these sectors in order of preference (nearest region first); the unit concerned is copied.
	 */
	accountabilityTo?: string[];
	/** Whether a 问责建议函 may be proposed for an item that never had a 督办函 (default: no, the ladder holds). */
	accountabilitySkipsLadder?: boolean;
};

/** The directory's sectors of 纪检监察机关 and 组织人事部门, the default addressees of a 问责建议函. */
export const ACCOUNTABILITY_TO = ['纪委监委', '组织部'];

export const DEFAULT_LETTER_RULES: LetterRules = {
	abbreviations: { supervise: '督函', risk: '风险函', accountability: '问责函' },
	officeCodes: { '370000': '鲁信', '370100': '济信', '370200': '青信' },
	triggers: {
		supervise: { overdueDays: 1, stalledDays: 20 },
		risk: { repeatCount: 2, skipLevel: true, upward: true, sensitivePeriods: [] },
		accountability: { ignoredLetters: 1, seriousOverdueDays: 60 }
	},
	escalateAfterDays: 0,
	accountabilityTo: ACCOUNTABILITY_TO,
	accountabilitySkipsLadder: false
};

const int = (label: string, min: number, max: number) =>
	v.pipe(
		v.number(`${label}应为数字`),
		v.integer(`${label}应为整数`),
		v.minValue(min, `${label}不能小于 ${min}`),
		v.maxValue(max, `${label}不能大于 ${max}`)
	);
/** Chinese characters only: a 代字 or abbreviation with a digit or bracket would make 文号 ambiguous. */
const hanzi = (label: string, max: number) =>
	v.pipe(v.string(`${label}应为文本`), v.regex(new RegExp(`^\\p{Script=Han}{1,${max}}$`, 'u'), `${label}应为 1–${max} 个汉字`));
const realDate = (s: string) => {
	const d = new Date(`${s}T00:00:00Z`);
	return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
};
const date = (label: string) =>
	v.pipe(v.string(`${label}应为日期`), v.isoDate(`${label}应为 YYYY-MM-DD 格式的日期`), v.check(realDate, `${label}应为 YYYY-MM-DD 格式的日期`));

const period = v.pipe(
	v.object({
		name: v.pipe(v.string('敏感时期名称应为文本'), v.trim(), v.minLength(1, '请填写敏感时期名称'), v.maxLength(20, '敏感时期名称不能超过 20 个字符')),
		from: date('敏感时期开始日期'),
		to: date('敏感时期结束日期')
	}),
	v.forward(v.check((p) => p.from <= p.to, '敏感时期结束日期不能早于开始日期'), ['to'])
);

export const LetterRulesSchema = v.pipe(
	v.object({
		abbreviations: v.object({
			supervise: hanzi('督办函代字', 4),
			risk: hanzi('风险提醒函代字', 4),
			accountability: hanzi('问责建议函代字', 4)
		}),
		officeCodes: v.pipe(
			v.record(v.pipe(v.string(), v.regex(/^[1-9][0-9]{5}$/, '机关代字应按 6 位行政区划代码配置')), hanzi('机关代字', 10)),
			v.check((codes) => new Set(Object.values(codes)).size === Object.values(codes).length, '两个机关不能使用同一机关代字')
		),
		triggers: v.object({
			supervise: v.object({ overdueDays: int('督办函：逾期天数', 0, 365), stalledDays: int('督办函：无进展天数', 1, 365) }),
			risk: v.object({
				repeatCount: int('风险提醒函：重复信访次数', 1, 100),
				skipLevel: v.boolean('风险提醒函：越级是否提醒应为是或否'),
				upward: v.optional(v.boolean('风险提醒函：信访上行是否提醒应为是或否')),
				sensitivePeriods: v.pipe(v.array(period, '敏感时期应为列表'), v.maxLength(50, '敏感时期不能超过 50 个'))
			}),
			accountability: v.object({
				ignoredLetters: int('问责建议函：督办函及其后风险提醒函均未反馈的次数', 1, 10),
				seriousOverdueDays: int('问责建议函：严重逾期天数', 1, 3650)
			})
		}),
		escalateAfterDays: int('升级函件：逾期未反馈天数', 0, 365),
		accountabilityTo: v.optional(
			v.pipe(v.array(v.pipe(v.string('问责建议函主送机关类别应为文本'), v.regex(/^\p{Script=Han}{2,10}$/u, '问责建议函主送机关类别应为 2–10 个汉字')), '问责建议函主送机关类别应为列表'), v.minLength(1, '请至少配置一类问责建议函主送机关'), v.maxLength(5, '问责建议函主送机关类别不能超过 5 类'))
		),
		accountabilitySkipsLadder: v.optional(v.boolean('问责建议函是否可越过督办函应为是或否'))
	}),
	v.forward(
		v.check((r) => new Set(Object.values(r.abbreviations)).size === 3, '三种函件的代字不能相同'),
		['abbreviations']
	),
	v.forward(
		v.check((r) => r.triggers.accountability.seriousOverdueDays > r.triggers.supervise.overdueDays, '严重逾期天数应大于督办函的逾期天数'),
		['triggers', 'accountability', 'seriousOverdueDays'] as never
	)
);
