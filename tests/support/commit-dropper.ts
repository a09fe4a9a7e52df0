import { tcpRelay } from './tcp-relay.ts';

/**
 * In front of Postgres: once armed, lets one COMMIT through and drops the connection before its
 * answer comes back. The transaction is committed, and the client is told only that its
 * connection broke — a real fault of a real server, with no fake in between.
 */
export type CommitDropper = { url: string; arm: () => void; dropped: () => number; close: () => Promise<void> };

/** CommandComplete ('C'), its length, the tag COMMIT and its terminating zero */
const COMMIT_DONE = Buffer.from([0x43, 0, 0, 0, 11, ...Buffer.from('COMMIT'), 0]);

export async function commitDropper(databaseUrl: string): Promise<CommitDropper> {
	let armed = false;
	let dropped = 0;
	const relay = await tcpRelay(databaseUrl, {
		defaultPort: 5432,
		// the server's answer to a COMMIT: the transaction is durable by now; the client never hears so
		fromServer(chunk) {
			if (!armed || !chunk.includes(COMMIT_DONE)) return 'pass';
			armed = false;
			dropped++;
			return 'drop';
		}
	});
	return { url: relay.url(databaseUrl), arm: () => void (armed = true), dropped: () => dropped, close: relay.close };
}
