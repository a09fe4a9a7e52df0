import { createClient } from 'redis';
import { StartupError } from './startup-error.ts';

// the client as the Socket.io adapter and our code use it (RESP 2, no modules)
export type RedisClient = ReturnType<typeof createClient>;

/**
 * Connects once with no retries to tell a wrong REDIS_URL at start-up, then keeps reconnecting.
 * One client does both: each client (and each duplicate) builds the whole command table, ~20 MB
 * of garbage and half a second of CPU at start.
 */
export async function connectRedis(url: string, log: (message: string) => void): Promise<RedisClient> {
	let started = false;
	const client = createClient({ url, socket: { connectTimeout: 5000, reconnectStrategy: (retries) => (started ? Math.min(100 * 2 ** retries, 5000) : false) } });
	let down = false;
	client.on('error', (error) => {
		if (!started) return; // the start-up failure is reported below
		if (!down) log(`Redis 连接中断，正在重连：${error.message}`);
		down = true;
	});
	client.on('ready', () => {
		if (down) log('Redis 已重新连接');
		down = false;
	});
	try {
		await client.connect();
		await client.ping();
	} catch (error) {
		client.destroy();
		throw new StartupError(`无法连接 Redis（${redact(url)}）：${(error as Error).message}`, '请检查 REDIS_URL 与 Redis 服务，或去掉 REDIS_URL 以单节点运行');
	}
	started = true;
	return client as unknown as RedisClient;
}

/** A URL without its password, for messages. */
export function redact(url: string): string {
	try {
		const u = new URL(url);
		if (u.password) u.password = '***';
		return u.toString();
	} catch {
		return '(无效地址)';
	}
}
