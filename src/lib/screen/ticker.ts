import type { FeedEvent, PetitionPayload } from '../feed/protocol.ts';
import { categories, statuses } from '../domain/vocabulary.ts';
import { areaOf } from './apply.ts';
import type { WallSnapshot } from './wall.ts';

/** One line of the live ticker: aggregates and a serial, never a petitioner's identity. */
export type TickerEntry = { seq: number; at: string; area: string; what: string; category: string; headcount: number; group: boolean; red: boolean };

const SHORT_CHANNEL: Record<string, string> = { letter: '来信', visit: '来访', online: '网上', phone: '电话', video: '视频', mailbox: '信箱', hotline: '12345' };
const label = (vocabulary: object, code: string) => (vocabulary as Record<string, string>)[code] ?? code;

function describe(event: FeedEvent, item: PetitionPayload): string {
	if (event.op === 'insert') return `新登记·${SHORT_CHANNEL[item.channel] ?? item.channel}`;
	if (event.op === 'delete') return '已撤销';
	if (item.light === 'red' && item.prev?.light !== 'red') return '转为逾期';
	return item.prev && item.prev.status !== item.status ? label(statuses, item.status) : '信息更新';
}

/** The ticker lines for events within the snapshot's view, oldest first. */
export function tickerEntries(s: WallSnapshot, events: FeedEvent[]): TickerEntry[] {
	const out: TickerEntry[] = [];
	for (const event of events) {
		if (event.topic !== 'petition') continue;
		const item = event.payload as PetitionPayload;
		const area = areaOf(s, item.region);
		if (!area) continue;
		out.push({
			seq: event.seq,
			at: event.at,
			area: s.areas.find((a) => a.adcode === area)?.name ?? area,
			what: describe(event, item),
			category: label(categories, item.category),
			headcount: item.headcount,
			group: item.headcount >= s.groupThreshold,
			red: item.light === 'red'
		});
	}
	return out;
}
