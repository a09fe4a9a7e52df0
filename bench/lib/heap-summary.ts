/**
 * Summarises a V8 heap snapshot: self size by node type and constructor, and the biggest retainers
 * (retained size by the dominator tree, weak edges ignored, as DevTools computes it).
 *
 *   node bench/lib/heap-summary.ts file.heapsnapshot [top=25]
 */
import { readFileSync } from 'node:fs';

const [file, topRaw] = process.argv.slice(2);
const TOP = Number(topRaw ?? 25);
const snap = JSON.parse(readFileSync(file, 'utf8'));
const { node_fields, edge_fields, node_types, edge_types } = snap.snapshot.meta;
const NF = node_fields.length;
const EF = edge_fields.length;
const nodes: number[] = snap.nodes;
const edges: number[] = snap.edges;
const strings: string[] = snap.strings;
const N = nodes.length / NF;
const [typeI, nameI, sizeI, countI] = ['type', 'name', 'self_size', 'edge_count'].map((f) => node_fields.indexOf(f));
const [eTypeI, eNameI, eToI] = ['type', 'name_or_index', 'to_node'].map((f) => edge_fields.indexOf(f));
const nodeTypes: string[] = node_types[0];
const edgeTypes: string[] = edge_types[0];
const WEAK = edgeTypes.indexOf('weak');
const SHORTCUT = edgeTypes.indexOf('shortcut');

const firstEdge = new Uint32Array(N + 1);
for (let i = 0; i < N; i++) firstEdge[i + 1] = firstEdge[i] + nodes[i * NF + countI] * EF;
const label = (i: number) => `${nodeTypes[nodes[i * NF + typeI]]}:${strings[nodes[i * NF + nameI]].slice(0, 60)}`;
const selfSize = (i: number) => nodes[i * NF + sizeI];

// self size by type and name
const bySelf = new Map<string, { size: number; count: number }>();
let total = 0;
for (let i = 0; i < N; i++) {
	const key = label(i);
	const e = bySelf.get(key) ?? { size: 0, count: 0 };
	e.size += selfSize(i);
	e.count++;
	bySelf.set(key, e);
	total += selfSize(i);
}

// dominators (Cooper, Harvey, Kennedy) over reverse post-order from the root (node 0)
const order = new Int32Array(N).fill(-1); // post-order number
const post: number[] = [];
const stack: number[] = [0];
const next = new Uint32Array(N);
const visited = new Uint8Array(N);
visited[0] = 1;
for (let i = 0; i < N; i++) next[i] = firstEdge[i];
const skip = (e: number) => edges[e + eTypeI] === WEAK || edges[e + eTypeI] === SHORTCUT;
while (stack.length) {
	const v = stack[stack.length - 1];
	if (next[v] < firstEdge[v + 1]) {
		const e = next[v];
		next[v] += EF;
		if (skip(e)) continue;
		const w = edges[e + eToI] / NF;
		if (!visited[w]) {
			visited[w] = 1;
			stack.push(w);
		}
	} else {
		order[v] = post.length;
		post.push(v);
		stack.pop();
	}
}
// predecessors
const predCount = new Uint32Array(N + 1);
for (let v = 0; v < N; v++) if (visited[v]) for (let e = firstEdge[v]; e < firstEdge[v + 1]; e += EF) if (!skip(e)) predCount[edges[e + eToI] / NF + 1]++;
for (let i = 0; i < N; i++) predCount[i + 1] += predCount[i];
const preds = new Uint32Array(predCount[N]);
const fill = predCount.slice();
for (let v = 0; v < N; v++) if (visited[v]) for (let e = firstEdge[v]; e < firstEdge[v + 1]; e += EF) if (!skip(e)) preds[fill[edges[e + eToI] / NF]++] = v;
const idom = new Int32Array(N).fill(-1);
idom[0] = 0;
const intersect = (a: number, b: number) => {
	while (a !== b) {
		while (order[a] < order[b]) a = idom[a];
		while (order[b] < order[a]) b = idom[b];
	}
	return a;
};
for (let changed = true; changed; ) {
	changed = false;
	for (let k = post.length - 2; k >= 0; k--) {
		const v = post[k];
		let d = -1;
		for (let p = predCount[v]; p < predCount[v + 1]; p++) {
			const u = preds[p];
			if (idom[u] === -1) continue;
			d = d === -1 ? u : intersect(u, d);
		}
		if (d !== -1 && idom[v] !== d) {
			idom[v] = d;
			changed = true;
		}
	}
}
const retained = new Float64Array(N);
const children = new Map<number, number[]>();
for (const v of post) if (v !== 0 && idom[v] >= 0) (children.get(idom[v]) ?? children.set(idom[v], []).get(idom[v])!).push(v);
const dfs: number[] = [0];
const seq: number[] = [];
while (dfs.length) {
	const v = dfs.pop()!;
	seq.push(v);
	for (const c of children.get(v) ?? []) dfs.push(c);
}
for (let k = seq.length - 1; k >= 0; k--) {
	const v = seq[k];
	retained[v] += selfSize(v);
	if (v !== 0) retained[idom[v]] += retained[v];
}

const mb = (x: number) => (x / 2 ** 20).toFixed(1);
console.log(`${file}: ${N} nodes, ${mb(total)} MB self size in all`);
console.log(`\nby self size (type:name, MB, count):`);
for (const [k, v] of [...bySelf].sort((a, b) => b[1].size - a[1].size).slice(0, TOP)) console.log(`  ${mb(v.size).padStart(7)}  ${String(v.count).padStart(8)}  ${k}`);
// biggest retainers: nodes with large retained size that are not system roots, by the edge name they are held under
const parentEdge = (v: number) => {
	const d = idom[v];
	for (let e = firstEdge[d]; e < firstEdge[d + 1]; e += EF)
		if (edges[e + eToI] / NF === v) {
			const t = edgeTypes[edges[e + eTypeI]];
			return t === 'element' || t === 'hidden' ? `[${edges[e + eNameI]}]` : strings[edges[e + eNameI]];
		}
	return '?';
};
console.log(`\nbiggest retainers (retained MB, self MB, held by ← node):`);
const depthOk = (v: number) => v !== 0 && idom[v] !== 0 && nodeTypes[nodes[v * NF + typeI]] !== 'synthetic';
const candidates = seq.filter(depthOk).sort((a, b) => retained[b] - retained[a]);
let shown = 0;
const shownSet = new Set<number>();
for (const v of candidates) {
	if (shown >= TOP) break;
	// skip a node whose dominator was shown with nearly the same size (the same chain)
	const d = idom[v];
	if (shownSet.has(d) && retained[v] > 0.9 * retained[d]) {
		shownSet.add(v);
		continue;
	}
	shownSet.add(v);
	shown++;
	console.log(`  ${mb(retained[v]).padStart(7)} ${mb(selfSize(v)).padStart(6)}  ${label(d)} .${parentEdge(v)} → ${label(v)}`);
}
