import { fail } from '@sveltejs/kit';
import { satisfactions, type Satisfaction } from '$lib/domain/vocabulary.ts';
import { checkLink, evaluateByLink } from '$lib/server/lifecycle/index.ts';
import { runtime } from '$lib/server/runtime.ts';
import { readForm } from '$lib/validation.ts';

/**
 * 信访人评价: the one-time link. It says only whether it still works — no serial, no summary,
 * no name — so a guessed or forwarded link reveals nothing about any item.
 */
export async function load({ params, setHeaders }) {
	setHeaders({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
	const state = await checkLink(runtime().sql, params.token);
	return { usable: state.ok };
}

export const actions = {
	evaluate: async ({ params, request, getClientAddress }) => {
		const form = await readForm(request);
		if (!form.ok) return fail(form.status, { field: form.field, message: form.message });
		const extra = Object.keys(form.data).find((k) => k !== 'satisfaction');
		if (extra !== undefined) return fail(400, { field: extra.slice(0, 40), message: `不应提交字段 ${extra.slice(0, 40)}` });
		const answer = form.data.satisfaction ?? '';
		if (!(answer in satisfactions)) return fail(400, { field: 'satisfaction', message: '【评价】请选择满意、基本满意或不满意' });
		const result = await evaluateByLink(runtime().sql, params.token, answer as Satisfaction, getClientAddress());
		// whatever refused it (used, expired, already evaluated by staff), the petitioner hears the same
		if (!result.ok) return fail(410, { field: 'token', message: '该评价链接无效、已使用或已过期' });
		return { done: true, message: '感谢您的评价！' };
	}
};
