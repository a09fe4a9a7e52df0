import { createClient } from 'redis';
import { StartupError } from './startup-error.ts';

// the client as the Socket.io adapter and our code use it (RESP 2, no modules)
export type RedisClient = ReturnType<typeof createClient>;

/** Connects once with no retries to tell a wrong REDIS_URL at start-up, then keeps reconnecting. */
export async function connectRedis(url: string, log: (message: string) => void): Promise<RedisClient> {
	const probe = createClient({ url, socket: { reconnectStrategy: false, connectTimeout: 5000 } });
	probe.on('error', () => {});
	try {
		await probe.connect();
		await probe.ping();
	} catch (error) {
		throw new StartupError(`无法连接 Redis（${redact(url)}）：${(error as Error).message}`, '请检查 REDIS_URL 与 Redis 服务，或去掉 REDIS_URL 以单节点运行');
	} finally {
		probe.destroy();
	}
	const client = createClient({ url, socket: { reconnectStrategy: (retries) => Math.min(100 * 2 ** retries, 5000) } });
	let down = false;
	client.on('error', (error) => {
		if (!down) log(`Redis 连接中断，正在重连：${error.message}`);
		down = true;
	});
	client.on('ready', () => {
		if (down) log('Redis 已重新连接');
		down = false;
	});
	await client.connect();
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
