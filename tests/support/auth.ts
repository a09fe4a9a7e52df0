import type { Page } from 'playwright-core';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { DEMO_PASSWORD, ensureDemoUsers } from '../../src/lib/server/auth/demo-users.ts';

export { DEMO_PASSWORD };

/** The demo accounts (one per role and level) in a test database that has demo data. */
export const withDemoUsers = (sql: Sql) => ensureDemoUsers(sql);

/**
 * Opens a page and waits until its script has taken over (hydrated): filling or ticking a form
 * before that races the page's own first render. Not for sign-in, which must survive the race.
 */
export async function openReady(page: Page, url: string): Promise<void> {
	await page.goto(url);
	await page.waitForSelector('html[data-ready=yes]', { timeout: 20_000 });
}

/** Reloads a page and waits until its script has taken over again (see openReady). */
export async function reloadReady(page: Page): Promise<void> {
	await page.reload();
	await page.waitForSelector('html[data-ready=yes]', { timeout: 20_000 });
}

/** Signs in through the real sign-in page, as a person would. */
export async function signIn(page: Page, baseUrl: string, username: string, next = '/screen'): Promise<void> {
	await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
	await page.fill('input[name=username]', username);
	await page.fill('input[name=password]', DEMO_PASSWORD);
	try {
		await Promise.all([page.waitForURL((url) => url.pathname === next, { timeout: 15_000 }), page.click('button')]);
	} catch (error) {
		// say where it stopped: the page, the form's message, what the fields held
		const state = await page
			.evaluate(() => ({
				alert: document.querySelector('[role=alert]')?.textContent ?? null,
				username: (document.querySelector('input[name=username]') as HTMLInputElement | null)?.value ?? null,
				hydrated: document.documentElement.dataset.ready === 'yes'
			}))
			.catch(() => null);
		throw new Error(`${username} 登录未到达 ${next}：停在 ${page.url()}，${JSON.stringify(state)}`, { cause: error });
	}
	// a sign-in posted before the script ran lands on a fresh page load: let it hydrate too
	await page.waitForSelector('html[data-ready=yes]', { timeout: 20_000 });
}
