import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

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
