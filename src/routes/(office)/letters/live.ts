import { io, type Socket } from 'socket.io-client';
import type { ClientToServerEvents, FeedEvent, ServerToClientEvents } from '$lib/feed/protocol.ts';

/**
 * Letters changing elsewhere (签收, 反馈, 退回, 作废 …), for the issuer's pages: staff hear them in
 * their region's feed frames, unit accounts as letter events. Calls `changed` with the ids of the
 * letters that changed (and with none on a reconnect: whatever came while away); the page then
 * reloads its data from the database. Returns the disconnect.
 */
export function watchLetters(changed: (ids: number[]) => void, status: (live: boolean) => void = () => {}): () => void {
	const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io({ transports: ['websocket'] });
	const ids = (events: FeedEvent[]) => events.filter((e) => e.topic === 'letter').map((e) => Number(e.entityId));
	socket.on('connect', () => {
		status(true);
		changed([]);
	});
	socket.on('disconnect', () => status(false));
	socket.on('feed', (frame) => {
		// a live frame names the letters that changed in its net change; a replayed one carries the events
		const found = frame.net ? (frame.net.e ?? []) : ids(frame.events);
		if (found.length) changed(found);
	});
	socket.on('letter', (event) => changed([event.payload.id]));
	return () => socket.disconnect();
}
