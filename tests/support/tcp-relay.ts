import { createServer, connect, type Socket } from 'node:net';

/**
 * A TCP relay in front of a real server, for faults the server itself would only show by chance:
 * `cut()` drops every open connection, `refusing` turns new ones away, and `fromServer` sees each
 * chunk the server sends back and may drop the connection instead of passing it on.
 */
export type TcpRelay = {
	port: number;
	/** `url` with its host and port replaced by the relay's */
	url: (url: string) => string;
	refusing: boolean;
	cut: () => void;
	close: () => Promise<void>;
};

export async function tcpRelay(targetUrl: string, options: { defaultPort?: number; fromServer?: (chunk: Buffer) => 'pass' | 'drop' } = {}): Promise<TcpRelay> {
	const target = new URL(targetUrl);
	const open = new Set<Socket>();
	const server = createServer((client) => {
		if (relay.refusing) return void client.destroy();
		const upstream = connect(Number(target.port || options.defaultPort), target.hostname);
		open.add(client).add(upstream);
		const close = () => {
			client.destroy();
			upstream.destroy();
			open.delete(client);
			open.delete(upstream);
		};
		client.on('error', close).on('close', close);
		upstream.on('error', close).on('close', close);
		client.pipe(upstream);
		upstream.on('data', (chunk: Buffer) => {
			if (options.fromServer?.(chunk) === 'drop') close();
			else client.write(chunk);
		});
	});
	await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
	const { port } = server.address() as { port: number };
	const relay: TcpRelay = {
		port,
		url(url) {
			const u = new URL(url);
			u.hostname = '127.0.0.1';
			u.port = String(port);
			return u.toString();
		},
		refusing: false,
		cut() {
			for (const socket of open) socket.destroy();
		},
		close() {
			relay.cut();
			return new Promise<void>((resolve) => server.close(() => resolve()));
		}
	};
	return relay;
}
