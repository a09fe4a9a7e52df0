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
	/** on update: the fields rollups and screens need to undo the old row */
	prev?: { status: string; region: string; receivedAt: string; channel: string; category: string; headcount: number };
};

export type FeedFrame = { upTo: number; events: FeedEvent[] };

export type ResumeReply =
	| { ok: true; frame: FeedFrame }
	| { ok: false; reason: 'too_old' | 'unavailable' | 'invalid'; message: string };

export interface ServerToClientEvents {
	feed: (frame: FeedFrame) => void;
}

export interface ClientToServerEvents {
	/** asks for every event after `since` the server lets this socket see */
	resume: (since: number, reply: (result: ResumeReply) => void) => void;
}

/** Socket.io room for a region; the server chooses rooms, a client never names one. */
export const regionRoom = (adcode: string) => `region:${adcode}`;
