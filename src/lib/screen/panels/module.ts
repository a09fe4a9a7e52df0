import type { Component } from 'svelte';
import type { PanelQuery } from './layout.ts';
import type { PanelProps } from './types.ts';

/**
 * One panel type, whole (Grafana's panel plugin): its component, its Chinese label, its options
 * schema and what a new panel of the type starts with. The registry, the layout check and the
 * editor's help are built from the list of these (`modules.ts`): a new panel type is a new folder
 * and one line there.
 */
export type PanelModule = {
	type: string;
	label: string;
	component: Component<PanelProps>;
	/** a new panel of this type: its title, query, options and size on a 24×12 grid */
	defaults: { title: string; query?: PanelQuery; options?: Record<string, unknown>; w: number; h: number };
	/** the options schema: checks a layout's `options` object (throws a Refusal naming the field); absent: the type has no options */
	options?: (value: unknown, field: string) => Record<string, unknown>;
	/** one line for the editor's help: the options this type takes */
	optionsHelp?: string;
	/**
	 * Options written by an older layout version brought up to this one (`from` is the stored
	 * version); absent when the type's options have not changed. Throws a Refusal when they cannot be.
	 */
	migrate?: (options: Record<string, unknown>, from: number, field: string) => Record<string, unknown>;
};

/** A panel module, typed (the identity: it only checks the shape). */
export const definePanel = (module: PanelModule): PanelModule => module;
