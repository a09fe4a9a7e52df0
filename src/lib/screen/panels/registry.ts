import type { Component } from 'svelte';
import { panelModules } from './modules.ts';
import type { PanelProps } from './types.ts';

/** Panel type → component, built from the panel modules. */
export const panelTypes: Record<string, Component<PanelProps>> = Object.fromEntries(panelModules.map((m) => [m.type, m.component]));
