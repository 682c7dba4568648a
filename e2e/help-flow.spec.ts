import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { SHOTS, expectAccessible, loginConsole, loginPhone } from './support.js';

// Issue 5 in one story, in Chinese: 关玉珍 asks for help on her phone; the grid worker dispatches it
// to the grid's pool in the console; two volunteers tap 抢单 at the same moment and exactly one
// wins; the winner checks in and finishes; 关玉珍 rates it; 上金湾社区 confirms (社区评单); the hours
// are on the winner's service record — and 关玉珍's open page changed at every step without a reload.
mkdirSync(SHOTS, { recursive: true });
const phone = { width: 390, height: 844 };
const desktop = { width: 1366, height: 768 };
const RESIDENT = '13800000007';
const GRID_WORKER = '13800000004';
const COMMUNITY_ADMIN = '13800000002';
const VOLUNTEERS = [
  { mobile: '13800000006', name: '黄小敏' },
  { mobile: '13800000014', name: '罗志坚' },
];
const WHAT = `楼道灯坏了，晚上下楼看不清，想请人帮忙换个灯泡（${String(Date.now() % 10000).padStart(4, '0')}）`;

async function shot(page: Page, name: string, fullPage = false) {
  await page.screenshot({ path: `${SHOTS}/help-flow-${name}.png`, fullPage });
}

async function phonePage(browser: Browser, mobile: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: phone, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true });
  const page = await ctx.newPage();
  await loginPhone(page, mobile);
  return page;
}

