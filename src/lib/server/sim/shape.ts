/**
 * The believable shape of petition traffic: how many arrive on a day, through which channel,
 * about what, from how many people. Pure functions of the date (and a window progress in
 * [0, 1] for slow trends) so the generator and the live simulator draw from the same shape.
 * Numbers are demo assumptions, not statistics; they are chosen to look like the reports
 * leaders read (网信占比 rising, 欠薪 before 春节, Monday queues at the reception hall).
 */
import type { Category, Channel, ItemType } from '../../domain/vocabulary.ts';
import { dayOfWeek, daysBetween } from '../../domain/deadlines.ts';
import { weightTable, type Random, type WeightTable } from './random.ts';

/** 春节 (first day of the lunar year) by Gregorian year. */
export const SPRING_FESTIVAL: Readonly<Record<number, string>> = {
	2020: '2020-01-25', 2021: '2021-02-12', 2022: '2022-02-01', 2023: '2023-01-22', 2024: '2024-02-10',
	2025: '2025-01-29', 2026: '2026-02-17', 2027: '2027-02-06', 2028: '2028-01-26', 2029: '2029-02-13',
	2030: '2030-02-03', 2031: '2031-01-23', 2032: '2032-02-11', 2033: '2033-01-31', 2034: '2034-02-19',
	2035: '2035-02-08'
};

/** Days from the date to the next 春节 (0 on the day), or null when outside the table. */
export function daysToSpringFestival(date: string): number | null {
	const year = Number(date.slice(0, 4));
	for (const y of [year, year + 1]) {
		const festival = SPRING_FESTIVAL[y];
		if (festival && festival >= date) return daysBetween(date, festival);
	}
	return null;
}

/** Days since the last 春节 (0 on the day), or null when outside the table. */
function daysSinceSpringFestival(date: string): number | null {
	const year = Number(date.slice(0, 4));
	for (const y of [year, year - 1]) {
		const festival = SPRING_FESTIVAL[y];
		if (festival && festival <= date) return daysBetween(festival, date);
	}
	return null;
}

/** Sunday … Saturday. The reception hall queues on Monday; weekends only the duty desk and the web. */
export const WEEKDAY_FACTOR = [0.3, 1.22, 1.08, 1.04, 1.0, 0.92, 0.38] as const;

export const isWeekend = (date: string) => {
	const dow = dayOfWeek(date);
	return dow === 0 || dow === 6;
};

/** Relative volume of a day: weekday rhythm × a gentle seasonal wave × public holidays. */
export function dayVolumeWeight(date: string): number {
	const [month, day] = [Number(date.slice(5, 7)), Number(date.slice(8, 10))];
	const dayOfYear = (month - 1) * 30.5 + day;
	// ±6 %, highest in early summer and lowest in winter
	const season = 1 + 0.06 * Math.sin((2 * Math.PI * (dayOfYear - 80)) / 365);
	let holiday = 1;
	const since = daysSinceSpringFestival(date);
	const until = daysToSpringFestival(date);
	if ((since !== null && since <= 6) || until === 1) holiday = 0.3; // 春节假期
	else if (month === 10 && day <= 7) holiday = 0.45; // 国庆
	else if ((month === 5 && day <= 5) || (month === 1 && day === 1)) holiday = 0.5; // 劳动节, 元旦
	return WEEKDAY_FACTOR[dayOfWeek(date)] * season * holiday;
}

/**
 * Channel mix. `progress` runs 0 → 1 across the generated window: the online share (网信占比)
 * climbs from about 45 % to 60 % of a month's items as offices push 网上信访. On weekends the
 * letters room and the reception hall are mostly closed, so the web dominates.
 */
export function channelTable(progress: number, weekend: boolean): WeightTable<Channel> {
	const p = Math.min(1, Math.max(0, progress));
	const w = {
		online: 0.41 + 0.2 * p,
		visit: 0.2 - 0.05 * p,
		letter: 0.18 - 0.06 * p,
		phone: 0.08 - 0.02 * p,
		hotline: 0.07,
		mailbox: 0.04,
		video: 0.01 + 0.01 * p
	};
	if (weekend) Object.assign(w, { visit: w.visit * 0.12, letter: w.letter * 0.05, phone: w.phone * 0.3, video: w.video * 0.05, hotline: w.hotline * 0.8, mailbox: w.mailbox * 0.9 });
	return weightTable<Channel>(w);
}

const BASE_CATEGORY: Record<Category, number> = {
	land: 13, labour: 15, housing: 17, legal: 9, rural: 10, environment: 6,
	health: 5, education: 5, civil: 6, enterprise: 4, discipline: 5, other: 5
};

/** 欠薪 climbs through the six weeks before 春节 to about 2.5× (年底讨薪). */
export function labourFactor(date: string): number {
	const until = daysToSpringFestival(date);
	if (until === null || until > 45 || until < 1) return 1;
	return 1 + 1.5 * (1 - (until - 1) / 45);
}

/** Category mix of one day: 欠薪 before 春节, noise and smells in summer, school places in late summer. */
export function categoryTable(date: string): WeightTable<Category> {
	const month = Number(date.slice(5, 7));
	return weightTable<Category>({
		...BASE_CATEGORY,
		labour: BASE_CATEGORY.labour * labourFactor(date),
		environment: BASE_CATEGORY.environment * (month >= 6 && month <= 8 ? 1.4 : 1),
		education: BASE_CATEGORY.education * (month === 8 || month === 9 ? 1.6 : 1)
	});
}

