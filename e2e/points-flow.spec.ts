import { expect, test, type Browser, type BrowserContext, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { Activity, MyPoints, OccurrenceList, SignupList, Statement } from '../packages/shared/src/schemas/index.js';
import { SHOTS, expectAccessible, loginConsole, loginPhone } from './support.js';

// The points bank, the done-when story, in Chinese: hours confirmed for an activity post
// points once; 黄小敏 redeems 潘志伟's free haircut on the phone; 潘志伟 verifies the code on his
// phone (her code page turns to 已核销 without a reload); both statements show the same 20 points;
// in the console 陈慧敏 grants 10 points and reverses the grant, and the balance is back.
mkdirSync(SHOTS, { recursive: true });
test.use({ timezoneId: 'Asia/Shanghai' });

const phone = { width: 390, height: 844 };
const desktop = { width: 1366, height: 768 };
const COMMUNITY_ADMIN = '13800000002';
const TEAM_LEADER = '13800000005';
const VOLUNTEER = '13800000006';
const VOLUNTEER_NAME = '黄小敏';
const MERCHANT = '13800000008';
const run = String(Date.now() % 10000).padStart(4, '0');
const TITLE = `积分测试·清洁家园${run}`;

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/points-flow-${name}.png`, fullPage: false });
}
const field = (scope: Locator | Page, testid: string): Locator =>
  scope
    .locator(
      `[data-testid="${testid}"] input, input[data-testid="${testid}"], [data-testid="${testid}"] textarea, textarea[data-testid="${testid}"]`,
    )
    .first();

async function phoneContext(browser: Browser) {
  return browser.newContext({ viewport: phone, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true });
}
/** An API call with the context's session (the CSRF cookie echoed for writes). */
async function api<T>(ctx: BrowserContext, baseURL: string, method: 'GET' | 'POST' | 'PATCH', path: string, data?: unknown): Promise<T> {
  const csrf = (await ctx.cookies()).find((c) => c.name === 'tx_csrf')?.value ?? '';
  const res = await ctx.request.fetch(`${baseURL}${path}`, { method, headers: { 'x-csrf-token': csrf }, data });
  expect(res.status(), `${method} ${path}: ${await res.text()}`).toBeLessThan(300);
  return (await res.json()) as T;
}
/** The phone's toasts go away by themselves; wait, so the page is judged as people read it. */
async function quiet(page: Page) {
  await expect(page.locator('.van-toast')).toBeHidden();
}

test('hours confirmed earn points once; redeem, verify, statements agree; a reversal restores the balance', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);
  const base = baseURL!;

  // ── 1. An activity today: the team leader publishes it and moves it to start now; 黄小敏 signs
  //      up; he checks her in and out by hand (the QR path is covered by activities-flow).
  const lctx = await phoneContext(browser);
  const leader = await lctx.newPage();
  await loginPhone(leader, TEAM_LEADER);
  const vctx = await phoneContext(browser);
  const v = await vctx.newPage();
  await loginPhone(v, VOLUNTEER);
  const before = await api<MyPoints>(vctx, base, 'GET', '/api/points/me');

  const existing = await api<{ items: Activity[] }>(lctx, base, 'GET', '/api/activities?pageSize=5');
  const template = existing.items[0]!;
  const tomorrow = new Date(Date.now() + 86_400_000).toLocaleDateString('sv-SE', { timeZone: 'Asia/Shanghai' });
  const activity = await api<Activity>(lctx, base, 'POST', '/api/activities', {
    title: TITLE,
    category: 'environment',
    site: '上金湾社区党群服务中心',
    capacity: 10,
    organiserTeamId: template.organiserTeamId,
    regionId: template.regionId,
    firstDate: tomorrow,
    startTime: '09:00',
    endTime: '11:00',
    publish: true,
  });
  const occurrences = await api<OccurrenceList>(lctx, base, 'GET', `/api/activities/${activity.id}/occurrences`);
  const occurrenceId = occurrences.items[0]!.id;
  const start = new Date(Date.now() + 2 * 60_000);
  await api(lctx, base, 'PATCH', `/api/occurrences/${occurrenceId}`, {
    startsAt: start.toISOString(),
    endsAt: new Date(start.getTime() + 120 * 60_000).toISOString(),
  });
  await api(vctx, base, 'POST', `/api/occurrences/${occurrenceId}/signup`);
  const signups = await api<SignupList>(lctx, base, 'GET', `/api/occurrences/${occurrenceId}/signups`);
  const signupId = signups.items.find((s) => s.name === VOLUNTEER_NAME)!.id;
  await api(lctx, base, 'POST', `/api/occurrences/${occurrenceId}/signups/${signupId}/check-in`);
  await api(lctx, base, 'POST', `/api/occurrences/${occurrenceId}/signups/${signupId}/check-out`);

  // ── 2. 陈慧敏 confirms two hours in the console's 时长确认.
  const actx = await browser.newContext({ viewport: desktop, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const admin = await actx.newPage();
  await loginConsole(admin, COMMUNITY_ADMIN);
  await admin.goto(`/hours?occurrenceId=${occurrenceId}`);
  const table = admin.getByTestId('hours-table');
  const mine = table.locator('.el-table__body tbody tr').filter({ hasText: VOLUNTEER_NAME }).first();
  await expect(mine).toBeVisible();
  await field(mine, 'hours-edit-h').fill('2');
  await field(mine, 'hours-edit-h').press('Tab');
  await field(mine, 'hours-edit-m').fill('0');
  await field(mine, 'hours-edit-m').press('Tab');
  await mine.locator('.el-checkbox').first().click();
  await admin.getByTestId('hours-confirm').click();
  await admin.getByRole('dialog', { name: '请确认' }).getByRole('button', { name: '确认', exact: true }).click();
  await expect(admin.locator('.el-message--success').filter({ hasText: '已确认 1 条服务记录' })).toBeVisible();

  // ── 3. Her points: 2 hours × 10 = 20, posted once, the hours kept apart.
  const earned = before.account.balance + 20;
  await v.goto('/m/points');
  await expect(v.getByTestId('points-balance')).toContainText(String(earned));
  await expect(v.getByTestId('points-hours')).toBeVisible();
  await quiet(v);
  await expectAccessible(v, 'phone my points');
  await shot(v, 'my-points');
  const statement = await api<Statement>(vctx, base, 'GET', '/api/points/me/statement?pageSize=50');
  expect(statement.items.filter((l) => l.kind === 'earn' && l.memo.includes(TITLE))).toEqual([expect.objectContaining({ amount: 20 })]);
  await v.getByTestId('points-link-statement').click();
  await expect(v.getByTestId('statement-line').first()).toContainText(TITLE);
  await shot(v, 'statement-earned');

  // ── 4. She redeems 免费理发一次 (20 points) from the catalogue.
  await v.goto('/m/points/catalog');
  const haircut = v.getByTestId('catalog-item').filter({ hasText: '免费理发一次' }).first();
  await expect(haircut).toBeVisible();
  await quiet(v);
  await expectAccessible(v, 'phone catalogue');
  await shot(v, 'catalog');
  await haircut.click();
  await expect(v.getByTestId('item-title')).toContainText('免费理发一次');
  await v.getByTestId('redeem-button').click();
  const sheet = v.getByTestId('redeem-sheet');
  await expect(sheet).toBeVisible();
  await expect(v.getByTestId('redeem-total')).toContainText('20');
  await expect(v.getByTestId('redeem-after')).toContainText(String(earned - 20));
  await shot(v, 'redeem-confirm');
  await v.getByTestId('redeem-confirm').click();
  await expect(v).toHaveURL(/\/m\/points\/redemptions\/[0-9a-f-]{36}/);
  const code = (await v.getByTestId('redemption-code').innerText()).replace(/\D/g, '');
  expect(code).toMatch(/^\d{8}$/);
  await expect(v.getByTestId('redemption-status')).toContainText('待核销');
  await expect(v.getByTestId('redemption-qr')).toBeVisible();
  await quiet(v);
  await expectAccessible(v, 'phone redemption code');
  await shot(v, 'code');
  // Marks this very page: if it reloads, the mark is gone.
  await v.evaluate(() => ((window as unknown as { __kept?: number }).__kept = 1));

  // ── 5. 潘志伟 opens the code's link on his phone and verifies it.
  const mctx = await phoneContext(browser);
  const m = await mctx.newPage();
  await loginPhone(m, MERCHANT);
  await m.goto(`/m/merchant/verify?code=${code}`);
  await expect(m.getByTestId('verify-result')).toContainText(VOLUNTEER_NAME);
  await expect(m.getByTestId('verify-result')).toContainText('免费理发一次');
  await quiet(m);
  await expectAccessible(m, 'phone merchant verify');
  await shot(m, 'verify-before');
  await m.getByTestId('verify-confirm').click();
  await expect(m.getByTestId('verify-success')).toBeVisible();
  await shot(m, 'verify-done');
  // A second try of the same code is refused.
  const again = await mctx.request.post(`${base}/api/merchant/verify`, {
    headers: { 'x-csrf-token': (await mctx.cookies()).find((c) => c.name === 'tx_csrf')!.value },
    data: { code },
  });
  expect((await again.json()).code).toBe('REDEMPTION_STATE');

  // Her page turned to 已核销 by itself.
  await expect(v.getByTestId('redemption-status')).toContainText('已核销');
  await expect(v.getByTestId('redemption-verified')).toBeVisible();
  expect(await v.evaluate(() => (window as unknown as { __kept?: number }).__kept)).toBe(1);
  await shot(v, 'code-verified');

  // ── 6. Both statements show the same 20 points for the same redemption.
  const hers = await api<Statement>(vctx, base, 'GET', '/api/points/me/statement?pageSize=50');
  const his = await api<Statement>(mctx, base, 'GET', '/api/merchant/statement?pageSize=50');
  const hold = hers.items.find((l) => l.kind === 'hold' && l.memo.includes('免费理发一次'))!;
  expect(hold.amount).toBe(-20);
  expect(his.items.find((l) => l.redemptionId === hold.redemptionId)).toMatchObject({ kind: 'settle', amount: 20 });
  expect(hers.account.balance).toBe(earned - 20);
  await m.goto('/m/merchant/statement');
  await expect(m.getByText(VOLUNTEER_NAME).first()).toBeVisible();
  await quiet(m);
  await shot(m, 'merchant-statement');

  // ── 7. The console: 陈慧敏 grants 黄小敏 10 points, then reverses it; the balance is back.
  await admin.goto('/points/accounts');
  await field(admin, 'account-filter-q').fill(VOLUNTEER_NAME);
  await admin.getByTestId('account-search').click();
  const row = admin.getByTestId('accounts-table').locator('.el-table__body tbody tr').filter({ hasText: VOLUNTEER_NAME }).first();
  await expect(row.getByTestId('account-balance')).toContainText(String(earned - 20));
  await expectAccessible(admin, 'console points accounts');
  await shot(admin, 'accounts');
  await row.getByTestId('adjust-button').click();
  const dialog = admin.getByTestId('adjust-dialog');
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('adjust-amount').locator('input').fill('10');
  await field(dialog, 'adjust-reason').fill('积分测试：奖励');
  await shot(admin, 'adjust');
  await dialog.getByTestId('adjust-submit').click();
  await expect(dialog).toBeHidden();
  await expect(row.getByTestId('account-balance')).toContainText(String(earned - 10));
  await row.getByTestId('statement-button').click();
  const drawer = admin.getByTestId('statement-drawer');
  await expect(drawer).toBeVisible();
  const grantLine = drawer.getByTestId('statement-table').locator('.el-table__body tbody tr').filter({ hasText: '积分测试：奖励' }).first();
  await grantLine.getByTestId('reverse-button').click();
  await field(admin, 'reverse-input').fill('录入错误');
  await admin.getByTestId('reverse-submit').click();
  await expect(drawer.getByTestId('statement-balance')).toContainText(String(earned - 20));
  // The grant is marked reversed; the reversal is the newest line.
  const rows = drawer.getByTestId('statement-table').locator('.el-table__body tbody tr');
  await expect(rows.filter({ has: admin.getByTestId('statement-reversed') })).toContainText('积分测试：奖励');
  await expect(rows.first()).toContainText('冲正');
  await shot(admin, 'reversed');
  const after = await api<MyPoints>(vctx, base, 'GET', '/api/points/me');
  expect(after.account.balance).toBe(earned - 20);

  await Promise.all([lctx.close(), vctx.close(), mctx.close(), actx.close()]);
});
