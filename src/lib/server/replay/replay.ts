import { regionInScope } from '../../domain/access.ts';
import type { FeedEvent } from '../../feed/protocol.ts';
import { applyWallEvents } from '../../screen/apply.ts';
import type { WallSnapshot } from '../../screen/wall.ts';
import { DEFAULT_RULES } from '../../domain/rules.ts';
import type { Db } from '../db/connection.ts';
import { toFeedEvent, type OutboxRow } from '../feed/events.ts';

/** Longest replay window, in feed events: the browser holds the whole window to scrub back and forth. */
export const MAX_REPLAY_EVENTS = 50_000;
const PAGE = 5000;

export type ReplayPlan = {
	anchor: { id: number; name: string; seq: number; takenAt: Date };
	/** the wall as it stood at the window's start: the anchor snapshot with the events up to fromSeq applied */
	start: WallSnapshot;
	fromSeq: number;
	toSeq: number;
	events: number;
};
export type ReplayRefusal = { refused: string; field: 'from' | 'to' | 'region' };

/** The feed events of a region in (after, upTo], in seq order, from the durable outbox. */
export async function readWindow(sql: Db, region: string, after: number, upTo: number, limit = PAGE): Promise<FeedEvent[]> {
	const rows = await sql<OutboxRow[]>`
		select seq, topic, entity, entity_id as "entityId", op, region_path as "regionPath", created_at as "createdAt", payload
		  from outbox where seq > ${after} and seq <= ${upTo} and ${region} = any(region_path)
		 order by seq limit ${limit}`;
	return rows.map(toFeedEvent);
}

/** Applies every event in (snapshot.seq, upTo] to a copy of the snapshot, page by page. */
export async function stateAt(sql: Db, region: string, snapshot: WallSnapshot, upTo: number): Promise<WallSnapshot> {
	const state = structuredClone(snapshot);
	// snapshots frozen before they carried the threshold were counted with the statutory default
	state.groupThreshold ??= DEFAULT_RULES.groupThreshold;
	while (state.seq < upTo) {
		const page = await readWindow(sql, region, state.seq, upTo);
		if (!page.length) break;
		applyWallEvents(state, page);
	}
	state.seq = Math.max(state.seq, upTo);
	return state;
}

/**
 * Plans a replay of [from, to] for a region: its start state is the latest frozen snapshot of
 * that region taken at or before `from`, brought forward to `from` by the outbox events since,
 * through the same reducer the live wall applies; the window's events then play on top. The
 * outbox must still hold every event since the anchor (OUTBOX_RETENTION_DAYS).
 */
export async function planReplay(sql: Db, scope: string, region: string, from: Date, to: Date): Promise<ReplayPlan | ReplayRefusal> {
	if (!regionInScope(scope, region)) return { refused: '该地区不在您的权限范围内', field: 'region' };
	if (!(from < to)) return { refused: '回放结束时间应晚于开始时间', field: 'to' };
	const [anchor] = await sql<{ id: number; name: string; seq: string; takenAt: Date; wall: WallSnapshot }[]>`
		select id, name, seq::text, taken_at as "takenAt", wall from meeting_snapshot
		 where region = ${region} and taken_at <= ${from} order by taken_at desc, seq desc limit 1`;
	if (!anchor) return { refused: '回放开始时间之前没有该地区的冻结快照作为起点：请选择更晚的开始时间，或先冻结态势', field: 'from' };
	const [bounds] = await sql<{ fromSeq: string | null; toSeq: string | null; oldest: string | null }[]>`
		select (select max(seq) from outbox where seq is not null and created_at <= ${from})::text as "fromSeq",
		       (select max(seq) from outbox where seq is not null and created_at <= ${to})::text as "toSeq",
		       (select min(seq) from outbox where seq is not null)::text as oldest`;
	const anchorSeq = Number(anchor.seq);
	if (bounds.oldest !== null && anchorSeq + 1 < Number(bounds.oldest)) return { refused: '起点快照之后的变更已超出保留期，无法回放该时段', field: 'from' };
	const fromSeq = Math.max(anchorSeq, Number(bounds.fromSeq ?? 0));
	const toSeq = Math.max(fromSeq, Number(bounds.toSeq ?? 0));
	const [{ n }] = await sql<{ n: number }[]>`select count(*)::int as n from outbox where seq > ${fromSeq} and seq <= ${toSeq} and ${region} = any(region_path)`;
	if (n > MAX_REPLAY_EVENTS) return { refused: `该时段有 ${n} 条变更，超过单次回放上限 ${MAX_REPLAY_EVENTS} 条：请缩短回放时段`, field: 'to' };
	const start = await stateAt(sql, region, { ...anchor.wall, seq: anchorSeq }, fromSeq);
	return { anchor: { id: anchor.id, name: anchor.name, seq: anchorSeq, takenAt: anchor.takenAt }, start, fromSeq, toSeq, events: n };
}
