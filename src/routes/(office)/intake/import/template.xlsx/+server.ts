import { error } from '@sveltejs/kit';
import { can } from '$lib/domain/access.ts';
import { ledgerTemplate } from '$lib/server/intake/import/template.ts';

/** 台账导入模板: the columns the import reads, as an Excel file. */
export async function GET({ locals }) {
	if (!locals.user || !can(locals.user, 'items.register')) error(403, '您的账号无权导入台账');
	return new Response((await ledgerTemplate()) as BodyInit, {
		headers: {
			'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
			'content-disposition': `attachment; filename="ledger-template.xlsx"; filename*=UTF-8''${encodeURIComponent('信访台账导入模板.xlsx')}`,
			'cache-control': 'private, max-age=0'
		}
	});
}
