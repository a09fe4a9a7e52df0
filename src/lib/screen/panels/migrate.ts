import { LAYOUT_VERSION } from './layout.ts';
import { panelModule } from './modules.ts';
import { isObject, refuse, Refusal } from './schema.ts';

/** A stored or pasted layout brought up to LAYOUT_VERSION (not yet checked), or why it cannot be. */
export type Migration = { ok: true; value: Record<string, unknown>; from: number } | { ok: false; field: string; message: string };

/** Layout-wide steps: `steps[n]` takes a layout of version n to n + 1 (a panel's options move in its module's `migrate`). */
const steps: Record<number, (layout: Record<string, unknown>) => Record<string, unknown>> = {
	// 1 → 2: nothing moved; from now on the version is stored with the layout
	1: (layout) => layout
};

function stepPanels(layout: Record<string, unknown>, from: number): void {
	if (!Array.isArray(layout.panels)) return;
	for (const [i, panel] of layout.panels.entries()) {
		if (!isObject(panel) || typeof panel.type !== 'string' || !isObject(panel.options)) continue;
		const module = Object.hasOwn(panelModule, panel.type) ? panelModule[panel.type] : undefined;
		if (module?.migrate) panel.options = module.migrate(panel.options, from, `panels[${i}].options`);
	}
}

/**
 * A layout of any version this release knows brought up to LAYOUT_VERSION: a layout without a
 * version was stored before versions (1). One from a newer release cannot be (its fields may
 * mean what this release does not know) and is refused, naming the version. The input is not changed.
 */
export function migrateLayout(input: unknown): Migration {
	if (!isObject(input)) return { ok: false, field: '', message: '布局应为对象' };
	const version = Object.hasOwn(input, 'version') ? input.version : 1;
	if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return { ok: false, field: 'version', message: '布局版本应为正整数' };
	if (version > LAYOUT_VERSION) return { ok: false, field: 'version', message: `布局版本 ${version} 高于本系统支持的版本 ${LAYOUT_VERSION}（来自更新的系统），无法迁移` };
	try {
		let layout = structuredClone(input);
		for (let n = version; n < LAYOUT_VERSION; n++) {
			const step = steps[n] ?? refuse('version', `没有从布局版本 ${n} 迁移的方法`);
			layout = step(layout);
		}
		if (version < LAYOUT_VERSION) stepPanels(layout, version);
		return { ok: true, value: { ...layout, version: LAYOUT_VERSION }, from: version };
	} catch (error) {
		if (error instanceof Refusal) return { ok: false, field: error.field, message: error.message };
		throw error;
	}
}
