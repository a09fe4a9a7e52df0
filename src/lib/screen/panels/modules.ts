import cases from './cases/index.ts';
import categories from './categories/index.ts';
import escalation from './escalation/index.ts';
import letters from './letters/index.ts';
import map from './map/index.ts';
import mix from './mix/index.ts';
import overdue from './overdue/index.ts';
import rates from './rates/index.ts';
import ticker from './ticker/index.ts';
import trend from './trend/index.ts';
import volume from './volume/index.ts';
import type { PanelModule } from './module.ts';

/** Every panel type the wall knows, one module each: a new panel type is a new folder and a line here. */
export const panelModules: readonly PanelModule[] = [volume, trend, mix, categories, map, ticker, overdue, cases, rates, escalation, letters];

/** Panel modules by type. */
export const panelModule: Readonly<Record<string, PanelModule>> = Object.freeze(Object.fromEntries(panelModules.map((m) => [m.type, m])));
