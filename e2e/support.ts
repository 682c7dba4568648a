import AxeBuilder from '@axe-core/playwright';
import { expect, type Page } from '@playwright/test';

export const DEMO_PASSWORD = 'Tongxin2026';
export const SHOTS = '.test-results/e2e/screenshots';

/** axe-core: no serious or critical violation, in normal and in large-text mode. */
export async function expectAccessible(page: Page, label: string): Promise<void> {
  // Judge the page people read, not one half-way through loading.
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  for (const large of [false, true]) {
    await page.evaluate((on) => document.documentElement.classList.toggle('tx-large-text', on), large);
    const result = await new AxeBuilder({ page }).analyze();
    const bad = result.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v) =>
          `${v.id} (${v.impact}): ${v.help} — ${v.nodes
            .map((n) => n.target.join(' '))
            .slice(0, 3)
            .join(' | ')}`,
      );
    expect(bad, `${label}${large ? ' [large text]' : ''}`).toEqual([]);
  }
  await page.evaluate(() => document.documentElement.classList.remove('tx-large-text'));
}

export async function loginConsole(page: Page, mobile: string): Promise<void> {
  await page.goto('/login');
  await page
    .getByTestId('login-mobile')
    .locator('input')
    .or(page.locator('[data-testid="login-mobile"] input, input[data-testid="login-mobile"]'))
    .first()
    .fill(mobile);
  await page.locator('[data-testid="login-password"] input, input[data-testid="login-password"]').first().fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('user-menu')).toBeVisible();
}

export async function loginPhone(page: Page, mobile: string): Promise<void> {
  await page.goto('/m/login');
  await page.locator('[data-testid="login-mobile"] input, input[data-testid="login-mobile"]').first().fill(mobile);
  await page.locator('[data-testid="login-password"] input, input[data-testid="login-password"]').first().fill(DEMO_PASSWORD);
  await page.getByTestId('login-submit').click();
  await expect(page.getByTestId('tab-me')).toBeVisible();
}
