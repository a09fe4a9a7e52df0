import { describe, expect, it } from 'vitest';
import { DEFAULT_RULES, citationText, validateRules } from './rules.ts';

const copy = () => structuredClone(DEFAULT_RULES);

describe('the default rules', () => {
	it('carry the regulation’s limits', () => {
		const days = Object.fromEntries(Object.entries(DEFAULT_RULES.limits).map(([k, l]) => [k, l.days]));
		expect(days).toEqual({
			route: 15,
			accept: 15,
			conclude: 60,
			reviewRequest: 30,
			reviewDecision: 30,
			recheckRequest: 30,
			recheckDecision: 30,
			letterFeedback: 30
		});
		expect(validateRules(DEFAULT_RULES)).toEqual({ ok: true, data: DEFAULT_RULES });
	});

	it('cite the verified 2005 articles and no 2022 article numbers', () => {
		const articles = Object.fromEntries(Object.entries(DEFAULT_RULES.limits).map(([k, l]) => [k, l.citations.map(citationText)]));
		expect(articles.route).toEqual(['《信访条例》（2005）第21条', '《信访工作条例》（2022）']);
		expect(articles.accept[0]).toBe('《信访条例》（2005）第21、22条');
		expect(articles.conclude[0]).toBe('《信访条例》（2005）第33条');
		expect(articles.reviewRequest[0]).toBe('《信访条例》（2005）第34条');
		expect(articles.recheckDecision[0]).toBe('《信访条例》（2005）第35条');
		expect(articles.letterFeedback[0]).toBe('《信访条例》（2005）第36条');
		for (const limit of Object.values(DEFAULT_RULES.limits)) expect(limit.citations.find((c) => c.version === '2022')?.article).toBeNull();
	});
});

describe('validateRules names the field and says what is wrong', () => {
	const cases: [what: string, edit: (r: ReturnType<typeof copy>) => unknown, field: string, message: string][] = [
		['a fractional limit', (r) => ((r.limits.conclude.days = 60.5), r), 'limits.conclude.days', '办结期限（天）应为整数'],
		['a zero limit', (r) => ((r.limits.route.days = 0), r), 'limits.route.days', '转送交办期限（天）不能小于 1'],
		['a limit as text', (r) => ((r.limits.accept.days = '15' as never), r), 'limits.accept.days', '受理告知期限（天）应为数字'],
		['a huge limit', (r) => ((r.limits.conclude.days = 400), r), 'limits.conclude.days', '办结期限（天）不能大于 365'],
		['a zero pause maximum', (r) => ((r.maxPauseDays = 0), r), 'maxPauseDays', '中止计时提示上限（天）不能小于 1'],
		['a missing limit', (r) => (delete (r.limits as Partial<typeof r.limits>).recheckDecision, r), 'limits.recheckDecision', '缺少字段 limits.recheckDecision'],
		['a guessed article format', (r) => ((r.limits.route.citations[1].article = '21'), r), 'limits.route.citations.1.article', '条款应写作“第21条”'],
		['a bad version', (r) => ((r.limits.route.citations[0].version = '05'), r), 'limits.route.citations.0.version', '法规版本应为 4 位年份'],
		['negative yellow days', (r) => ((r.yellowDays = -1), r), 'yellowDays', '临期提示天数不能小于 0'],
		['yellow days as long as a limit', (r) => ((r.yellowDays = 15), r), 'yellowDays', '临期提示天数应小于最短的期限'],
		['no minimum volume', (r) => ((r.minLeagueVolume = 0), r), 'minLeagueVolume', '排名最低件数不能小于 1'],
		['a weight above 1', (r) => ((r.repeatMatch.weights.text = 1.5), r), 'repeatMatch.weights.text', '“诉求内容相似”权重应在 0–1 之间'],
		['a zero threshold', (r) => ((r.repeatMatch.threshold = 0), r), 'repeatMatch.threshold', '重复判定阈值应大于 0'],
		['a group of one', (r) => ((r.groupThreshold = 1), r), 'groupThreshold', '群体访人数不能小于 2'],
		['a warning at the threshold', (r) => ((r.groupWarning.nearThreshold = 5), r), 'groupWarning.nearThreshold', '群体访预警人数应小于群体访人数'],
		['weekendExtends as text', (r) => ((r.weekendExtends = 'no' as never), r), 'weekendExtends', '周末是否顺延应为是或否'],
		['an unknown pausable clock', (r) => ((r.pausableClocks = ['review-request' as never]), r), 'pausableClocks.0', '可中止的时限不在清单内'],
		['an unknown channel', (r) => ((r.onlineChannels = ['fax' as never]), r), 'onlineChannels.0', '网上信访渠道不在清单内']
	];
	it.each(cases)('refuses %s', (_what, edit, field, message) => {
		expect(validateRules(edit(copy()))).toEqual({ ok: false, field, message });
	});

	it('loads a version stored when the extension cap was a setting: the cap is the law’s now', () => {
		const old = copy() as unknown as { limits: Record<string, unknown>; maxPauseDays?: number };
		old.limits.maxExtension = { days: 90, citations: [] };
		delete old.maxPauseDays;
		const loaded = validateRules(old);
		expect(loaded.ok).toBe(true);
		if (loaded.ok) {
			expect('maxExtension' in loaded.data.limits).toBe(false);
			expect(loaded.data.maxPauseDays).toBe(30);
		}
	});

	it('accepts a locality’s edits', () => {
		const r = copy();
		r.yellowDays = 3;
		r.weekendExtends = true;
		r.limits.conclude.citations[1].article = '第三十条'; // the format only: not a verified citation
		expect(validateRules(r).ok).toBe(true);
	});
});
