import { mkdir } from 'node:fs/promises';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { generateDemoData } from '../../src/lib/server/sim/generate.ts';
import { withDemoUsers } from './auth.ts';
import { launchBrowser } from './browser.ts';
import { useTestKeyring } from './personal-data.ts';
import { createTestDatabase, type TestDatabase } from './db.ts';
import { startServer, type RunningServer } from './server.ts';

declare module 'vitest' {
	export interface ProvidedContext {
		/** The e2e run's one Chromium (chromium-server.ts), when the run started it. */
		chromiumEndpoint?: string;
	}
}

/** Where e2e files keep their screenshots (made when a stack starts). */
export const SHOTS = new URL('../../test-results/', import.meta.url).pathname;

export type StackOptions = {
	/** Demo data of this many items (and the demo accounts); omitted: a bare migrated database, no accounts. */
	items?: number;
	/** The demo generator's seed (one per file keeps files independent). */
	seed?: string;
	/** Extra environment for the built server (DATABASE_URL is the stack's own). */
	env?: Record<string, string>;
	/** A browser for the file: the run's shared Chromium (a connection of its own), closed after the file. */
	browser?: boolean;
	/** false: the file prepares its database further in its own beforeAll, then calls `start(env)`. */
	start?: boolean;
};

export type Stack = {
	db: TestDatabase;
	server: RunningServer;
	browser: Browser;
	/** Starts the built server on the stack's database (once; only with `start: false`). */
	start: (env?: Record<string, string>) => Promise<RunningServer>;
};

/**
 * A connection to the run's one Chromium (the e2e files run one after another, each in contexts
 * of its own; closing the connection closes them); a browser of its own when the run has none.
 */
export function sharedBrowser(): Promise<Browser> {
	const endpoint = inject('chromiumEndpoint');
	return endpoint ? chromium.connect(endpoint) : launchBrowser();
}

/** The demo data and the demo accounts, as every e2e file that wants a populated office seeds them. */
export async function seedDemo(sql: Sql, items: number, seed: string): Promise<void> {
	useTestKeyring(); // the demo seals petitioners' personal data
	await generateDemoData(sql, { items, seed });
	await withDemoUsers(sql);
}

/**
 * One line for an e2e file (or describe block): its own database (demo data and accounts when
 * `items` is given), the built server on it, a browser — set up before the block's tests and torn
 * down after them. The handles it returns are usable from the block's own beforeAll on (they
 * refer to what the set-up made; touching one earlier is an error that says so).
 */
export function useStack(options: StackOptions = {}): Stack {
	let db: TestDatabase | undefined;
	let server: RunningServer | undefined;
	let browser: Browser | undefined;

	async function start(env: Record<string, string> = {}): Promise<RunningServer> {
		if (!db) throw new Error('测试栈：数据库尚未建立');
		if (server) throw new Error('测试栈：服务器已启动');
		server = await startServer({ DATABASE_URL: db.url, ...options.env, ...env });
		return server;
	}

	beforeAll(async () => {
		db = await createTestDatabase();
		if (options.items !== undefined) await seedDemo(db.sql, options.items, options.seed ?? 'stack');
		if (options.browser) {
			browser = await sharedBrowser();
			await mkdir(SHOTS, { recursive: true });
		}
		if (options.start ?? true) await start();
	});
	afterAll(async () => {
		await browser?.close();
		await server?.stop();
		await db?.drop();
	});

	return {
		db: lateBound('db', () => db),
		server: lateBound('server', () => server),
		browser: lateBound('browser', () => browser),
		start
	};
}

/**
 * A stand-in for an object made later (in beforeAll): every property read goes to the object
 * itself, methods of a class bound to it (own function-valued properties, like `db.sql`, pass as
 * they are: binding would strip a tagged template's own methods).
 */
function lateBound<T extends object>(name: string, current: () => T | undefined): T {
	const target = () => {
		const value = current();
		if (value === undefined) throw new Error(`测试栈：${name} 尚未就绪（在 beforeAll 之后使用）`);
		return value;
	};
	return new Proxy({} as T, {
		get(_, key) {
			const object = target();
			const value = Reflect.get(object, key, object);
			return typeof value === 'function' && !Object.hasOwn(object, key) ? value.bind(object) : value;
		},
		has: (_, key) => key in target()
	});
}
