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
	ids: (string | number)[];
	channels: Channel[];
	/** First and last arrival in the window. */
	from: Date;
	to: Date;
	explanation: string;
};

/** Clusters in the `windowHours` before `now` with at least `nearThreshold` people, most people first. */
export function groupVisitWarnings(arrivals: Arrival[], now: Date, rules: Pick<Rules, 'groupThreshold' | 'groupWarning'>): GroupWarning[] {
	const { windowHours, nearThreshold } = rules.groupWarning;
	const since = now.getTime() - windowHours * 3_600_000;
	const clusters = new Map<string, Arrival[]>();
	for (const a of arrivals) {
		const at = a.receivedAt.getTime();
		if (at <= since || at > now.getTime()) continue;
		const key = `${a.category}|${a.region}`;
		clusters.set(key, [...(clusters.get(key) ?? []), a]);
	}

	const warnings: GroupWarning[] = [];
	for (const list of clusters.values()) {
		const byPerson = new Map<string, number>();
		let anonymous = 0;
		for (const a of list) {
			if (a.petitionerHash) byPerson.set(a.petitionerHash, Math.max(byPerson.get(a.petitionerHash) ?? 0, a.headcount));
			else anonymous += a.headcount;
		}
		const people = anonymous + [...byPerson.values()].reduce((s, n) => s + n, 0);
		if (people < nearThreshold) continue;
		const sorted = [...list].sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
		const perChannel = new Map<Channel, number>();
		for (const a of sorted) perChannel.set(a.channel, (perChannel.get(a.channel) ?? 0) + 1);
		const level = people >= rules.groupThreshold ? 'reached' : 'approaching';
		const { category, region } = sorted[0];
		const mix = [...perChannel].map(([c, n]) => `${channels[c]} ${n} 件`).join('、');
		warnings.push({
			category,
			region,
			level,
			people,
			petitions: list.length,
			ids: sorted.map((a) => a.id),
			channels: [...perChannel.keys()],
			from: sorted[0].receivedAt,
			to: sorted[sorted.length - 1].receivedAt,
			explanation: `${windowHours} 小时内同地（${region}）同类（${categories[category]}）${mix}，共 ${people} 人，${level === 'reached' ? '已达到' : '接近'}群体访标准（${rules.groupThreshold} 人）`
		});
	}
	return warnings.sort((a, b) => b.people - a.people || a.from.getTime() - b.from.getTime());
}
