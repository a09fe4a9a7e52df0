import type { Page } from 'playwright-core';
import type { Sql } from '../../src/lib/server/db/connection.ts';
import { DEMO_PASSWORD, ensureDemoUsers } from '../../src/lib/server/auth/demo-users.ts';

export { DEMO_PASSWORD };

/** The demo accounts (one per role and level) in a test database that has demo data. */
export const withDemoUsers = (sql: Sql) => ensureDemoUsers(sql);

/** Signs in through the real sign-in page, as a person would. */
export async function signIn(page: Page, baseUrl: string, username: string, next = '/screen'): Promise<void> {
	await page.goto(`${baseUrl}/login?next=${encodeURIComponent(next)}`);
	await page.fill('input[name=username]', username);
	await page.fill('input[name=password]', DEMO_PASSWORD);
	await Promise.all([page.waitForURL((url) => url.pathname === next, { timeout: 15_000 }), page.click('button')]);
}
