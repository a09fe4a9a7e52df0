/**
 * Bytes of one net frame on the wire as JSON (positional arrays, what the feed sends) and as
 * msgpack (socket.io-msgpack-parser's notepack), for frames folding 1 to 100 province changes.
 * Run: node bench/feed/msgpack-size.ts
 */
// @ts-expect-error notepack.io (socket.io-msgpack-parser's encoder) ships no types
import notepack from 'notepack.io';
import { NetBuilder, type RoomView } from '../../src/lib/feed/net.ts';
import type { FeedEvent } from '../../src/lib/feed/protocol.ts';
const cities = Array.from({ length: 16 }, (_, i) => `37${String(i + 1).padStart(2, '0')}00`);
const view: RoomView = { adcode: '370000', level: 'province', areas: new Set(cities) };
let seq = 0;
const pick = <T,>(a: T[]) => a[Math.floor(Math.random() * a.length)];
function frame(n: number) {
  const b = new NetBuilder(view);
  for (let i = 0; i < n; i++) {
    const city = pick(cities);
    const insert = Math.random() < 0.5;
    const row = { id: 100000 + seq, serial: `${city.slice(0,4)}02-20261205-${String(seq).padStart(6,'0')}`, receivedAt: new Date().toISOString(), region: city.slice(0, 4) + '02', channel: pick(['visit','online','letter','phone']), category: pick(['labour','land','housing','env','traffic','medical']), type: 'complaint', status: pick(['registered','routed','handling']), headcount: pick([1,1,1,2,6]), unitId: pick([null, 7, 9, 12]), skipLevel: false, repeat: false, concludeDue: null, concludedAt: null, light: pick(['green','yellow','none']), clockDue: '2026-12-20' };
    const e: FeedEvent = { seq: ++seq, topic: 'petition', entity: 'petition_item', entityId: String(row.id), op: insert ? 'insert' : 'update', regionPath: ['370000', city, row.region], at: new Date().toISOString(), payload: insert ? row : { ...row, prev: { ...row, light: 'green', status: 'registered' } } };
    b.add(e, 5);
  }
  return { from: seq - n, upTo: seq, events: [], net: b.build() };
}
for (const n of [1, 5, 50, 100]) {
	const frames = Array.from({ length: 50 }, () => frame(n));
	const json = frames.map((f) => JSON.stringify(['feed', f]));
	const packed = frames.map((f) => notepack.encode(['feed', f]));
	const bytes = (list: { length: number }[]) => Math.round(list.reduce((a, b) => a + (typeof b === 'string' ? Buffer.byteLength(b) : b.length), 0) / list.length);
	const time = (f: () => void) => {
		const t = performance.now();
		for (let k = 0; k < 200; k++) f();
		return (((performance.now() - t) / 200 / frames.length) * 1000).toFixed(1);
	};
	const parse = time(() => json.forEach((j) => JSON.parse(j)));
	const decode = time(() => packed.forEach((p) => notepack.decode(p)));
	const stringify = time(() => frames.forEach((f) => JSON.stringify(['feed', f])));
	const encode = time(() => frames.forEach((f) => notepack.encode(['feed', f])));
	console.log(`events/frame ${n}: JSON ${bytes(json)} B (encode ${stringify} µs, parse ${parse} µs), msgpack ${bytes(packed)} B (encode ${encode} µs, decode ${decode} µs)`);
}
