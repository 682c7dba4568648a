import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { SHOTS, expectAccessible, loginPhone } from './support.js';

// 我的队伍 on the phone: a volunteer sees the team she is in; its leader sees the team he leads,
// with its members (and, when someone asked to join, 同意/拒绝).
mkdirSync(SHOTS, { recursive: true });
const phone = { width: 360, height: 640 };
const TEAM = '上金湾社区志愿服务队';

async function shot(page: Page, name: string, fullPage = false) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage });
}

test('a volunteer sees her team on the phone (已加入)', async ({ browser }) => {
  const context = await browser.newContext({ viewport: phone, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await loginPhone(page, '13800000006'); // 黄小敏

  await page.goto('/m/');
  await page.getByTestId('home-teams-entry').click();
  await expect(page.getByRole('heading', { level: 1, name: '我的队伍' })).toBeVisible();
  const card = page.getByTestId('team-card').filter({ hasText: TEAM });
  await expect(card).toBeVisible();
  await expect(card.getByTestId('team-standing')).toHaveText('已加入');
  await expect(card).toContainText('周志强');
  await expectAccessible(page, 'phone teams, volunteer');
  await shot(page, 'teams-phone-volunteer', true);

  await card.click();
  await expect(page.getByRole('heading', { level: 1, name: TEAM })).toBeVisible();
  await expect(page.getByTestId('team-facts')).toContainText('队员人数');
  await expect(page.getByTestId('team-leave')).toHaveText('退出队伍');
  // Leaving asks first; cancelling keeps her in the team.
  await page.getByTestId('team-leave').click();
  const dialog = page.getByRole('dialog');
  await expect(dialog).toContainText(`确定退出“${TEAM}”吗？`);
  await dialog.getByRole('button', { name: '取消' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('team-standing')).toHaveText('已加入');
  await expectAccessible(page, 'phone team detail, volunteer');
  await shot(page, 'teams-phone-volunteer-detail');

  // The 我的志愿者 page links here too.
  await page.goto('/m/volunteer');
  await expect(page.getByTestId('volunteer-teams-entry')).toBeVisible();
  await context.close();
});

test('a team leader sees the team he leads with its members', async ({ browser }) => {
  const context = await browser.newContext({ viewport: phone, locale: 'zh-CN', isMobile: true, hasTouch: true });
  const page = await context.newPage();
  await loginPhone(page, '13800000005'); // 周志强

  await page.goto('/m/');
  await page.getByTestId('home-teams-entry').click();
  const card = page.getByTestId('team-card').filter({ hasText: TEAM });
  await expect(card.getByTestId('team-standing')).toHaveText('我是队长');
  await expectAccessible(page, 'phone teams, leader');
  await shot(page, 'teams-phone-leader', true);

  await card.click();
  await expect(page.getByRole('heading', { level: 1, name: TEAM })).toBeVisible();
  await expect(page.getByTestId('team-members')).toContainText('黄小敏');
  await expect(page.getByTestId('team-leave')).toHaveCount(0);
  await expectAccessible(page, 'phone team detail, leader');
  await shot(page, 'teams-phone-leader-detail', true);
  await page.evaluate(() => document.documentElement.classList.add('tx-large-text'));
  await shot(page, 'teams-phone-leader-detail-large', true);
  await context.close();
});
