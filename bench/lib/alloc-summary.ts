/**
 * Summarises a sampling heap profile (.heapprofile): bytes allocated by function (self) and by
 * the stack's deepest frame of this project (src/, build/server), the biggest first.
 *
 *   node bench/lib/alloc-summary.ts start.heapprofile [top=25]
 */
import { readFileSync } from 'node:fs';

type Node = { callFrame: { functionName: string; url: string; lineNumber: number }; selfSize: number; children: Node[] };
const [file, topRaw] = process.argv.slice(2);
const TOP = Number(topRaw ?? 25);
const { head } = JSON.parse(readFileSync(file, 'utf8')) as { head: Node };
const where = (f: Node['callFrame']) => `${f.functionName || '(anonymous)'} ${f.url.replace(/^.*\/(src|build|node_modules)\//, '$1/')}:${f.lineNumber + 1}`;
const ours = (url: string) => /\/(src|build\/server)\//.test(url) && !url.includes('node_modules');
const self = new Map<string, number>();
const byOurs = new Map<string, number>();
let total = 0;
const walk = (n: Node, ourFrame: string) => {
	const here = ours(n.callFrame.url) ? where(n.callFrame) : ourFrame;
	if (n.selfSize) {
		total += n.selfSize;
		const k = where(n.callFrame);
		self.set(k, (self.get(k) ?? 0) + n.selfSize);
		byOurs.set(here, (byOurs.get(here) ?? 0) + n.selfSize);
	}
	for (const c of n.children) walk(c, here);
};
walk(head, '(outside the project)');
const mb = (x: number) => (x / 2 ** 20).toFixed(1).padStart(7);
console.log(`${file}: ${mb(total)} MB allocated (sampled)`);
console.log('\nby the deepest frame of the project:');
for (const [k, v] of [...byOurs].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${mb(v)}  ${k}`);
console.log('\nby function (self):');
for (const [k, v] of [...self].sort((a, b) => b[1] - a[1]).slice(0, TOP)) console.log(`${mb(v)}  ${k}`);
