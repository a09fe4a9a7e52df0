import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { send, signInCookie } from '../support/admin-client.ts';
import { type RunningServer } from '../support/server.ts';
import { useStack } from '../support/stack.ts';
import { entriesOf, zeros, zipOf } from '../support/zip-bomb.ts';

/**
 * 台账导入 against the built server (issue #15, finding 1): while zip bombs are refused and a
 * 10,000-row ledger is read and checked, /healthz keeps answering; a second upload of the same
 * account waits for nothing (it is refused), and the form can ask where its upload stands.
 */
const HEADERS = ['台账编号', '信访形式', '收件时间', '问题属地', '问题类别', '信访类型', '内容摘要', '人数', '信访人姓名'];
const MB = 1024 * 1024;

async function ledger(rows: number): Promise<Uint8Array> {
	const workbook = new ExcelJS.Workbook();
	const sheet = workbook.addWorksheet('台账');
	sheet.addRow(HEADERS);
	for (let n = 1; n <= rows; n++)
		sheet.addRow([`H-${n}`, '来信', '2026-11-16 10:00', '历下区', '劳动社保', '申诉求决类', `反映拖欠工资问题，第 ${n} 件，涉及农民工多人，请尽快协调处理`, 1, `信访人${n}`]);
	return new Uint8Array(await workbook.xlsx.writeBuffer());
}

const upload = (server: RunningServer, cookie: string | null, name: string, bytes: Uint8Array) => {
	const body = new FormData();
	body.append('file', new File([bytes as BlobPart], name));
	return send(server.url, '/intake/import?/preview', { cookie, body });
};

describe('ledger import on the running server: bombs refused, the node keeps answering', () => {
	const { db, server } = useStack({ items: 200, seed: 'bomb' });

	it('answers /healthz within a second throughout, refuses the bombs in Chinese and reads the big ledger', async () => {
		const supervisor = await signInCookie(server.url, 'jinan.ducha');
		const unit = await signInCookie(server.url, 'lixia.xinfang');
		const base = await entriesOf(await ledger(1));
		const mediaBomb = await zipOf([...base, ...[1, 2, 3, 4].map((n) => ({ name: `xl/media/image${n}.png`, repeat: zeros(64) }))]);
		const lying = await zipOf([
			...base.filter((e) => e.name !== 'xl/worksheets/sheet1.xml'),
			{ name: 'xl/worksheets/sheet1.xml', declaredSize: 4096, repeat: { ...zeros(200), chunk: new Uint8Array(MB).fill(0x20), head: '<worksheet><sheetData>', tail: '</sheetData></worksheet>' } }
		]);
		const big = await ledger(10_000);

		const latencies: number[] = [];
		const failures: string[] = [];
		let polling = true;
		const poll = (async () => {
			while (polling) {
				const started = performance.now();
				const res = await fetch(`${server.url}/healthz`).catch((e: Error) => e);
				latencies.push(performance.now() - started);
				if (res instanceof Error || res.status !== 200) failures.push(res instanceof Error ? res.message : String(res.status));
				await new Promise((r) => setTimeout(r, 50));
			}
		})();

		const bigUpload = upload(server, unit, '一万行台账.xlsx', big);
		// while the unit's ledger is under way, the form can see where it stands, and a second upload of the same account is refused
		await new Promise((r) => setTimeout(r, 300));
		const stage = await send(server.url, '/intake/import/queue.json', { cookie: unit });
		const again = await upload(server, unit, '再传一次.xlsx', big);
		const bombs = [await upload(server, supervisor, '台账.xlsx', mediaBomb), await upload(server, supervisor, '台账.xlsx', lying)];
		const bigResult = await bigUpload;
		polling = false;
		await poll;

		const sorted = [...latencies].sort((a, b) => a - b);
		console.log(
			`healthz during imports: ${latencies.length} requests, median ${Math.round(sorted[sorted.length >> 1])} ms, max ${Math.round(sorted[sorted.length - 1])} ms; ` +
				`queue.json: ${stage.raw}; bombs: ${bombs.map((b) => `${b.status} ${b.message.slice(0, 40)}`).join(' | ')}`
		);
		expect(JSON.parse(stage.raw)).toMatchObject({ stage: expect.stringMatching(/^(queued|reading|checking)$/) });
		expect(again.status).toBe(429);
		expect(again.raw).toContain('上一个文件还在读取');
		for (const bomb of bombs) expect(bomb.status).toBe(422);
		expect(bombs[0].raw).toContain('压缩比异常');
		expect(bombs[1].raw).toMatch(/解压|损坏/);
		expect(bigResult.status, bigResult.raw.slice(0, 300)).toBe(303);
		expect(failures).toEqual([]);
		expect(sorted[sorted.length - 1]).toBeLessThan(1000);
		const [{ jobs }] = await db.sql<{ jobs: number }[]>`select count(*)::int as jobs from import_job`;
		expect(jobs).toBe(1);
	}, 240_000);
});
