import { expect, test, type Browser, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import jsQR from 'jsqr';
import { PNG } from 'pngjs';
import { idCheckDigit } from '../packages/shared/src/people.js';
import { SHOTS, expectAccessible, loginConsole, loginPhone } from './support.js';

// The whole of issue 4 in one story, in Chinese: a newcomer registers as a volunteer on the phone;
// 上金湾社区's admin approves her in the console; she signs up for the next Red Saturday; on the
// day the team leader's phone shows the rotating QR code, she scans it (the test decodes the
// picture on the screen, as a camera would) to check in and again to check out; the organiser
// confirms her hours in the console's queue, and they appear on her service record.
mkdirSync(SHOTS, { recursive: true });
const phone = { width: 360, height: 740 };
const desktop = { width: 1280, height: 800 };
const COMMUNITY_ADMIN = '13800000002';
const TEAM_LEADER = '13800000005';
const run = String(Date.now() % 10000).padStart(4, '0');
const NAME = `林晓彤${run.slice(-2)}`;
const MOBILE = `1365555${run}`;
const PASSWORD = 'Volunteer2026';

async function shot(page: Page, name: string, fullPage = false) {
  await page.screenshot({ path: `${SHOTS}/activities-flow-${name}.png`, fullPage });
}

const input = (page: Page, testid: string) => page.locator(`[data-testid="${testid}"] input`).first();

async function phoneContext(browser: Browser) {
  return browser.newContext({ viewport: phone, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true });
}

/** Read the QR code on the organiser's screen the way a phone camera would. */
async function scanQr(page: Page): Promise<string> {
  const img = page.getByTestId('qr-image');
  await expect(img).toBeVisible();
  const png = PNG.sync.read(await img.screenshot());
  const found = jsQR(new Uint8ClampedArray(png.data), png.width, png.height);
  expect(found, 'a readable QR code').toBeTruthy();
  return found!.data;
}

test('register, get approved, sign up for Red Saturday, check in and out by QR, hours confirmed and on the record', async ({
  browser,
  baseURL,
}) => {
  test.setTimeout(300_000);

  // 1. Registration on the phone.
  const vctx = await phoneContext(browser);
  const v = await vctx.newPage();
  await v.goto('/m/login');
  await v.getByTestId('login-volunteer').click();
  await expect(v.getByRole('heading', { level: 1, name: '注册志愿者' })).toBeVisible();
  await input(v, 'volunteer-name').fill(NAME);
  const first17 = `44060519950601${run.slice(-3)}`;
  await input(v, 'volunteer-id').fill(first17 + idCheckDigit(first17));
  await v.getByTestId('volunteer-region').getByRole('button').click();
  await v
    .getByTestId('volunteer-places')
    .getByRole('button', { name: /上金湾社区/ })
    .first()
    .click();
  await input(v, 'volunteer-mobile').fill(MOBILE);
  await input(v, 'volunteer-password').fill(PASSWORD);
  await v.getByTestId('volunteer-categories').getByRole('button', { name: '文明实践' }).click();
  await v.getByTestId('volunteer-availability').getByRole('button', { name: '周末' }).click();
  await v.getByTestId('volunteer-submit').click();
  await expect(v.getByTestId('volunteer-status')).toContainText('待社区审核');

  // 2. The community admin approves her in the console.
  const actx = await browser.newContext({ viewport: desktop, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const admin = await actx.newPage();
  await loginConsole(admin, COMMUNITY_ADMIN);
  await admin.goto('/volunteers?status=pending');
  const row = admin.getByTestId('volunteers-table').locator('.el-table__body tbody tr').filter({ hasText: NAME });
  await row.getByRole('button', { name: `通过: ${NAME}`, exact: true }).click();
  await admin.locator('.el-message-box').getByRole('button', { name: '通过', exact: true }).click();
  await expect(admin.locator('.el-message--success').filter({ hasText: '已通过' })).toBeVisible();

  // 3. She signs up for the next Red Saturday from the activities list.
  await v.goto('/m/activities');
  const card = v
    .getByTestId('activities-list')
    .getByRole('link', { name: /红色星期六·结对志愿服务/ })
    .first();
  await expect(card).toBeVisible();
  await expectAccessible(v, 'phone activities list');
  await shot(v, 'list');
  await card.click();
  await expect(v.getByRole('heading', { level: 2, name: '红色星期六·结对志愿服务' })).toBeVisible();
  await expect(v.getByTestId('activity-theme')).toContainText('清洁家园');
  // Red Saturday starts at nine, Beijing time.
  await expect(v.getByTestId('activity-facts')).toContainText('周六 09:00');
  const occurrenceId = v.url().match(/activities\/([0-9a-f-]{36})/)![1]!;
  await v.getByTestId('activity-signup').click();
  await expect(v.getByTestId('activity-mine')).toContainText('已报名');
  // The success toast goes away by itself (its popup has no name of its own).
  await expect(v.locator('.van-toast')).toBeHidden();
  await expectAccessible(v, 'phone activity signed up');
  await shot(v, 'signed-up');

  // 4. On the day: the team leader moves this occurrence to start shortly (the test cannot wait
  //    for Saturday) and opens the check-in QR code on his phone.
  const lctx = await phoneContext(browser);
  const leader = await lctx.newPage();
  await loginPhone(leader, TEAM_LEADER);
  const csrf = (await lctx.cookies()).find((c) => c.name === 'tx_csrf')!.value;
  const start = new Date(Date.now() + 5 * 60_000);
  const moved = await lctx.request.patch(`${baseURL}/api/occurrences/${occurrenceId}`, {
    headers: { 'x-csrf-token': csrf },
    data: { startsAt: start.toISOString(), endsAt: new Date(start.getTime() + 150 * 60_000).toISOString() },
  });
  expect(moved.status(), await moved.text()).toBe(200);
  await leader.goto(`/m/activities/${occurrenceId}/qr`);
  await expect(leader.getByTestId('qr-code')).toHaveText(/\d{6}/);
  await expectAccessible(leader, 'phone organiser QR');
  await shot(leader, 'qr');

  // 5. She scans: checked in. She scans again a little later and chooses to check out.
  const url = await scanQr(leader);
  expect(url).toContain('/m/check-in?c=');
  await v.goto(url);
  await expect(v.getByTestId('check-in-result')).toContainText('签到成功');
  await expect(v.locator('.van-toast')).toBeHidden();
  await expectAccessible(v, 'phone checked in');
  await shot(v, 'checked-in');
  await v.goto(await scanQr(leader));
  await expect(v.getByTestId('check-in-out')).toBeVisible();
  await v.getByTestId('check-in-out').click();
  await expect(v.getByTestId('check-in-result')).toContainText('签退成功');
  await shot(v, 'checked-out');
  // The leader's roster shows her attendance.
  await leader.reload();
  await expect(leader.getByTestId('qr-roster')).toContainText(NAME);

  // 6. The organiser confirms her hours in the console (adjusted to the two hours she served).
  const octx = await browser.newContext({ viewport: desktop, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  const organiser = await octx.newPage();
  await loginConsole(organiser, TEAM_LEADER);
  await organiser.goto('/hours');
  const pending = organiser.getByTestId('hours-table').locator('.el-table__body tbody tr').filter({ hasText: NAME });
  await expect(pending).toBeVisible();
  await expectAccessible(organiser, 'console hours queue');
  await shot(organiser, 'hours-queue');
  const hoursInput = pending.getByTestId('hours-edit-h').locator('input');
  await hoursInput.fill('2');
  await hoursInput.press('Tab');
  const minutesInput = pending.getByTestId('hours-edit-m').locator('input');
  await minutesInput.fill('0');
  await minutesInput.press('Tab');
  await pending.locator('.el-checkbox').first().click();
  await expect(organiser.getByTestId('hours-selected')).toContainText('1');
  await organiser.getByTestId('hours-confirm').click();
  await organiser.locator('.el-message-box').getByRole('button', { name: '确认', exact: true }).click();
  await expect(organiser.locator('.el-message--success').filter({ hasText: '已确认 1 条' })).toBeVisible();

  // 7. The hours are on her record.
  await v.goto('/m/record');
  const service = v.getByTestId('record-services').getByTestId('service-row').filter({ hasText: '红色星期六·结对志愿服务' });
  await expect(service).toContainText('已确认');
  await expect(service.getByTestId('service-hours')).toContainText('2');
  await expect(v.getByTestId('record-summary')).toContainText('2');
  await expectAccessible(v, 'phone service record');
  await shot(v, 'record', true);

  await Promise.all([vctx.close(), actx.close(), lctx.close(), octx.close()]);
});
