import { createServer, connect as tcpConnect, type Socket } from 'node:net';

/**
 * A TCP relay between a client and Postgres that, once armed, lets one COMMIT through and drops the
 * connection before its answer comes back: the transaction is committed, and the client is told
 * only that its connection broke. A real fault of a real server, with no fake in between.
 */
/** CommandComplete ('C'), its length, the tag COMMIT and its terminating zero */
const COMMIT_DONE = Buffer.from([0x43, 0, 0, 0, 11, ...Buffer.from('COMMIT'), 0]);

export type CommitDropper = { url: string; arm: () => void; dropped: () => number; close: () => Promise<void> };

export async function commitDropper(databaseUrl: string): Promise<CommitDropper> {
	const target = new URL(databaseUrl);
	let armed = false;
	let dropped = 0;
	const sockets = new Set<Socket>();
	const server = createServer((client) => {
		const upstream = tcpConnect(Number(target.port || 5432), target.hostname);
		sockets.add(client).add(upstream);
		client.on('data', (chunk) => upstream.write(chunk));
		upstream.on('data', (chunk) => {
			// the server's CommandComplete for a COMMIT (tag "COMMIT"): the transaction is durable
			// by now; the client never hears so
			if (armed && chunk.includes(COMMIT_DONE)) {
				armed = false;
				dropped++;
				client.destroy();
				upstream.destroy();
				return;
			}
			client.write(chunk);
		});
		const end = () => {
			client.destroy();
			upstream.destroy();
			sockets.delete(client);
			sockets.delete(upstream);
		};
		client.on('close', end).on('error', end);
		upstream.on('close', end).on('error', end);
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	const url = new URL(databaseUrl);
	url.hostname = '127.0.0.1';
	url.port = String(port);
	return {
		url: url.toString(),
		arm: () => void (armed = true),
		dropped: () => dropped,
		close: () =>
			new Promise<void>((resolve) => {
				for (const socket of sockets) socket.destroy();
				server.close(() => resolve());
			})
	};
}