async function consolePage(browser: Browser, mobile: string): Promise<Page> {
  const ctx = await browser.newContext({ viewport: desktop, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const page = await ctx.newPage();
  await loginConsole(page, mobile);
  return page;
}

test('ask on the phone, dispatch to the grid pool, one of two simultaneous claims wins, serve, rate, confirm, hours on the record — live', async ({
  browser,
}) => {
  test.setTimeout(300_000);

  // 1. 关玉珍 asks: category, what, her own address by default.
  const resident = await phonePage(browser, RESIDENT);
  await resident.getByTestId('home-help-entry').click();
  await expect(resident.getByRole('heading', { level: 1, name: '我要求助' })).toBeVisible();
  await resident.getByTestId('help-categories').getByRole('radio', { name: '家电维修' }).click();
  await resident.getByTestId('help-new-text').locator('textarea').fill(WHAT);
  await shot(resident, 'ask');
  await resident.getByTestId('help-new-submit').click();
  await expect(resident).toHaveURL(/\/m\/help\/[0-9a-f-]{36}$/);
  const id = resident.url().split('/').pop()!;
  const status = resident.getByTestId('help-status').first();
  await expect(status).toHaveText('待受理');
  await expect(resident.getByTestId('help-facts')).toContainText('金湾花园3栋102');
  // The success toast goes away by itself (its popup has no name of its own).
  await expect(resident.locator('.van-toast')).toBeHidden();
  await expectAccessible(resident, 'phone help request, submitted');
  // From here on the page is never reloaded: a marker on window would not survive one.
  await resident.evaluate(() => ((window as unknown as { __kept: number }).__kept = 1));
  const stillSamePage = async () => expect(await resident.evaluate(() => (window as unknown as { __kept?: number }).__kept)).toBe(1);

  // 2. The grid worker dispatches it to the grid's pool from the console board.
  const worker = await consolePage(browser, GRID_WORKER);
  await worker.goto('/help');
  await worker.locator('[data-testid="help-filter-q"] input, input[data-testid="help-filter-q"]').first().fill(WHAT.slice(-6, -1));
  await worker.getByTestId('help-search').click();
  const row = worker.getByTestId('help-table').locator('tbody tr', { hasText: WHAT.slice(0, 8) });
  await expect(row).toHaveCount(1);
  await row.getByTestId('help-open').click();
  const drawer = worker.getByTestId('help-drawer');
  await expect(drawer.getByTestId('help-status')).toHaveText('待受理');
  await drawer.getByTestId('help-action-dispatch').click();
  const dispatch = worker.getByTestId('help-dispatch-dialog');
  await dispatch.getByTestId('help-dispatch-to-pool').click();
  await dispatch.getByTestId('help-dispatch-pool-grid').click();
  await shot(worker, 'dispatch');
  await dispatch.getByTestId('help-dispatch-submit').click();
  await expect(drawer.getByTestId('help-status')).toHaveText('抢单中');
  await expect(status).toHaveText('抢单中');
  await stillSamePage();

  // 3. Two volunteers have the claim hall open and tap 抢单 at the same moment.
  const vols = await Promise.all(VOLUNTEERS.map((v) => phonePage(browser, v.mobile)));
  for (const v of vols) {
    await v.goto('/m/help/pool');
    await expect(v.locator(`[data-testid="help-pool-item"][data-id="${id}"]`)).toBeVisible();
  }
  await shot(vols[0]!, 'pool');
  const claimButtons = vols.map((v) => v.locator(`[data-testid="help-pool-item"][data-id="${id}"]`).getByTestId('help-claim'));
  await Promise.all(claimButtons.map((b) => b.click()));
  // Exactly one wins: the other is told it was too slow, and the request has one claimant.
  const outcomes = await Promise.all(
    vols.map(async (v) => {
      const slow = v.getByText('手慢了，该求助已被其他志愿者接单');
      const won = v.getByTestId('help-status').filter({ hasText: '已接单' });
      await expect(slow.or(won).first()).toBeVisible();
      return (await slow.isVisible()) ? 'lost' : 'won';
    }),
  );
  expect(outcomes.sort()).toEqual(['lost', 'won']);
  const winnerIndex = (await vols[0]!.getByText('手慢了，该求助已被其他志愿者接单').isVisible()) ? 1 : 0;
  const winner = vols[winnerIndex]!;
  const winnerName = VOLUNTEERS[winnerIndex]!.name;
  await expect(status).toHaveText('已接单');
  await expect(resident.getByTestId('help-facts')).toContainText(winnerName);
  await stillSamePage();

  // 4. The winner checks in on site and finishes with a note.
  await winner.goto(`/m/help/${id}`);
  await expect(winner.getByTestId('help-status').first()).toHaveText('已接单');
  await expect(winner.getByTestId('help-facts')).toContainText('金湾花园3栋102');
  await winner.getByTestId('help-action-check_in').click();
  await expect(winner.getByTestId('help-status').first()).toHaveText('服务中');
  await expect(status).toHaveText('服务中');
  await winner.getByTestId('help-action-finish').click();
  const sheet = winner.getByTestId('help-action-sheet');
  await sheet.getByTestId('help-finish-note').locator('textarea').fill('已换上新灯泡，顺便检查了楼道开关');
  await shot(winner, 'finish');
  await sheet.getByTestId('help-action-submit').click();
  await expect(winner.getByTestId('help-status').first()).toHaveText('待评价');
  await expect(status).toHaveText('待评价');
  await stillSamePage();

  // 5. 关玉珍 rates it on the page she never left.
  await resident.getByTestId('help-action-review').click();
  const review = resident.getByTestId('help-action-sheet');
  await review.getByTestId('help-review-stars').getByRole('radio').nth(4).click();
  await review.getByTestId('help-review-words').locator('textarea').fill('来得很快，谢谢！');
  await review.getByTestId('help-action-submit').click();
  await expect(status).toHaveText('待社区确认');

  // 6. 上金湾社区 confirms it in the review queue (社区评单).
  const admin = await consolePage(browser, COMMUNITY_ADMIN);
  await admin.goto('/help/review');
  const card = admin.getByTestId('help-review-card').filter({ hasText: WHAT.slice(0, 8) });
  await expect(card).toBeVisible();
  await expect(card).toContainText('来得很快，谢谢！');
  await shot(admin, 'review-queue');
  await card.getByTestId('help-action-confirm').click();
  const confirm = admin.getByTestId('help-confirm-dialog');
  if (await confirm.isVisible().catch(() => false)) await confirm.getByTestId('help-confirm-submit').click();
  await expect(admin.getByTestId('help-review-card').filter({ hasText: WHAT.slice(0, 8) })).toHaveCount(0);
  await expect(status).toHaveText('已办结');
  await stillSamePage();
  // Every step is on the timeline she watched.
  const timeline = resident.getByTestId('help-timeline');
  for (const step of ['提交求助', '派单', '接单', '到场签到', '完成服务', '评价', '社区确认办结'])
    await expect(timeline).toContainText(step);
  await shot(resident, 'closed', true);

  // 7. The hours are on the winner's service record.
  await winner.goto('/m/record');
  await expect(winner.getByText(/求助服务：家电维修/).first()).toBeVisible();
  await shot(winner, 'record');
});
