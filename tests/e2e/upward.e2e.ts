import { describe, expect, it } from 'vitest';
import { signIn } from '../support/auth.ts';
import { SHOTS, useStack } from '../support/stack.ts';

/**
 * 信访上行 on the item page, on the demo history: a matter registered at its county and then at the
 * province shows the climb on both items' pages, each step with its level and day, linked.
 */
describe('信访上行 on the item page', () => {
	const { db, server, browser } = useStack({ items: 4000, seed: 'upward', browser: true });

	it('shows the matter climbing from the county to the province on both items, each step linked to its item', async () => {
		const [pair] = await db.sql<{ id: string; serial: string }[]>`
			select i.id::text, i.serial
			  from petition_item i join petition_item e on e.id = i.repeat_of
			 where i.detection->'skipLevel'->>'receivedBy' = '370000' and e.detection->'skipLevel'->>'receivedBy' = e.region
			 order by i.id limit 1`;
		expect(pair, 'the demo history has a matter that climbed').toBeDefined();
		const page = await browser.newPage({ viewport: { width: 1920, height: 1080 } });
		await signIn(page, server.url, 'ducha', `/items/${pair.id}`);
		const upward = page.getByTestId('upward');
		await expect.poll(() => upward.innerText()).toContain('▲ 同一事项逐级上行：县级 → 省级');
		const steps = upward.locator('li');
		expect(await steps.count()).toBe(2);
		expect(await steps.nth(0).innerText()).toMatch(/^县级 · \d{4}-\d{2}-\d{2} · 37\d{4}-\d{8}-\d{6}$/);
		expect(await steps.nth(1).innerText()).toMatch(new RegExp(`^省级 · \\d{4}-\\d{2}-\\d{2} · ${pair.serial}（本件）$`));
		await upward.scrollIntoViewIfNeeded();
		await page.screenshot({ path: `${SHOTS}item-upward-1920x1080.png` });
		await page.setViewportSize({ width: 3840, height: 2160 });
		await page.screenshot({ path: `${SHOTS}item-upward-3840x2160.png` });

		// the county step's own page shows the same climb, with this item linked
		await page.setViewportSize({ width: 1920, height: 1080 });
		await Promise.all([page.waitForURL(/\/items\/\d+$/), steps.nth(0).locator('a').click()]);
		await expect.poll(() => page.getByTestId('upward').innerText()).toContain('同一事项逐级上行：县级 → 省级');
		expect(await page.getByTestId('upward').locator(`a[href="/items/${pair.id}"]`).innerText()).toBe(pair.serial);

		// on a phone the climb wraps inside the panel: the page never scrolls sideways
		await page.setViewportSize({ width: 390, height: 844 });
		await page.getByTestId('upward').scrollIntoViewIfNeeded();
		expect(await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)).toBeLessThanOrEqual(0);
		await page.screenshot({ path: `${SHOTS}item-upward-390x844.png` });
		await page.close();
	});
});
