import { error } from '@sveltejs/kit';
import * as v from 'valibot';
import { auditDetailText } from '$lib/domain/audit-detail.ts';
import { can } from '$lib/domain/access.ts';
import type { AuditAction } from '$lib/server/auth/audit.ts';
import { runtime } from '$lib/server/runtime.ts';
import { validate } from '$lib/validation.ts';
import { actionLabels } from './labels.ts';
import { auditPage } from './log.server.ts';

const Query = v.object({
	page: v.optional(v.pipe(v.string(), v.regex(/^[1-9][0-9]{0,4}$/, '页码应为 1–99999 的整数'), v.transform(Number)), '1'),
	action: v.optional(v.union([v.literal(''), v.picklist(Object.keys(actionLabels) as AuditAction[])], '操作类型无效'))
});

export async function load({ locals, url }) {
	const user = locals.user;
	if (!user || !can(user, 'audit.read')) error(403, '您的账号无权查看审计日志');
	// one value per parameter: ?page=1&page=9 is refused rather than guessed at
	const repeated = [...new Set(url.searchParams.keys())].find((k) => url.searchParams.getAll(k).length > 1);
	if (repeated) error(400, `参数 ${repeated.slice(0, 40)} 重复`);
	const query = validate(Query, Object.fromEntries(url.searchParams));
	if (!query.ok) error(400, `${query.message}（参数 ${query.field}）`);
	const { page } = query.data;
	const action = query.data.action || null;
	const { rows, hasMore } = await auditPage(runtime().sql, user.scope, page, action);
	return {
		entries: rows.map((row) => ({ ...row, label: actionLabels[row.action as AuditAction] ?? row.action, detail: auditDetailText(row.detail) })),
		page,
		hasMore,
		action,
		actions: Object.entries(actionLabels)
	};
}
