import { access } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { attach } from './attach.ts';
import { UPLOAD_BODY_LIMIT } from './body-limit.ts';
import { readConfig, type Config } from './config.ts';
import { serveMapOverride } from './maps-override.ts';
import { guardDriverCrash } from './db/driver-guard.ts';
import { startRuntime } from './start.ts';
import { StartupError } from './startup-error.ts';
import type { Runtime } from './runtime.ts';

type Handler = (req: IncomingMessage, res: ServerResponse, next?: () => void) => void;

const log = (message: string) => console.log(`[瞭望] ${message}`);

/** While demo data loads, every request gets a calm page with the progress. */
function startingPage(state: { phase: string; percent: number }): Handler {
	return (req, res) => {
		if (req.url === '/healthz') {
			res.writeHead(503, { 'content-type': 'application/json' }).end(JSON.stringify({ status: 'starting', ...state }));
			return;
		}
		res.writeHead(503, { 'content-type': 'text/html; charset=utf-8', 'retry-after': '2', refresh: '2' });
		res.end(`<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>瞭望 · 正在启动</title>
<body style="background:#071226;color:#cfe3ff;font:28px/1.6 sans-serif;display:grid;place-items:center;height:100vh;margin:0">
<div>瞭望正在启动：${state.phase} ${state.percent}%</div></body></html>`);
	};
}

function listen(server: ReturnType<typeof createServer>, config: Config): Promise<void> {
	return new Promise((resolve, reject) => {
		server.once('error', (error: NodeJS.ErrnoException) => {
			if (error.code === 'EADDRINUSE')
				reject(new StartupError(`端口 ${config.port} 已被占用`, '请停止占用该端口的程序，或用 PORT 指定其他端口'));
			else if (error.code === 'EACCES')
				reject(new StartupError(`没有权限监听端口 ${config.port}`, '请用 PORT 指定 1024 以上的端口'));
			else reject(error);
		});
		server.listen(config.port, config.host, () => resolve());
	});
}

/** The production entry: one HTTP server for SvelteKit, the maps folder and Socket.io. */
export async function main(argv: string[]): Promise<void> {
	let runtime: Runtime | null = null;
	guardDriverCrash(log);
	const server = createServer();
	try {
		const config = readConfig(process.env, argv);
		// checked first: a missing build should not surface after minutes of demo data
		const handlerFile = new URL('../../../build/handler.js', import.meta.url);
		await access(handlerFile).catch(() => {
			throw new StartupError('找不到构建产物 build/', '请先运行 npm run build（或直接用 npm run demo）');
		});
		const state = { phase: '准备中', percent: 0 };
		let handle: Handler = startingPage(state);
		server.on('request', (req, res) => handle(req, res));
		await listen(server, config);
		runtime = await startRuntime(config, {
			log,
			progress(phase, done, total) {
				const percent = Math.floor((done / Math.max(total, 1)) * 100);
				if (phase !== state.phase || percent >= state.percent + 10) log(`演示数据：${phase} ${percent}%`);
				Object.assign(state, { phase, percent });
			}
		});
		const sockets = await attach(server, runtime);
		// adapter-node assumes https unless told: say what this connection really is, unless the
		// operator configured ORIGIN or a proxy's PROTOCOL_HEADER (behind a TLS-terminating proxy)
		const ownProtocolHeader = !process.env.ORIGIN && !process.env.PROTOCOL_HEADER;
		if (ownProtocolHeader) process.env.PROTOCOL_HEADER = 'x-liaowang-protocol';
		// read by the handler as it loads: room for ledger uploads (a hook holds other routes to forms' size)
		process.env.BODY_SIZE_LIMIT ??= String(UPLOAD_BODY_LIMIT);
		const { handler } = (await import(handlerFile.href)) as { handler: Handler };
		const maps = serveMapOverride(config.mapsDir);
		handle = (req, res) => {
			if (ownProtocolHeader) req.headers['x-liaowang-protocol'] = 'encrypted' in req.socket && req.socket.encrypted ? 'https' : 'http';
			maps(req, res, () => handler(req, res));
		};
		const shown = config.host === '0.0.0.0' ? 'localhost' : config.host;
		const { port } = server.address() as { port: number };
		log(`已就绪：http://${shown}:${port}/screen`);

		let stopping = false;
		const shutdown = async (signal: string) => {
			if (stopping) return;
			stopping = true;
			log(`收到 ${signal}，正在停止…`);
			const force = setTimeout(() => process.exit(1), 15_000);
			force.unref();
			server.close();
			server.closeIdleConnections();
			await sockets.close().catch(() => {});
			await runtime?.stop();
			server.closeAllConnections();
			log('已停止');
			process.exit(0);
		};
		process.on('SIGINT', () => void shutdown('SIGINT'));
		process.on('SIGTERM', () => void shutdown('SIGTERM'));
	} catch (error) {
		server.close();
		await runtime?.stop().catch(() => {});
		if (error instanceof StartupError) {
			console.error(String(error));
		} else {
			console.error('启动失败：', error);
		}
		process.exit(1);
	}
}
