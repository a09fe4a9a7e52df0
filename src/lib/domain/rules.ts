/**
 * The rules table: every number a locality may tune, with the regulation each limit comes from.
 * Stored as data (one JSON document per version); `validateRules` checks an edited copy.
 *
 * Citations: the 2005 国务院《信访条例》 article numbers are verified (DOMAIN.md). The 2022
 * 中共中央 国务院《信访工作条例》 keeps the same limits, but its article numbers are not verified
 * here, so they are null and must not be shown until someone checks the official text.
 */
import * as v from 'valibot';
import { validate, type Invalid, type Valid } from '../validation.ts';
import type { Channel } from './vocabulary.ts';
import { channels } from './vocabulary.ts';
import { DEFAULT_LETTER_RULES, LetterRulesSchema, type LetterRules } from './letter-rules.ts';

export type Citation = { regulation: string; version: string; article: string | null };
export type Limit = { days: number; citations: Citation[] };

export const limitLabels = {
	route: '转送交办期限',
	accept: '受理告知期限',
	conclude: '办结期限',
	reviewRequest: '复查申请期限',
	reviewDecision: '复查办理期限',
	recheckRequest: '复核申请期限',
	recheckDecision: '复核办理期限',
	letterFeedback: '督办反馈期限'
} as const;
export type LimitName = keyof typeof limitLabels;

/** The factors repeat matching weighs (see escalation.ts). */
export const repeatFactors = {
	person: '同一信访人',
	respondent: '同一被反映对象',
	unit: '同一责任单位',
	category: '同一问题类别',
	text: '诉求内容相似',
	region: '同一发生地'
} as const;
export type RepeatFactor = keyof typeof repeatFactors;

/** Clocks that can be paused; 听证 time is not counted only for 复核 (2005 第35条). */
export const pausableKinds = ['route', 'accept', 'conclude', 'review-decision', 'recheck-decision'] as const;
export type PausableKind = (typeof pausableKinds)[number];

export type Rules = {
	limits: Record<LimitName, Limit>;
	/** 临期: yellow this many days (or fewer) before the last day. */
	yellowDays: number;
	/** League tables rank only units whose volume reaches this. */
	minLeagueVolume: number;
	/** A later item is matched against earlier ones received within this many days. */
	repeatWindowDays: number;
	repeatMatch: {
		/** Sum of matched weights at or above which an item is a repeat. */
		threshold: number;
		/** Character-bigram Jaccard similarity at or above which two summaries count as the same matter. */
		textSimilarity: number;
		/** 重复信访 means the same person again: without a person match nothing is a repeat. */
		requireSamePerson: boolean;
		weights: Record<RepeatFactor, number>;
	};
	/** 群体访: this many people or more. */
	groupThreshold: number;
	/** Early warning: same category and region within `windowHours`, at least `nearThreshold` people. */
	groupWarning: { windowHours: number; nearThreshold: number };
	/** Whether a last day on an ordinary weekend moves to the next working day. */
	weekendExtends: boolean;
	/** Clocks on which a pause (听证) stops the count. */
	pausableClocks: PausableKind[];
	/** An open pause older than this many days shows its own warning (the clock stays paused). */
	maxPauseDays: number;
	/** Channels counted as 网上信访 for 网信占比. */
	onlineChannels: Channel[];
	/** 三函: kinds' abbreviations, offices' 机关代字 and the triggers that propose letters. */
	letters: LetterRules;
};

const act2005 = (article: string): Citation => ({ regulation: '信访条例', version: '2005', article });
const act2022: Citation = { regulation: '信访工作条例', version: '2022', article: null };
const limit = (days: number, article: string): Limit => ({ days, citations: [act2005(article), act2022] });

export const DEFAULT_RULES: Rules = {
	limits: {
		route: limit(15, '第21条'),
		accept: limit(15, '第21、22条'),
		conclude: limit(60, '第33条'),
		reviewRequest: limit(30, '第34条'),
		reviewDecision: limit(30, '第34条'),
		recheckRequest: limit(30, '第35条'),
		recheckDecision: limit(30, '第35条'),
		letterFeedback: limit(30, '第36条')
	},
	yellowDays: 5,
	minLeagueVolume: 10,
	repeatWindowDays: 180,
	repeatMatch: {
		threshold: 0.6,
		textSimilarity: 0.3,
		requireSamePerson: true,
		weights: { person: 0.4, respondent: 0.15, unit: 0.1, category: 0.1, text: 0.15, region: 0.1 }
	},
	groupThreshold: 5,
	groupWarning: { windowHours: 48, nearThreshold: 3 },
	weekendExtends: false,
	pausableClocks: ['recheck-decision'],
	maxPauseDays: 30,
	onlineChannels: ['online'],
	letters: DEFAULT_LETTER_RULES
};

