import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { PairingCoverage, PairingList } from '../packages/shared/src/schemas/index.js';
import { SHOTS, expectAccessible, loginConsole } from './support.js';

// 三结对 in the console, in Chinese: the town admin reads the demo town's coverage (two of four
// communities paired with a professional team, three with a mentor, two with a resource), pairs
// 桃源村 with the legal team, sets its monthly theme and quarterly list, records a practical matter
// for it and sees the coverage move; then ends a pairing.
mkdirSync(SHOTS, { recursive: true });
const desktop = { width: 1366, height: 860 };
const TOWN_ADMIN = '13800000001';
const LEGAL_TEAM = '青樵法律服务志愿队';
const run = String(Date.now() % 1000).padStart(3, '0');
const THEME = `法律进乡村${run}`;
const MATTER = `桃源村文化室漏水修缮${run}`;

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/pairings-console-${name}.png`, fullPage: false });
}

const rows = (page: Page, testid: string): Locator => page.getByTestId(testid).locator('.el-table__body tbody tr');
const rowOf = (page: Page, testid: string, text: string): Locator => rows(page, testid).filter({ hasText: text });
const option = (page: Page, text: string): Locator => page.locator('.el-select-dropdown__item:visible').filter({ hasText: text }).first();
const field = (scope: Locator, testid: string): Locator =>
  scope
    .locator(
      `[data-testid="${testid}"] input, input[data-testid="${testid}"], [data-testid="${testid}"] textarea, textarea[data-testid="${testid}"]`,
    )
    .first();

/** Today in the browser's calendar (the date pickers refuse later days). */
function localToday(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

async function settled(page: Page) {
  await expect(page.locator('[class*="-enter-active"], [class*="-leave-active"]')).toHaveCount(0);
}

test('the town admin reads the coverage, pairs a community, plans with it and records a practical matter', async ({ page }) => {
  // A long walk through three tabs and four dialogs, each checked with axe twice.
  test.setTimeout(300_000);
  await page.setViewportSize(desktop);
  await loginConsole(page, TOWN_ADMIN);
  await page.getByRole('navigation', { name: '主导航' }).getByText('三结对', { exact: true }).click();
  await expect(page).toHaveURL(/\/pairings$/);
  await expect(page.getByRole('heading', { level: 1, name: '三结对' })).toBeVisible();

  // Coverage of the demo town: four communities, each kind's share against the 100% target.
  await expect(rows(page, 'coverage-table')).toHaveCount(4);
  await expect(page.getByTestId('coverage-kind-team')).toContainText('50%');
  await expect(page.getByTestId('coverage-kind-team')).toContainText('2 / 4 个村（社区）');
  await expect(page.getByTestId('coverage-kind-mentor')).toContainText('75%');
  await expect(page.getByTestId('coverage-kind-resource')).toContainText('50%');
  await expect(page.getByTestId('coverage-kind-team')).toContainText('目标 100%');
  await expect(page.getByTestId('coverage-duty-practicalMatter')).toContainText('1 / 4 个村（社区）落实');
  const shangjinwan = rowOf(page, 'coverage-table', '上金湾社区');
  await expect(shangjinwan.getByTestId('coverage-team')).toContainText('✓');
  await expect(shangjinwan.getByTestId('coverage-team')).toContainText('青樵镇卫生院医疗志愿服务队');
  await expect(shangjinwan.getByTestId('coverage-duty-cell-fixedTeam')).toContainText('✓');
  await expect(shangjinwan.getByTestId('coverage-duty-cell-quarterlyList')).toContainText('✓');
  await expect(shangjinwan).toContainText('关爱独居长者');
  const taoyuan = rowOf(page, 'coverage-table', '桃源村');
  await expect(taoyuan.getByTestId('coverage-team')).toContainText('✗');
  await expect(taoyuan.getByTestId('coverage-duty-cell-fixedTeam')).toContainText('✗');
  await expectAccessible(page, 'console pairings coverage');
  await shot(page, 'coverage');

  // The pairings of the town.
  await page.getByRole('tab', { name: '结对' }).click();
  await expect(rows(page, 'pairings-table')).toHaveCount(7);
  const medical = rowOf(page, 'pairings-table', '青樵镇卫生院医疗志愿服务队');
  await expect(medical).toContainText('上金湾社区');
  await expect(medical.getByTestId('pairing-kind')).toHaveText('队伍结对');
  await expect(medical.getByTestId('pairing-status')).toHaveText('进行中');
  await expect(medical.getByTestId('pairing-theme')).toHaveText('关爱独居长者');
  await expectAccessible(page, 'console pairings list');
  await shot(page, 'list');

  // A resource pairing names its provider: the form says so before the server does.
  await page.getByTestId('pairing-create').click();
  const dialog = page.getByRole('dialog', { name: '新建结对' });
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('pairing-form-kind').getByText('资源结对').click();
  await dialog.getByTestId('pairing-form-submit').click();
  await expect(dialog).toContainText('请填写资源单位');

  // 桃源村 ↔ the legal team.
  await dialog.getByTestId('pairing-form-kind').getByText('志愿服务队结对').click();
  await dialog.getByTestId('pairing-form-community').click();
  await option(page, '桃源村').click();
  await expect(dialog.getByTestId('pairing-form-community-team')).toContainText('桃源村志愿服务队');
  await dialog.getByTestId('pairing-form-partner-team').click();
  await option(page, LEGAL_TEAM).click();
  await field(dialog, 'pairing-form-note').fill('每月第一个星期六开展法律咨询');
  await settled(page);
  await expectAccessible(page, 'console pairing form');
  await shot(page, 'form');
  await dialog.getByTestId('pairing-form-submit').click();
  await expect(page.locator('.el-message--success').filter({ hasText: '已创建' })).toBeVisible();
  await expect(dialog).toBeHidden();
  const created = rows(page, 'pairings-table').filter({ hasText: '桃源村' }).filter({ hasText: LEGAL_TEAM });
  await expect(created).toHaveCount(1);
  await expect(created.getByTestId('pairing-status')).toHaveText('进行中');

  // Its theme for this month and this quarter's needs-and-services list.
  await created.getByTestId('pairing-plan').click();
  const drawer = page.getByRole('dialog', { name: `桃源村 · ${LEGAL_TEAM}` });
  await expect(drawer).toBeVisible();
  await field(drawer, 'plan-theme-input').fill(THEME);
  await drawer.getByTestId('plan-theme-save').click();
  await expect(page.locator('.el-message--success').filter({ hasText: '的主题' })).toBeVisible();
  await expect(drawer.getByTestId('plan-themes')).toContainText(THEME);
  await field(drawer, 'plan-list-needs').fill('村民法律咨询\n遗产继承纠纷调解');
  await field(drawer, 'plan-list-services').fill('每月法律咨询一次\n普法讲座');
  await drawer.getByTestId('plan-list-save').click();
  await expect(page.locator('.el-message--success').filter({ hasText: '的清单' })).toBeVisible();
  await expect(drawer.getByTestId('plan-lists')).toContainText('遗产继承纠纷调解');
  await expect(drawer.getByTestId('plan-lists')).toContainText('普法讲座');
  await settled(page);
  await expectAccessible(page, 'console pairing plan');
  await shot(page, 'plan');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();
  await expect(created.getByTestId('pairing-theme')).toHaveText(THEME);

  // A practical matter solved today for 桃源村.
  await page.getByRole('tab', { name: '急难愁盼实事' }).click();
  await expect(rows(page, 'matters-table').filter({ hasText: '金湾花园小区路灯修复' })).toHaveCount(1);
  await page.getByTestId('matter-create').click();
  const matterDialog = page.getByRole('dialog', { name: '登记急难愁盼实事' });
  await expect(matterDialog).toBeVisible();
  await matterDialog.getByTestId('matter-form-community').click();
  await option(page, '桃源村').click();
  await field(matterDialog, 'matter-form-title').fill(MATTER);
  const solvedOn = matterDialog.getByRole('combobox', { name: '解决日期' });
  await solvedOn.fill(localToday());
  await solvedOn.press('Enter');
  await field(matterDialog, 'matter-form-note').fill('结对法律服务队协调施工方返修');
  await settled(page);
  await shot(page, 'matter-form');
  await matterDialog.getByTestId('matter-form-submit').click();
  await expect(matterDialog).toBeHidden();
  const matter = rowOf(page, 'matters-table', MATTER);
  await expect(matter).toContainText('桃源村');
  await expect(matter.getByTestId('matter-solved')).toHaveText(localToday());
  await expectAccessible(page, 'console practical matters');
  await shot(page, 'matters');

  // The coverage moved: three communities with a team, 桃源村 meets three duties now.
  await page.getByRole('tab', { name: '覆盖情况' }).click();
  await expect(page.getByTestId('coverage-kind-team')).toContainText('75%');
  await expect(taoyuan.getByTestId('coverage-team')).toContainText(LEGAL_TEAM);
  await expect(taoyuan.getByTestId('coverage-duty-cell-fixedTeam')).toContainText('✓');
  await expect(taoyuan.getByTestId('coverage-duty-cell-quarterlyList')).toContainText('✓');
  await expect(taoyuan.getByTestId('coverage-duty-cell-practicalMatter')).toContainText('✓');
  await expect(taoyuan).toContainText(THEME);
  await shot(page, 'coverage-after');

  // The server agrees.
  const coverage = (await (await page.request.get('/api/pairings/coverage')).json()) as PairingCoverage;
  expect(coverage.kinds.team).toEqual({ covered: 3, percent: 75 });
  expect(coverage.items.find((i) => i.communityName === '桃源村')?.duties).toMatchObject({
    fixedTeam: true,
    quarterlyList: true,
    practicalMatter: true,
  });

  // Ending the resource pairing of 河畔社区 (the last day is today).
  await page.getByRole('tab', { name: '结对' }).click();
  const post = rowOf(page, 'pairings-table', '青樵邮政支局');
  await post.getByTestId('pairing-end').click();
  const endDialog = page.getByRole('dialog', { name: /结束结对/ });
  await expect(endDialog).toBeVisible();
  await settled(page);
  await shot(page, 'end');
  await endDialog.getByTestId('pairing-end-submit').click();
  await expect(page.locator('.el-message--success').filter({ hasText: '已结束结对' })).toBeVisible();
  await expect(post.getByTestId('pairing-end')).toHaveCount(0);
  await expect(post).toContainText(' 至 ');
  const list = (await (await page.request.get('/api/pairings?kind=resource')).json()) as PairingList;
  expect(list.items.find((p) => p.providerName === '青樵邮政支局')?.endDate).toMatch(/^\d{4}-\d{2}-\d{2}$/);
});
