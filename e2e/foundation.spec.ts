import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { SHOTS, expectAccessible, loginConsole, loginPhone } from './support.js';

mkdirSync(SHOTS, { recursive: true });
const GRID = `第九网格${Date.now() % 1000}`;
const desktop = { width: 1280, height: 800 };
const phone = { width: 360, height: 640 };

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
}

test.describe.configure({ mode: 'serial' });

test('town admin creates a grid under a community in the console', async ({ page }) => {
  await page.setViewportSize(desktop);
  await page.goto('/login');
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await expectAccessible(page, 'console login');
  await shot(page, 'console-login');
  await loginConsole(page, '13800000001');
  // The town's figures (from the rollup the server keeps): this month, then this year.
  const figures = page.getByRole('region', { name: /服务数据/ });
  await expect(figures.locator('[data-figure="serviceHours"]')).toContainText('服务时长');
  const month = Number(await figures.locator('[data-figure="participations"] .tx-stat__value').textContent());
  await figures.getByText('本年', { exact: true }).click();
  const wholeYear = /\d{4}-01-01 至 \d{4}-12-31/;
  await expect(figures).toContainText(wholeYear);
  expect(Number(await figures.locator('[data-figure="participations"] .tx-stat__value').textContent())).toBeGreaterThanOrEqual(month);
  await figures.getByText('本月', { exact: true }).click();
  await expect(figures).not.toContainText(wholeYear);
  await shot(page, 'console-home');

  await page.goto('/regions');
  const tree = page.getByTestId('region-tree');
  await expect(tree.getByText('上金湾社区')).toBeVisible();
  await tree.getByText('金湾花园小区').click();
  await page.getByTestId('region-add-child').click();
  await page.locator('[data-testid="region-form-name"] input, input[data-testid="region-form-name"]').first().fill(GRID);
  await page.getByTestId('region-form-submit').click();
  await expect(tree.getByText(GRID)).toBeVisible();
  // Let the dialog finish fading out: a half-transparent title is not what people read.
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await shot(page, 'console-regions');

  // The same name again under the same parent: the server's message, in Chinese, and the dialog stays.
  await tree.getByText('金湾花园小区').click();
  await page.getByTestId('region-add-child').click();
  await page.locator('[data-testid="region-form-name"] input, input[data-testid="region-form-name"]').first().fill(GRID);
  await page.getByTestId('region-form-submit').click();
  await expect(page.getByText('同一上级下已有同名区域')).toBeVisible();
  await expect(page.getByRole('dialog')).toBeVisible();
  await shot(page, 'console-region-duplicate');
  await page.keyboard.press('Escape');
  await expect(page.getByRole('dialog')).toHaveCount(0);
  await expectAccessible(page, 'console regions');

  for (const path of ['/', '/town', '/accounts', '/audit', '/notifications']) {
    await page.goto(path);
    await page.waitForLoadState('networkidle');
    await expectAccessible(page, `console ${path}`);
    await shot(page, path === '/' ? 'console-home' : `console${path.replace(/\//g, '-')}`);
  }
  // The create is in the audit log.
  await page.goto('/audit');
  await expect(page.getByTestId('audit-table')).toContainText('region.create');
});

