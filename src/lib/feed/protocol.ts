import type { NetChange } from './net.ts';

/**
 * The change feed as the browser sees it. Shared by server and client; no I/O here.
 * Every event carries the seq the relay stamped, in commit order; a frame carries `upTo`,
 * the feed position it brings its receiver to (its room may have had no events up to there).
 */

export type FeedOp = 'insert' | 'update' | 'delete';

export type FeedEvent<P = Record<string, unknown>> = {
	seq: number;
	topic: string;
	entity: string;
	entityId: string;
	op: FeedOp;
	/** adcodes from the province down to the region the change belongs to */
	regionPath: string[];
	/** when the change was written (ISO 8601) */
	at: string;
	payload: P;
};

/** The petition item as the feed carries it: no personal data. */
export type PetitionPayload = {
	id: number;
	serial: string;
	receivedAt: string;
	region: string;
	channel: string;
	category: string;
	type: string;
	status: string;
	headcount: number;
	unitId: number | null;
	skipLevel: boolean;
	repeat: boolean;
	concludeDue: string | null;
	concludedAt: string | null;
	/** the running clock, its last day and its light, as the sweeper last computed them */
	clock?: string;
	clockDue?: string | null;
	light?: 'green' | 'yellow' | 'due_today' | 'red' | 'paused' | 'none';
	/** on update: the fields rollups and screens need to undo the old row */
	prev?: {
		status: string;
		region: string;
		receivedAt: string;
		channel: string;
		category: string;
		headcount: number;
		unitId?: number | null;
		skipLevel?: boolean;
		repeat?: boolean;
		light?: string;
	};
};

/**
 * A frame continues the receiver's feed from `from` to `upTo`: it holds every event in
 * (from, upTo] the receiver may see — or, for a region room's live frames, `net`: their net
 * change to the region wall's figures (feed/net.ts) and no events. A net frame applies whole or
 * not at all. A receiver whose position is below `from` missed a frame (a node or Redis hiccup)
 * and asks for the gap.
 */
export type FeedFrame = { from: number; upTo: number; events: FeedEvent[]; net?: NetChange };

/**
 * Sent about once a second to each region room while the relay runs: the room's last frame
 * ended at `last`, and nothing else of the room is pending up to `upTo`. A receiver at or past
 * `last` may move to `upTo`; one below `last` missed a frame. Its arrival also says the feed is
 * alive, which is what the wall's stale-data watermark watches.
 */
export type FeedTick = { last: number; upTo: number; at: string };

export type ResumeReply =
	| { ok: true; frame: FeedFrame }
	| { ok: false; reason: 'too_old' | 'unavailable' | 'invalid'; message: string };

export interface ServerToClientEvents {
	feed: (frame: FeedFrame) => void;
	tick: (tick: FeedTick) => void;
	/** 三函: a letter to the socket's own unit (or copied to it) was issued or changed (unit accounts only) */
	letter: (event: FeedEvent<LetterPayload>) => void;
}

/** A supervision letter as the feed carries it: no reason text, no personal data. */
export type LetterPayload = {
	id: number;
	number: string;
	kind: 'supervise' | 'risk' | 'accountability';
	status: string;
	/** the unit the letter concerns (the ladder, rates, the wall's region) */
	recipientUnitId: number;
	/** the unit it is addressed to when that is another (a 问责建议函's authority): it receives, signs and answers; absent on events before 0167 */
	addresseeUnitId?: number | null;
	feedbackDue: string;
	light: string;
	issuedAt: string | null;
	officeRegion: string;
	prev?: { status: string; light: string };
};

/** A resume: every event after `since` (up to `upTo` when given: a net frame's end, so the frames after it apply). */
export type ResumeRequest = number | { since: number; upTo: number };

export interface ClientToServerEvents {
	/** asks for every event after `since` the server lets this socket see */
	resume: (request: ResumeRequest, reply: (result: ResumeReply) => void) => void;
}

/** Socket.io room for a region; the server chooses rooms, a client never names one. */
export const regionRoom = (adcode: string) => `region:${adcode}`;
/** Socket.io room of a responsible unit's accounts: they hear of their own letters only. */
export const unitRoom = (unitId: number) => `unit:${unitId}`;
