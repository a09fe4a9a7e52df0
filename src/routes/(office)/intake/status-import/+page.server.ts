import { error, fail } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { UPLOAD_BODY_LIMIT } from '$lib/server/body-limit.ts';
import { actorOf } from '$lib/server/lifecycle/index.ts';
import { runtime } from '$lib/server/runtime.ts';
import { STATUS_COLUMNS, type CellError } from '$lib/server/status-ledger/columns.ts';
import { tableFromCsv } from '$lib/server/status-ledger/csv.ts';
import { statusLedger } from '$lib/server/status-ledger/run.ts';

/** 办理台账导入: later steps of items from a ledger, by the rules of the account that imports them. */
const MAY = (role: string) => role === 'supervisor' || role === 'unit';
/** What the page lists: every error, and the first rows of the outcome. */
const SHOWN = 500;

export function load({ locals }) {
	const user = locals.user;
	if (!user || !can(user, 'items.register') || !MAY(user.role)) error(403, '您的账号无权导入办理台账');
	return { columns: STATUS_COLUMNS.map((c) => c.header + (c.required ? '*' : '')) };
}

async function run({ locals, request, getClientAddress }: { locals: App.Locals; request: Request; getClientAddress: () => string }, commit: boolean) {
	const action = commit ? 'commit' : 'preview';
	const user = locals.user;
	if (!user || !can(user, 'items.register') || !MAY(user.role)) return fail(403, { action, ok: false, field: '', message: '您的账号无权导入办理台账' });
	let data: FormData;
	try {
		data = await request.formData();
	} catch {
		return fail(400, { action, ok: false, field: 'file', message: '请用页面上的按钮提交文件' });
	}
	const extra = [...data.keys()].find((k) => k !== 'file');
	if (extra !== undefined) return fail(400, { action, ok: false, field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` });
	const files = data.getAll('file');
	const file = files[0];
	if (files.length !== 1 || !(file instanceof File) || file.size === 0) return fail(400, { action, ok: false, field: 'file', message: '请选择要导入的办理台账（.csv）' });
	if (file.size > UPLOAD_BODY_LIMIT) return fail(413, { action, ok: false, field: 'file', message: '文件过大，请拆分后分批导入' });
	if (!/\.(csv|txt)$/i.test(file.name)) return fail(422, { action, ok: false, field: 'file', message: '办理台账目前只支持 CSV 文件：请在 Excel 中“另存为”CSV（UTF-8 或 GBK 均可）' });
	const table = tableFromCsv(new Uint8Array(await file.arrayBuffer()));
	if (typeof table === 'string') return fail(422, { action, ok: false, field: 'file', message: table });
	const { sql } = runtime();
	const result = await statusLedger(sql, await actorOf(sql, user, getClientAddress()), table, { commit });
	const shown = { total: result.rows.length, rows: result.rows.slice(0, SHOWN) };
	if (!result.ok) return fail(422, { action, ok: false, field: 'file', message: result.message, errors: result.errors.slice(0, SHOWN), errorCount: result.errors.length, ...shown });
	const message = commit ? `已办理 ${result.rows.length} 个环节` : `预演通过：${result.rows.length} 个环节均可办理，尚未写入。确认无误后请点“确认办理”。`;
	return { action, ok: true, field: '', message, committed: commit, errors: [] as CellError[], errorCount: 0, ...shown };
}

export const actions = {
	/** 预演: every row applied in a transaction that is rolled back; nothing is written. */
	preview: (event) => run(event, false),
	/** 确认办理: every row, or none. */
	commit: (event) => run(event, true)
};
