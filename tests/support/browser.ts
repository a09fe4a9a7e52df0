import { chromium, type Browser, type LaunchOptions } from 'playwright-core';
import { inject } from 'vitest';

declare module 'vitest' {
	export interface ProvidedContext {
		/** The e2e run's one Chromium (see chromium-server.ts), when the run started it. */
		chromiumEndpoint?: string;
	}
}

/** Debian's Chromium, headless, offline-safe flags (no browser download, ever). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_OPTIONS: LaunchOptions = {
	executablePath: CHROMIUM,
	args: [
		'--headless',
		'--no-sandbox',
		'--disable-gpu',
		'--disable-dev-shm-usage',
		'--disable-background-networking',
		'--disable-component-update',
		'--disable-sync',
		'--no-first-run'
	]
};

export function launchBrowser(): Promise<Browser> {
	return chromium.launch(CHROMIUM_OPTIONS);
}

/**
 * A connection to the run's one Chromium (the e2e files run one after another, each in contexts
 * of its own; closing the connection closes them); a browser of its own when the run has none.
 */
export function sharedBrowser(): Promise<Browser> {
	const endpoint = inject('chromiumEndpoint');
	return endpoint ? chromium.connect(endpoint) : launchBrowser();
}
