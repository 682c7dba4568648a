import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { SHOTS, expectAccessible } from './support.js';

// 注册志愿者 on the phone: someone without an account finds the link on the login page, fills the
// form (ID number → birth date and sex; community; service areas; times), and is logged in to see
// that the community will review it (待社区审核).
mkdirSync(SHOTS, { recursive: true });
const phone = { width: 360, height: 640 };

async function shot(page: Page, name: string, fullPage = false) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

const input = (page: Page, testid: string) => page.locator(`[data-testid="${testid}"] input`).first();

test('a newcomer registers as a volunteer on the phone and sees 待社区审核', async ({ browser }) => {
  const context = await browser.newContext({ viewport: phone, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await page.goto('/m/login');
  await page.getByTestId('login-volunteer').click();
  await expect(page.getByRole('heading', { level: 1, name: '注册志愿者' })).toBeVisible();
  await expect(page.getByTestId('volunteer-privacy')).toContainText('您的证件号码、手机号将加密保存，仅用于志愿服务记录');
  await expectAccessible(page, 'phone volunteer register, empty');
  await shot(page, 'volunteer-phone-register');

  // Sending it empty says what is missing, in Chinese, and sends nothing.
  await page.getByTestId('volunteer-submit').click();
  await expect(page.getByText('请输入真实姓名')).toBeVisible();

  // Under 14: refused before anything is sent.
  await input(page, 'volunteer-id').fill('110105201801010035');
  await expect(page.getByTestId('volunteer-too-young')).toContainText('未满 14 周岁');
  await expect(page.getByTestId('volunteer-submit')).toBeDisabled();
  // 14 to 17: the guardian's consent is asked for.
  const minor = `110105${new Date().getFullYear() - 15}0101`;
  const digits = await page.evaluate((first17) => {
    const w = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const sum = [...first17].reduce((s, c, i) => s + Number(c) * w[i]!, 0);
    return first17 + '10X98765432'[sum % 11];
  }, `${minor}002`);
  await input(page, 'volunteer-id').fill(digits);
  await expect(page.getByTestId('volunteer-guardian-note')).toBeVisible();
  await expect(page.getByTestId('volunteer-guardian-name')).toBeVisible();

  await input(page, 'volunteer-name').fill('王秀兰');
  await input(page, 'volunteer-id').fill('11010519491231002X');
  await expect(page.getByTestId('volunteer-id-says')).toContainText('出生日期 1949-12-31 · 女');
  await expect(page.getByTestId('volunteer-guardian-name')).toHaveCount(0);

  await page.getByTestId('volunteer-region').getByRole('button').click();
  const places = page.getByTestId('volunteer-places');
  await expect(places.getByRole('button').first()).toBeVisible();
  await expectAccessible(page, 'phone volunteer community picker');
  await shot(page, 'volunteer-phone-community');
  const community = (await places.getByRole('button').first().textContent())!.trim();
  await places.getByRole('button').first().click();
  await expect(page.getByTestId('volunteer-region')).toContainText(community);

  await input(page, 'volunteer-mobile').fill('13712340001');
  await input(page, 'volunteer-password').fill('Tongxin2026');
  await page.getByTestId('volunteer-categories').getByRole('button', { name: '助老服务' }).click();
  await page.getByTestId('volunteer-categories').getByRole('button', { name: '文明实践' }).click();
  await expect(page.getByTestId('volunteer-categories').getByRole('button', { name: '助老服务' })).toHaveAttribute('aria-pressed', 'true');
  await page.getByTestId('volunteer-availability').getByRole('button', { name: '周末' }).click();
  await page.getByTestId('volunteer-skills').getByRole('button', { name: '医护' }).click();
  await input(page, 'volunteer-skill-other').fill('剪纸');
  await page.getByRole('button', { name: '添加' }).click();
  await expect(page.getByTestId('volunteer-skills').getByRole('button', { name: '剪纸' })).toHaveAttribute('aria-pressed', 'true');
  await expectAccessible(page, 'phone volunteer register, filled');
  await shot(page, 'volunteer-phone-register-filled', true);
  await page.evaluate(() => document.documentElement.classList.add('tx-large-text'));
  await page.getByTestId('volunteer-region').scrollIntoViewIfNeeded();
  await shot(page, 'volunteer-phone-register-large');
  await page.evaluate(() => document.documentElement.classList.remove('tx-large-text'));

  await page.getByTestId('volunteer-submit').click();
  await expect(page).toHaveURL(/\/m\/volunteer$/);
  const status = page.getByTestId('volunteer-status');
  await expect(status).toContainText('待社区审核');
  await expect(status).toContainText('王秀兰');
  await expect(page.getByText('助老服务、文明实践')).toBeVisible();
  await expect(page.getByText('医护、剪纸')).toBeVisible();
  await expect(page.getByText(community, { exact: false })).toBeVisible();
  // The success toast goes away by itself (its popup has no name of its own).
  await expect(page.locator('.van-toast')).toBeHidden();
  await expectAccessible(page, 'phone volunteer status');
  await shot(page, 'volunteer-phone-status');

  // Home shows the entry with the status.
  await page.goto('/m/');
  const entry = page.getByTestId('home-volunteer-entry');
  await expect(entry).toContainText('我的志愿者');
  await expect(entry).toContainText('待社区审核');
  await expectAccessible(page, 'phone home, volunteer entry');
  await shot(page, 'volunteer-phone-home');

  await context.close();
});