/** How a citation reads: 《信访条例》（2005）第33条; a null article is left out, never guessed. */
export const citationText = (c: Citation) => `《${c.regulation}》（${c.version}）${c.article ?? ''}`;

const int = (label: string, min: number, max: number) =>
	v.pipe(
		v.number(`${label}应为数字`),
		v.integer(`${label}应为整数`),
		v.minValue(min, `${label}不能小于 ${min}`),
		v.maxValue(max, `${label}不能大于 ${max}`)
	);
const share = (label: string) =>
	v.pipe(v.number(`${label}应为数字`), v.minValue(0, `${label}应在 0–1 之间`), v.maxValue(1, `${label}应在 0–1 之间`));
const label = (s: string) => v.pipe(v.string(`${s}应为文本`), v.trim(), v.minLength(1, `请填写${s}`), v.maxLength(40, `${s}不能超过 40 个字符`));

const citation = v.object({
	regulation: label('法规名称'),
	version: v.pipe(v.string('法规版本应为文本'), v.regex(/^\d{4}$/, '法规版本应为 4 位年份')),
	article: v.nullable(v.pipe(v.string('条款应为文本'), v.regex(/^第[0-9一二三四五六七八九十百、]+条$/, '条款应写作“第21条”'), v.maxLength(30, '条款过长')))
});
const limitSchema = (name: LimitName, min: number) =>
	v.object({
		days: int(`${limitLabels[name]}（天）`, min, 365),
		citations: v.array(citation, `${limitLabels[name]}的依据应为列表`)
	});

const RulesSchema = v.pipe(
	v.object({
		// versions saved before the extension cap became a constant of the law (statute.ts) carry a
		// `maxExtension` limit: the object schema drops it, so they still load
		limits: v.object(Object.fromEntries(Object.keys(limitLabels).map((k) => [k, limitSchema(k as LimitName, 1)])) as {
			[K in LimitName]: ReturnType<typeof limitSchema>;
		}),
		yellowDays: int('临期提示天数', 0, 30),
		minLeagueVolume: int('排名最低件数', 1, 100000),
		repeatWindowDays: int('重复信访比对时段（天）', 1, 3650),
		repeatMatch: v.object({
			threshold: v.pipe(share('重复判定阈值'), v.minValue(0.01, '重复判定阈值应大于 0')),
			textSimilarity: share('内容相似度阈值'),
			requireSamePerson: v.boolean('是否要求同一信访人应为是或否'),
			weights: v.object(
				Object.fromEntries(Object.entries(repeatFactors).map(([k, name]) => [k, share(`“${name}”权重`)])) as {
					[K in RepeatFactor]: ReturnType<typeof share>;
				}
			)
		}),
		groupThreshold: int('群体访人数', 2, 1000),
		groupWarning: v.object({ windowHours: int('群体访预警时段（小时）', 1, 720), nearThreshold: int('群体访预警人数', 1, 1000) }),
		weekendExtends: v.boolean('周末是否顺延应为是或否'),
		pausableClocks: v.array(v.picklist(pausableKinds, '可中止的时限不在清单内'), '可中止的时限应为列表'),
		maxPauseDays: v.optional(int('中止计时提示上限（天）', 1, 365), 30),
		onlineChannels: v.array(v.picklist(Object.keys(channels) as Channel[], '网上信访渠道不在清单内'), '网上信访渠道应为列表'),
		// versions saved before 三函 have no letters section: they get the defaults
		letters: v.optional(LetterRulesSchema, () => structuredClone(DEFAULT_LETTER_RULES))
	}),
	v.forward(
		v.check((r) => r.groupWarning.nearThreshold < r.groupThreshold, '群体访预警人数应小于群体访人数'),
		['groupWarning', 'nearThreshold']
	),
	v.forward(
		v.check((r) => r.yellowDays < Math.min(...Object.values(r.limits).map((l) => l.days)), '临期提示天数应小于最短的期限'),
		['yellowDays']
	)
);

/** Checks an edited rules table; the refusal names the field (`limits.conclude.days`) in its Chinese message. */
export function validateRules(input: unknown): Valid<Rules> | Invalid {
	return validate(RulesSchema, input) as Valid<Rules> | Invalid;
}