/** 群体访 are about land, wages, housing delivery and 企业改制, hardly ever about anything else. */
export const GROUP_CATEGORY = weightTable<Category>({ land: 30, labour: 30, housing: 25, enterprise: 10, environment: 5 });

/**
 * Probability that an item is a group matter (5+ people), by channel: mostly 来访, some 联名信.
 * At 200,000 items in six months that is about ten a week across the province.
 */
export const GROUP_PROBABILITY: Readonly<Record<Channel, number>> = {
	visit: 0.006, letter: 0.001, online: 0.0002, phone: 0, video: 0, mailbox: 0, hotline: 0
};

/** People behind an item: mostly one; a few families of 2–4; groups of 5 and up (now and then dozens). */
export function headcount(rng: Random, group: boolean): number {
	if (group) return rng.chance(0.1) ? rng.int(15, 60) : 5 + rng.poisson(4);
	const u = rng.next();
	return u < 0.9 ? 1 : u < 0.97 ? 2 : rng.int(3, 4);
}

const TYPE_DEFAULT = weightTable<ItemType>({ appeal: 72, complaint: 18, proposal: 10 });
const TYPE_BY_CATEGORY: Partial<Record<Category, WeightTable<ItemType>>> = {
	discipline: weightTable<ItemType>({ complaint: 85, appeal: 10, proposal: 5 }),
	environment: weightTable<ItemType>({ complaint: 45, appeal: 45, proposal: 10 }),
	legal: weightTable<ItemType>({ appeal: 90, complaint: 10 }),
	other: weightTable<ItemType>({ appeal: 50, proposal: 30, complaint: 20 }),
	education: weightTable<ItemType>({ appeal: 65, complaint: 20, proposal: 15 }),
	health: weightTable<ItemType>({ appeal: 65, complaint: 20, proposal: 15 })
};

/** 建议意见类 / 检举控告类 / 申诉求决类 by category. */
export const typeTable = (category: Category) => TYPE_BY_CATEGORY[category] ?? TYPE_DEFAULT;

/**
 * 越级: mostly people who travel to the city or province instead of the county (来访), some
 * letters to the governor's mailbox; twice as likely on a matter already raised, and more
 * likely in the first half of March (两会, a sensitive period).
 */
export function skipLevelProbability(channel: Channel, sameMatterAgain: boolean, date: string): number {
	const base = channel === 'visit' ? 0.09 : channel === 'mailbox' ? 0.05 : channel === 'letter' || channel === 'online' ? 0.01 : 0;
	const sensitive = date.slice(5, 7) === '03' && Number(date.slice(8, 10)) <= 15 ? 1.5 : 1;
	return Math.min(0.5, base * (sameMatterAgain ? 2 : 1) * sensitive);
}

/**
 * Share of items from someone who petitioned before (~18 % once the window has history; it
 * ramps up over the first three weeks because earlier items are not in the database), and the
 * share of those that are the same matter again (重复信访).
 */
export const repeatProbability = (daysIntoWindow: number) => 0.19 * Math.min(1, daysIntoWindow / 20);
export const SAME_MATTER_SHARE = 0.8;

/** 七普 (2020) resident population in 万人, to weight cities; 济南 gets more as the capital. */
export const CITY_POPULATION: Readonly<Record<string, number>> = {
	'370100': 920 * 1.2, '370200': 1007, '370300': 470, '370400': 386, '370500': 219, '370600': 710,
	'370700': 939, '370800': 836, '370900': 547, '371000': 291, '371100': 297, '371300': 1102,
	'371400': 561, '371500': 595, '371600': 393, '371700': 880
};

/** County weights: the city's weight shared among its counties, with some spread between them. */
export function countyWeights(counties: readonly { adcode: string; parent: string }[], rng: Random): Map<string, number> {
	const perCity = new Map<string, number>();
	for (const c of counties) perCity.set(c.parent, (perCity.get(c.parent) ?? 0) + 1);
	const weights = new Map<string, number>();
	for (const c of counties) {
		const city = CITY_POPULATION[c.parent] ?? 400;
		weights.set(c.adcode, (city / perCity.get(c.parent)!) * Math.exp(rng.normal(0, 0.3)));
	}
	return weights;
}

/** Hourly profile of the web, the hotline and the mailbox: day peaks, an evening bump, quiet nights. */
const ONLINE_HOURS = weightTable(
	[0.3, 0.2, 0.1, 0.1, 0.1, 0.2, 0.5, 1, 2, 3, 3.2, 2.8, 2, 2.6, 3, 3, 2.6, 2, 1.8, 2, 2.2, 2, 1.4, 0.7].map((w, h) => [h, w] as const)
);

/** Seconds after local midnight an item arrives: office hours (08:30–12:00, 13:30–17:30) offline, 24 h online. */
export function arrivalSecond(rng: Random, channel: Channel): number {
	if (channel === 'online' || channel === 'hotline' || channel === 'mailbox')
		return rng.weighted(ONLINE_HOURS) * 3600 + rng.int(0, 3599);
	const morning = rng.chance(0.58); // the hall is busiest before lunch
	return morning ? rng.int(8.5 * 3600, 12 * 3600 - 1) : rng.int(13.5 * 3600, 17.5 * 3600 - 1);
}
