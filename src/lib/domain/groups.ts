/**
 * Group-visit early warning (群体访预警): petitions on the same category in the same place within a
 * short window, across channels, whose people add up towards the group threshold. One person
 * writing, phoning and visiting counts once (by identity hash, with their largest headcount).
 */
import type { Rules } from './rules.ts';
import { categories, channels, type Category, type Channel } from './vocabulary.ts';

export type Arrival = {
	id: string | number;
	receivedAt: Date;
	category: Category;
	/** Adcode of the place the matter arises. */
	region: string;
	channel: Channel;
	headcount: number;
	petitionerHash: string | null;
};

export type GroupWarning = {
	category: Category;
	region: string;
	level: 'approaching' | 'reached';
	people: number;
	petitions: number;
	channels: Channel[];
	/** First and last arrival in the window. */
	from: Date;
	to: Date;
	explanation: string;
};

/** The arrivals on one category in one place within the window, as counted. */
export type GroupCluster = {
	category: Category;
	region: string;
	/** people: each identified person once, with their largest headcount; each anonymous petition's headcount */
	people: number;
	petitions: number;
	/** the channels in the order of their first arrival (the same instant: by code), with their petitions */
	channels: [Channel, number][];
	from: Date;
	to: Date;
};

/**
 * The clusters of the `windowHours` before `now` (after `now - windowHours`, up to `now`). The
 * definition: the database computes the same in SQL (server/groups/warnings.ts), checked against
 * this in the integration tests.
 */
export function clusterArrivals(arrivals: Arrival[], now: Date, windowHours: number): GroupCluster[] {
	const since = now.getTime() - windowHours * 3_600_000;
	type Gathering = { first: Arrival; byPerson: Map<string, number>; anonymous: number; petitions: number; from: number; to: number; channels: Map<Channel, { first: number; n: number }> };
	const gatherings = new Map<string, Gathering>();
	for (const a of arrivals) {
		const at = a.receivedAt.getTime();
		if (at <= since || at > now.getTime()) continue;
		const key = `${a.category}|${a.region}`;
		let g = gatherings.get(key);
		if (!g) gatherings.set(key, (g = { first: a, byPerson: new Map(), anonymous: 0, petitions: 0, from: at, to: at, channels: new Map() }));
		if (a.petitionerHash) g.byPerson.set(a.petitionerHash, Math.max(g.byPerson.get(a.petitionerHash) ?? 0, a.headcount));
		else g.anonymous += a.headcount;
		g.petitions++;
		g.from = Math.min(g.from, at);
		g.to = Math.max(g.to, at);
		const c = g.channels.get(a.channel);
		if (c) {
			c.first = Math.min(c.first, at);
			c.n++;
		} else g.channels.set(a.channel, { first: at, n: 1 });
	}
	return [...gatherings.values()].map((g) => ({
		category: g.first.category,
		region: g.first.region,
		people: g.anonymous + [...g.byPerson.values()].reduce((sum, n) => sum + n, 0),
		petitions: g.petitions,
		channels: [...g.channels]
			.sort(([a, x], [b, y]) => x.first - y.first || (a < b ? -1 : a > b ? 1 : 0))
			.map(([channel, { n }]) => [channel, n] as [Channel, number]),
		from: new Date(g.from),
		to: new Date(g.to)
	}));
}

/** The warnings among clusters: those with at least `nearThreshold` people, most people first (then the earliest, then by place and category). */
export function clusterWarnings(clusters: GroupCluster[], rules: Pick<Rules, 'groupThreshold' | 'groupWarning'>): GroupWarning[] {
	const { windowHours, nearThreshold } = rules.groupWarning;
	return clusters
		.filter((c) => c.people >= nearThreshold)
		.map((c): GroupWarning => {
			const level = c.people >= rules.groupThreshold ? 'reached' : 'approaching';
			const mix = c.channels.map(([channel, n]) => `${channels[channel]} ${n} 件`).join('、');
			return {
				category: c.category,
				region: c.region,
				level,
				people: c.people,
				petitions: c.petitions,
				channels: c.channels.map(([channel]) => channel),
				from: c.from,
				to: c.to,
				explanation: `${windowHours} 小时内同地（${c.region}）同类（${categories[c.category]}）${mix}，共 ${c.people} 人，${level === 'reached' ? '已达到' : '接近'}群体访标准（${rules.groupThreshold} 人）`
			};
		})
		.sort((a, b) => b.people - a.people || a.from.getTime() - b.from.getTime() || (a.region < b.region ? -1 : a.region > b.region ? 1 : 0) || (a.category < b.category ? -1 : a.category > b.category ? 1 : 0));
}

/** Clusters in the `windowHours` before `now` with at least `nearThreshold` people, most people first. */
export function groupVisitWarnings(arrivals: Arrival[], now: Date, rules: Pick<Rules, 'groupThreshold' | 'groupWarning'>): GroupWarning[] {
	return clusterWarnings(clusterArrivals(arrivals, now, rules.groupWarning.windowHours), rules);
}
