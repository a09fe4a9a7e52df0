import postgres from 'postgres';
import { TIME_ZONE } from '../../time.ts';

export type Sql = postgres.Sql<{ bigint: bigint }>;
/** A pool or an open transaction: what a query helper that joins the caller's transaction takes. */
export type Db = Sql | postgres.TransactionSql<{ bigint: bigint }>;

export type Notice = { message: string; severity?: string };
type NoticeListener = (notice: Notice) => void;
const noticeListeners = new WeakMap<object, Set<NoticeListener>>();

/** Opens a pool. Every session runs in the office's time zone, so `::date` means the local day. */
export function connect(url: string, options: { max?: number; appName?: string; connectTimeoutSeconds?: number } = {}): Sql {
	const listeners = new Set<NoticeListener>();
	const sql = postgres(url, {
		max: options.max ?? 10,
		idle_timeout: 30,
		connect_timeout: options.connectTimeoutSeconds ?? 10,
		// the server's notices are dropped unless someone listens (onNotice: a migration's progress)
		onnotice: (notice) => {
			for (const listener of listeners) listener(notice as unknown as Notice);
		},
		connection: { application_name: options.appName ?? 'liaowang', TimeZone: TIME_ZONE },
		types: { bigint: postgres.BigInt }
	}) as unknown as Sql;
	noticeListeners.set(sql, listeners);
	releaseOrigins(sql);
	return sql;
}

type Query = { tagged: boolean; origin: string; args: unknown[] };
type QueryProto = Query & { handle: (this: Query) => Promise<void> };
const released = new WeakSet<object>();

/**
 * postgres.js keeps, for good, one Error per query call site (a stack for error messages) — for
 * fragments (sql`and …` inside a query) too. Until its stack is read, V8 keeps that stack as live
 * call frames: the functions on it and their closures' variables (the rate board's year of
 * items, a wall snapshot's rows) stay reachable long after the query; measured: 56–85 MB of a
 * node's heap. Reading it as the query runs, fragments included, turns it into a short string
 * and lets the rest go; postgres.js caches that string itself (once per call site).
 */
function releaseOrigins(sql: Sql) {
	const proto = Object.getPrototypeOf(sql`select 1`) as QueryProto; // never awaited: never sent
	if (released.has(proto) || typeof proto.handle !== 'function') return;
	released.add(proto);
	const handle = proto.handle;
	const read = (query: Query, depth: number) => {
		if (query.tagged) void query.origin;
		if (depth < 8) for (const arg of query.args ?? []) if (arg instanceof Object && Object.getPrototypeOf(arg) === proto) read(arg as Query, depth + 1);
	};
	proto.handle = function () {
		read(this, 0);
		return handle.call(this);
	};
	patchedHandles.add(proto.handle);
}
const patchedHandles = new WeakSet<object>();

/**
 * Whether a pool's queries run through the patch above. It leans on a postgres.js internal
 * (Query.prototype.handle, with `tagged`, `origin` and `args` on each query), so the version is
 * pinned and a unit test (connection.spec.ts) fails when an upgrade changes that shape.
 */
export function releasesOrigins(sql: Sql): boolean {
	const proto = Object.getPrototypeOf(sql`select 1`) as QueryProto;
	return released.has(proto) && patchedHandles.has(proto.handle);
}

/** Hears the notices (RAISE NOTICE) of a pool's sessions until the returned function is called. */
export function onNotice(sql: Sql, listener: NoticeListener): () => void {
	const listeners = noticeListeners.get(sql);
	listeners?.add(listener);
	return () => void listeners?.delete(listener);
}

/** Fails fast with the server's own message when the database cannot be reached. */
export async function ping(sql: Sql): Promise<string> {
	const [row] = await sql<{ version: string }[]>`select current_setting('server_version') as version`;
	return row.version;
}

/**
 * One transaction whose handle is typed as a plain Sql, so helpers that take Sql (audit(),
 * session helpers, rollups) run inside it. postgres.js types a transaction apart from a pool,
 * though it queries the same way.
 */
export const transaction = <T>(sql: Sql, body: (tx: Sql) => Promise<T>): Promise<T> =>
	sql.begin((tx) => body(tx as unknown as Sql)) as Promise<T>;
