import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { CHROMIUM_OPTIONS } from './browser.ts';

/** Global set-up of the e2e project: one Chromium for the whole run, shared by the files (see sharedBrowser). */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
	const server = await chromium.launchServer(CHROMIUM_OPTIONS);
	project.provide('chromiumEndpoint', server.wsEndpoint());
	return () => server.close();
}
