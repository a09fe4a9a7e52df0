import { error, fail } from '@sveltejs/kit';
import { isLayoutName, layoutText, panelTypeList, parseLayoutText } from '$lib/screen/panels/check.ts';
import { DEFAULT_LAYOUT, layouts as builtIn } from '$lib/screen/panels/layouts.ts';
import { deploymentRefusal, requireDeploymentRight } from '$lib/server/auth/deployment.ts';
import { readLayouts, resetLayout, saveLayout } from '$lib/server/screen/layouts.ts';
import { runtime } from '$lib/server/runtime.ts';
import { readForm } from '$lib/validation.ts';
import { formatInstant } from '$lib/time.ts';

const MAX_TEXT = 64 * 1024;
const stamp = (d: Date | null) => (d ? formatInstant(d) : null);

/**
 * 大屏布局: the deployment's layouts (built-in and its own), those stored that this release cannot
 * use (with the reason), and one opened in the editor as JSON text.
 */
export async function load({ locals, url }) {
	requireDeploymentRight(locals.user, 'layouts.manage');
	const { layouts: all, unusable } = await readLayouts(runtime().sql);
	const asked = url.searchParams.get('name');
	const stuck = unusable.find((u) => u.name === asked);
	// own names only: `toString` or `__proto__` are on every object, not layouts
	if (asked !== null && !stuck && !Object.hasOwn(all, asked)) error(404, `没有名为 ${asked.slice(0, 40).toWellFormed()} 的布局`);
	const editing = all[asked ?? DEFAULT_LAYOUT];
	return {
		layouts: Object.values(all).map(({ layout, source, updatedAt, updatedBy }) => ({
			name: layout.name,
			title: layout.title,
			canvas: `${layout.width}×${layout.height}`,
			grid: `${layout.columns}×${layout.rows}`,
			panels: layout.panels.length,
			source,
			updatedAt: stamp(updatedAt),
			updatedBy
		})),
		unusable: unusable.map((u) => ({ name: u.name, version: String(u.version), field: u.field, message: u.message, updatedAt: stamp(u.updatedAt), updatedBy: u.updatedBy, builtin: Object.hasOwn(builtIn, u.name) })),
		// an unusable one opens as stored, to be fixed and saved again (a save migrates and checks it)
		editing: stuck
			? { name: stuck.name, source: 'unusable' as const, builtin: Object.hasOwn(builtIn, stuck.name) }
			: { name: editing.layout.name, source: editing.source, builtin: Object.hasOwn(builtIn, editing.layout.name) },
		text: stuck ? JSON.stringify(stuck.spec, null, '\t') : layoutText(editing.layout),
		types: panelTypeList
	};
}

const refused = (status: number, field: string, message: string, spec?: string) => fail(status, { field, message, spec });

/** Who asks and the one field they send, or the refusal: no right, an unreadable form, another field. */
async function oneField(user: App.Locals['user'], request: Request, field: string) {
	const refusal = deploymentRefusal(user, 'layouts.manage');
	if (refusal || !user) return { refusal: refusal ?? refused(401, '', '请先登录') };
	const form = await readForm(request);
	if (!form.ok) return { refusal: refused(form.status, form.field, form.message) };
	const extra = Object.keys(form.data).find((k) => k !== field);
	if (extra) return { refusal: refused(400, extra.slice(0, 40), `不应提交字段 ${extra.slice(0, 40)}`) };
	return { user, value: form.data[field] ?? '' };
}

export const actions = {
	/** Saves the layout in the editor (new, or in place of the stored or built-in one of its name). */
	save: async ({ locals, request, getClientAddress }) => {
		const asked = await oneField(locals.user, request, 'spec');
		if (asked.refusal) return asked.refusal;
		const { user, value: text } = asked;
		if (text.trim() === '') return refused(400, 'spec', '请填写布局');
		if (text.length > MAX_TEXT) return refused(400, 'spec', `布局不能超过 ${MAX_TEXT / 1024} KB`);
		const checked = parseLayoutText(text);
		if (!checked.ok) return refused(400, checked.field === 'spec' ? 'spec' : `spec.${checked.field}`, checked.message, text);
		await saveLayout(runtime().sql, checked.layout, { userId: user.userId, username: user.username, ip: getClientAddress() });
		return { saved: checked.layout.name, message: `已保存布局 ${checked.layout.name}（${checked.layout.title}）：大屏刷新后即按新布局显示`, spec: layoutText(checked.layout) };
	},
	/** Deletes the deployment's own layout: a built-in one of that name shows again. */
	reset: async ({ locals, request, getClientAddress }) => {
		const asked = await oneField(locals.user, request, 'name');
		if (asked.refusal) return asked.refusal;
		const { user, value: name } = asked;
		if (!isLayoutName(name)) return refused(400, 'name', '布局名称应为小写字母开头的字母、数字或连字符（至多 32 位）');
		const done = await resetLayout(runtime().sql, name, { userId: user.userId, username: user.username, ip: getClientAddress() });
		if (!done) return refused(404, 'name', `布局 ${name} 没有本地修改，无需恢复`);
		return { reset: name, message: Object.hasOwn(builtIn, name) ? `布局 ${name} 已恢复为内置布局` : `已删除本地布局 ${name}` };
	}
};