test('the community admin sees the new grid on the phone; another community admin does not', async ({ browser }) => {
  const own = await browser.newContext({ viewport: phone, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await own.newPage();
  await page.goto('/m/login');
  await expectAccessible(page, 'phone login');
  await shot(page, 'phone-login');
  await loginPhone(page, '13800000002');
  await expectAccessible(page, 'phone home');
  await shot(page, 'phone-home');
  await page.getByTestId('home-regions-entry').click();
  await expect(page.getByTestId('regions-list')).toContainText(GRID);
  await expectAccessible(page, 'phone regions');
  await shot(page, 'phone-regions');
  await page.getByTestId('tab-me').click();
  await expect(page.getByTestId('me-grants')).toContainText('上金湾社区');
  await expectAccessible(page, 'phone me');
  await shot(page, 'phone-me');
  await page.getByTestId('large-text-switch').click();
  await expect(page.locator('html')).toHaveClass(/tx-large-text/);
  await shot(page, 'phone-me-large-text');
  await page.getByTestId('tab-messages').click();
  // The demo seed welcomes every account; opening the message marks it read.
  await expect(page.getByText('欢迎使用同心，陈慧敏')).toBeVisible();
  await expectAccessible(page, 'phone messages');
  await shot(page, 'phone-messages');
  await expect(page.getByTestId('messages-read-all')).toBeEnabled();
  // Other specs may have left her more messages (registrations to review, hours to confirm), so
  // check the welcome itself: unread before it is opened, read after.
  const welcome = page.locator('.inbox__item').filter({ hasText: '欢迎使用同心，陈慧敏' });
  await expect(welcome).toHaveClass(/inbox__item--unread/);
  await page.getByText('欢迎使用同心，陈慧敏').click();
  await shot(page, 'phone-message-detail');
  await expect(welcome).not.toHaveClass(/inbox__item--unread/);
  await page.goto('/m/me/password');
  await expect(page.locator('input[type="password"]').first()).toBeVisible();
  await expectAccessible(page, 'phone change password');
  await shot(page, 'phone-password');
  await own.close();

  const other = await browser.newContext({ viewport: phone, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page2 = await other.newPage();
  await loginPhone(page2, '13800000003');
  await page2.goto('/m/');
  await page2.getByTestId('home-regions-entry').click();
  await expect(page2.getByTestId('regions-list')).toContainText('新田村');
  await expect(page2.getByTestId('regions-list')).not.toContainText(GRID);
  await expect(page2.getByTestId('regions-list')).not.toContainText('上金湾社区');
  await shot(page2, 'phone-other-community');
  // And the API answers 404 for the grid itself, as if it did not exist.
  const ownTree = await page2.request.get('/api/regions?subtree=true');
  expect(ownTree.ok()).toBe(true);
  const ids = (await ownTree.json()).items.map((r: { name: string }) => r.name);
  expect(ids).not.toContain(GRID);
  await other.close();
});

test('English switch in the console', async ({ page }) => {
  await page.setViewportSize(desktop);
  await loginConsole(page, '13800000011');
  await page.getByTestId('locale-switch').click();
  await page.getByText('English').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await shot(page, 'console-english');
});

test('the console works on a phone-sized screen, the phone app on a desktop one', async ({ browser }) => {
  const narrow = await browser.newContext({ viewport: phone, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await narrow.newPage();
  await loginConsole(page, '13800000002');
  await page.goto('/regions');
  await expect(page.getByTestId('region-tree')).toContainText('上金湾社区');
  await expect(page.getByTestId('region-tree')).not.toContainText('新田村');
  await expectAccessible(page, 'console regions at 360x640');
  await shot(page, 'console-narrow-regions');
  // Nothing sticks out sideways at 360 px but what scrolls on purpose (wide tables).
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await narrow.close();

  const wide = await browser.newContext({ viewport: desktop, locale: 'zh-CN' });
  const phonePage = await wide.newPage();
  await loginPhone(phonePage, '13800000006');
  await expectAccessible(phonePage, 'phone home at 1280x800');
  await shot(phonePage, 'phone-wide-home');
  await wide.close();
});

test('the phone app is installable: manifest, icons and a service worker scoped to /m/', async ({ page }) => {
  await page.setViewportSize(phone);
  await page.goto('/m/login');
  const href = await page.locator('link[rel="manifest"]').getAttribute('href');
  expect(href).toBeTruthy();
  const manifest = await (await page.request.get(new URL(href!, page.url()).toString())).json();
  expect(manifest).toMatchObject({ start_url: '/m/', scope: '/m/', display: 'standalone' });
  const sizes = manifest.icons.map((i: { sizes: string }) => i.sizes);
  expect(sizes).toEqual(expect.arrayContaining(['192x192', '512x512']));
  for (const icon of manifest.icons) expect((await page.request.get(new URL(icon.src, page.url()).toString())).ok()).toBe(true);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  expect(new URL(scope).pathname).toBe('/m/');
});
