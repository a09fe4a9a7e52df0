import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';

const MAP_FILE = /^\/maps\/([0-9]{6}|china)\.json$/;

/**
 * A deployment's approved (审图号) boundaries, dropped into LIAOWANG_MAPS_DIR, are served in
 * place of the bundled demo files with the same names.
 */
export function serveMapOverride(dir: string | undefined) {
	return (req: IncomingMessage, res: ServerResponse, next: () => void) => {
		const match = dir && req.method === 'GET' ? MAP_FILE.exec(req.url?.split('?')[0] ?? '') : null;
		if (!match) return next();
		const file = path.join(dir!, `${match[1]}.json`);
		stat(file).then(
			(info) => {
				res.writeHead(200, { 'content-type': 'application/json', 'content-length': info.size, 'cache-control': 'no-cache' });
				createReadStream(file).pipe(res);
			},
			() => next()
		);
	};
}
