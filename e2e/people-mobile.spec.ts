import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { SHOTS, expectAccessible, loginPhone } from './support.js';

// 我的网格户 on the phone: the demo grid worker (何晓东, 上金湾 第一网格) visits a household and logs
// it; the demo volunteer, a party member, sees the households they keep in touch with (户联系).
mkdirSync(SHOTS, { recursive: true });
const phone = { width: 360, height: 640 };

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
}

async function phonePage(browser: Browser, mobile: string): Promise<Page> {
  const context = await browser.newContext({ viewport: phone, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await loginPhone(page, mobile);
  return page;
}

test.describe.configure({ mode: 'serial' });

test('a grid worker opens 我的网格户, visits a care-tagged household and logs the visit', async ({ browser }) => {
  const page = await phonePage(browser, '13800000004');

  const entry = page.getByTestId('home-households-entry');
  await expect(entry).toContainText('我的网格户');
  await expect(entry).toContainText(/共 \d+ 户 · \d+ 户超过 30 天未联系/);
  await expectAccessible(page, 'phone home, grid worker');
  await shot(page, 'people-phone-home');

  await entry.click();
  const grid = page.getByTestId('households-grid');
  const cards = grid.getByTestId('household-card');
  await expect(cards.first()).toBeVisible();
  await expect(page.getByRole('heading', { name: /网格住户/ })).toBeVisible();
  // Care-tagged households come first; nobody has been visited yet in the demo.
  const tagged = await cards.evaluateAll((els) => els.map((el) => el.querySelector('ul[aria-label="关爱标签"]') !== null));
  expect(tagged.length).toBeGreaterThan(1);
  expect(tagged[0]).toBe(true);
  expect(tagged).toEqual([...tagged].sort((a, b) => Number(b) - Number(a)));
  await expect(cards.first()).toContainText(/独居老人|空巢老人/);
  await expect(cards.first()).toContainText('从未联系');
  await expect(cards.first()).toContainText('该走访了');
  await expectAccessible(page, 'phone households');
  await shot(page, 'people-phone-households');

  // The search box filters on the phone.
  const search = page.getByTestId('households-search');
  await search.fill('没有这一户');
  await expect(page.getByText('没有找到“没有这一户”')).toBeVisible();
  await search.fill('');
  const title = (await cards.first().locator('.household-card__address').textContent())!.trim();
  const head = (await cards
    .first()
    .locator('.fact-line__item', { hasText: /^户主 / })
    .textContent())!
    .replace('户主', '')
    .trim();
  await search.fill(head);
  await expect(cards.first()).toContainText(head);
  await search.fill('');

  await cards.first().click();
  await expect(page.getByRole('heading', { level: 2, name: title })).toBeVisible();
  const residents = page.getByTestId('household-residents');
  await expect(residents).toContainText(head);
  await expect(residents).toContainText(/\d+ 岁/);
  await expect(residents).toContainText(/手机 1\d{2}\*{4}\d{4}/);
  await expect(page.getByText('还没有联系记录')).toBeVisible();
  await expectAccessible(page, 'phone household detail');
  await shot(page, 'people-phone-household');

  await page.getByTestId('household-log-visit').click();
  await expect(page.getByTestId('contact-date').getByRole('button')).toHaveText(/（今天）$/);
  await expect(page.getByRole('radio', { name: '入户走访' })).toHaveAttribute('aria-checked', 'true');
  await expectAccessible(page, 'phone log a visit');
  await shot(page, 'people-phone-contact');

  // A follow-up needs something to follow up: said in Chinese, and nothing is sent.
  await page.getByTestId('contact-follow-up').click();
  await page.getByTestId('contact-submit').click();
  await expect(page.getByText('需要跟进时，请写明居民反映的情况')).toBeVisible();
  await shot(page, 'people-phone-contact-invalid');

  // The date comes from a big picker; today stays chosen.
  await page.getByTestId('contact-date').getByRole('button').click();
  await expect(page.getByRole('dialog', { name: '选择联系日期' })).toBeVisible();
  await expect(page.getByTestId('contact-date-confirm')).toBeInViewport({ ratio: 1 });
  await page.waitForTimeout(400); // the sheet's slide-in
  await shot(page, 'people-phone-date-picker');
  await page.getByTestId('contact-date-confirm').click();
  await expect(page.getByRole('dialog', { name: '选择联系日期' })).toBeHidden();

  await page.getByTestId('contact-raised').locator('textarea').fill('老人反映楼道灯坏了，希望尽快修理');
  await page.getByTestId('contact-submit').click();

  // Back on the household: the new entry on top of the timeline, marked for follow-up.
  const timeline = page.getByTestId('household-timeline');
  const newest = timeline.locator('li').first();
  await expect(newest).toContainText('入户走访');
  await expect(newest).toContainText('待跟进');
  await expect(newest).toContainText('老人反映楼道灯坏了');
  await expect(newest).toContainText('记录人 何晓东');
  await expect(newest).toContainText('刚刚记录');
  await expect(page.getByText('上次联系：今天')).toBeVisible();
  await expect(page.locator('.van-toast')).toBeHidden();
  await expectAccessible(page, 'phone household after a visit');
  await shot(page, 'people-phone-household-logged');
  await page.evaluate(() => document.documentElement.classList.add('tx-large-text'));
  await shot(page, 'people-phone-household-large-text');
  await page.evaluate(() => document.documentElement.classList.remove('tx-large-text'));

  // The list knows at once; the visit is on the server too.
  await page.getByRole('button', { name: '返回' }).click();
  await expect(grid.getByTestId('household-card').filter({ hasText: title }).filter({ hasText: '上次联系：今天' }).first()).toBeVisible();
  const mine = await (await page.request.get('/api/me/households')).json();
  expect(mine.items.some((h: { lastContactOn: string | null }) => h.lastContactOn !== null)).toBe(true);
  await page.context().close();
});

test('a party member sees the households they keep in touch with (户联系)', async ({ browser }) => {
  const page = await phonePage(browser, '13800000006');
  const entry = page.getByTestId('home-households-entry');
  await expect(entry).toContainText(/共 3 户/);
  await entry.click();
  await expect(page.getByRole('heading', { name: /党员联系户/ })).toBeVisible();
  await expect(page.getByTestId('households-contact').getByTestId('household-card')).toHaveCount(3);
  await expect(page.getByTestId('households-grid')).toHaveCount(0);
  await expectAccessible(page, 'phone households, party member');
  await shot(page, 'people-phone-contact-households');

  // In English, as the person chose on 我的.
  await page.getByTestId('tab-me').click();
  await page.getByRole('button', { name: 'English' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await page.goto('/m/households');
  await expect(page.getByRole('heading', { name: /Party-member contact households/ })).toBeVisible();
  await expect(page.getByText(/^3 households, \d+ not contacted for 30 days$/)).toBeVisible();
  await expect(page.getByTestId('household-card').first()).toContainText(/Bldg \d+, Unit \d+/);
  await expectAccessible(page, 'phone households in English');
  await shot(page, 'people-phone-households-english');
  // Back to Chinese: the choice is saved on the account, and later specs log in as the same person.
  await page.getByTestId('tab-me').click();
  await page.getByRole('button', { name: '中文' }).click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
  await page.context().close();
});

test('an account with no households sees no entry, and the page says so', async ({ browser }) => {
  const context = await browser.newContext({ viewport: phone, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/me/households'));
  await loginPhone(page, '13800000007');
  await answered;
  await expect(page.getByTestId('home-households-entry')).toHaveCount(0);
  await page.goto('/m/households');
  await expect(page.getByText('暂无负责的住户')).toBeVisible();
  await expectAccessible(page, 'phone households, none');
  await shot(page, 'people-phone-households-empty');
  await context.close();
});
