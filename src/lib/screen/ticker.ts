import type { FeedEvent, PetitionPayload } from '../feed/protocol.ts';
import { clockLabels } from '../domain/clocks.ts';
import { categories, statuses } from '../domain/vocabulary.ts';
import { areaOf } from './apply.ts';
import type { WallSnapshot } from './wall.ts';

/** One line of the live ticker: aggregates and a serial, never a petitioner's identity. */
export type TickerEntry = { seq: number; at: string; area: string; what: string; category: string; headcount: number; group: boolean; red: boolean };

const SHORT_CHANNEL: Record<string, string> = { letter: '来信', visit: '来访', online: '网上', phone: '电话', video: '视频', mailbox: '信箱', hotline: '12345' };
const label = (vocabulary: object, code: string) => (vocabulary as Record<string, string>)[code] ?? code;

const LIGHT_CHANGE: Record<string, string> = { yellow: '转为临期', due_today: '今日到期', paused: '中止计时' };
const shortDay = (day: string) => `${Number(day.slice(5, 7))}月${Number(day.slice(8, 10))}日`;

/**
 * What an event changed, in words an office uses: a new item and its channel, a status step
 * (转送交办 → 受理), a new responsible unit, a light (转为逾期, 今日到期 …), a clock that started
 * or moved on with its last day, or the fields that changed. "信息更新" only when nothing the
 * wall knows of changed (the summary or the petitioner's details).
 */
export function describe(event: FeedEvent, item: PetitionPayload): string {
	if (event.op === 'insert') return `新登记·${SHORT_CHANNEL[item.channel] ?? item.channel}`;
	if (event.op === 'delete') return '已撤销';
	const prev = item.prev;
	if (item.light === 'red' && prev?.light !== 'red') return '转为逾期';
	if (!prev) return '信息更新';
	if (prev.status !== item.status) return `${label(statuses, prev.status)} → ${label(statuses, item.status)}`;
	if (prev.unitId !== undefined && prev.unitId !== item.unitId) return item.unitId === null ? '撤回承办单位' : '改派承办单位';
	if (prev.light !== item.light && item.light && LIGHT_CHANGE[item.light]) return LIGHT_CHANGE[item.light];
	if (prev.light === 'paused' && item.light !== 'paused') return '恢复计时';
	if (prev.light === 'none' && item.light === 'green' && item.clock)
		return `${label(clockLabels, item.clock)}开始计时${item.clockDue ? `（至${shortDay(item.clockDue)}）` : ''}`;
	if (prev.region !== item.region) return '改派地区';
	if (prev.category !== item.category) return `类别改为${label(categories, item.category)}`;
	if (prev.headcount !== item.headcount) return `人数 ${prev.headcount} → ${item.headcount}`;
	if (item.clock && item.clockDue && event.op === 'update' && prev.light === item.light && prev.status === item.status)
		return `${label(clockLabels, item.clock)}期限至${shortDay(item.clockDue)}`;
	return '信息更新';
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
