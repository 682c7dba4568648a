import { expect, test, type APIRequestContext, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { Activity, CheckInCode, OccurrenceList, Team, TeamList } from '../packages/shared/src/schemas/index.js';
import { DEMO_PASSWORD, SHOTS, expectAccessible, loginPhone } from './support.js';

// 志愿活动 on the phone, in Chinese: 黄小敏 (volunteer of 上金湾社区) browses the activities of her
// community and near her, signs up for a Red Saturday, cancels and signs up again, finds it under
// 我的活动 with her calendar link; on the day, the organiser shows the check-in QR code, she opens
// its link (through the login page), checks in and out, and asks for a correction of her hours.
mkdirSync(SHOTS, { recursive: true });
test.use({ timezoneId: 'Asia/Shanghai' });
const phone = { width: 360, height: 740 };
const VOLUNTEER = '13800000006'; // 黄小敏
const ORGANISER = '13800000002'; // 陈慧敏, community admin of 上金湾社区
const TEAM = '上金湾社区志愿服务队';
const run = String(Date.now() % 1000).padStart(3, '0');
const RED_SATURDAY = `红色星期六·清洁家园${run}`;
const TODAY = `楼道清洁日${run}`;
const SITE = { lat: 22.94, lng: 112.97 };
const NEAR_SITE = { latitude: 22.945, longitude: 112.975 };

async function shot(page: Page, name: string, fullPage = false) {
  // No toast or sheet half-way through its animation in the picture.
  await expect(page.locator('.van-toast')).toBeHidden();
  await expect(page.locator('[class*="-enter-active"], [class*="-leave-active"]')).toHaveCount(0);
  await page.screenshot({ path: `${SHOTS}/activities-phone-${name}.png`, fullPage });
}

function shanghai(at = new Date()): { date: string; time: string; hour: number } {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: 'Asia/Shanghai',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return { date: `${p.year}-${p.month}-${p.day}`, time: `${p.hour}:${p.minute}`, hour: Number(p.hour) };
}

/** The first Saturday of a month, strictly after the given day. */
function nextRedSaturday(after: string): string {
  const d = new Date(`${after}T00:00:00Z`);
  for (let i = 0; i < 3; i++) {
    const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + i, 1));
    first.setUTCDate(1 + ((6 - first.getUTCDay() + 7) % 7));
    if (first.getTime() > d.getTime()) return first.toISOString().slice(0, 10);
  }
  throw new Error('no first Saturday');
}

/** A signed-in API session of its own (another person's phone). */
async function session(playwright: typeof import('@playwright/test'), baseURL: string, mobile: string) {
  const ctx = await playwright.request.newContext({ baseURL });
  const res = await ctx.post('/api/auth/login', { data: { mobile, password: DEMO_PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  const csrf = (await ctx.storageState()).cookies.find((c) => c.name === 'tx_csrf')!.value;
  return { ctx, headers: { 'x-csrf-token': csrf } };
}

async function publish(api: APIRequestContext, headers: Record<string, string>, body: Record<string, unknown>): Promise<Activity> {
  const res = await api.post('/api/activities', { headers, data: { publish: true, ...body } });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as Activity;
}

async function firstOccurrence(api: APIRequestContext, activityId: string): Promise<string> {
  const list = (await (await api.get(`/api/activities/${activityId}/occurrences`)).json()) as OccurrenceList;
  return list.items[0]!.id;
}

async function phoneContext(browser: Browser, extra: Parameters<Browser['newContext']>[0] = {}): Promise<BrowserContext> {
  return browser.newContext({ viewport: phone, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: true, hasTouch: true, ...extra });
}

let redSaturdayId = '';
let todayId = '';

test.beforeAll(async ({ playwright, baseURL }) => {
  const { ctx, headers } = await session(playwright, baseURL!, ORGANISER);
  const teams = (await (await ctx.get('/api/teams/directory')).json()) as TeamList;
  const team = teams.items.find((t: Team) => t.name === TEAM)!;
  expect(team, TEAM).toBeTruthy();
  const common = {
    organiserTeamId: team.id,
    regionId: team.regionId,
    category: 'environment',
    site: '上金湾社区党群服务中心',
    ...SITE,
  };
  const today = shanghai();
  const red = await publish(ctx, headers, {
    ...common,
    title: RED_SATURDAY,
    monthlyTheme: '清洁家园',
    description: '清理楼道杂物，整治房前屋后环境。',
    capacity: 2,
    insuranceRequired: true,
    firstDate: nextRedSaturday(today.date),
    startTime: '09:00',
    endTime: '11:30',
  });
  redSaturdayId = await firstOccurrence(ctx, red.id);
  // Starting in a few minutes (check-in opens an hour before the start): published for a later
  // day, then this one occurrence is moved to now, as an organiser would edit it.
  const later = await publish(ctx, headers, {
    ...common,
    title: TODAY,
    capacity: 10,
    firstDate: nextRedSaturday(today.date),
    startTime: '14:00',
    endTime: '15:30',
  });
  todayId = await firstOccurrence(ctx, later.id);
  const moved = await ctx.patch(`/api/occurrences/${todayId}`, {
    headers,
    data: { startsAt: new Date(Date.now() + 10 * 60_000).toISOString(), endsAt: new Date(Date.now() + 100 * 60_000).toISOString() },
  });
  expect(moved.status(), await moved.text()).toBe(200);
  await ctx.dispose();
});

test('a volunteer browses her community’s activities, signs up, cancels and signs up again', async ({ browser }) => {
  const context = await phoneContext(browser, { geolocation: NEAR_SITE, permissions: ['geolocation'] });
  const page = await context.newPage();
  await loginPhone(page, VOLUNTEER);

  await page.getByTestId('home-activities-entry').click();
  await expect(page.getByRole('heading', { level: 1, name: '志愿活动' })).toBeVisible();
  await expect(page.getByRole('tab', { name: '本社区' })).toHaveAttribute('aria-selected', 'true');
  const card = page.getByTestId('activity-card').filter({ hasText: RED_SATURDAY });
  await expect(card).toBeVisible();
  await expect(card.getByTestId('activity-theme')).toContainText('清洁家园');
  await expect(card).toContainText('人居环境');
  await expect(card.getByTestId('activity-when')).toHaveText(/^\d+月\d+日 周六 09:00–11:30$/);
  await expect(card.getByTestId('activity-places')).toContainText('已报名 0/2');
  await expectAccessible(page, 'phone activities, community');
  await shot(page, 'list');

  // 附近: the phone's location goes with the request and each card says how far it is.
  await page.getByRole('tab', { name: '附近' }).click();
  await expect(card.getByTestId('activity-distance')).toHaveText(/距您 \d+ 米|距您 [\d.]+ 公里/);
  await expect(page).toHaveURL(/scope=near/);
  await shot(page, 'list-near');
  // A category with nothing in it empties the list; 全部类别 brings it back.
  await page.getByRole('tab', { name: '全部' }).click();
  await page.getByTestId('activities-categories').getByRole('button', { name: '关爱类' }).click();
  await expect(page.getByTestId('activities-categories').getByRole('button', { name: '关爱类' })).toHaveAttribute('aria-pressed', 'true');
  await expect(page).toHaveURL(/category=care/);
  await expect(card).toHaveCount(0);
  await page.getByTestId('activities-categories').getByRole('button', { name: '全部类别' }).click();
  await expect(card).toBeVisible();

  await card.click();
  await expect(page.getByRole('heading', { level: 1, name: RED_SATURDAY })).toBeVisible();
  const facts = page.getByTestId('activity-facts');
  await expect(facts).toContainText(TEAM);
  await expect(facts).toContainText('所有志愿者');
  await expect(facts).toContainText('已报名 0 人，共 2 个名额');
  await expect(page.getByTestId('activity-insurance')).toContainText('意外保险');
  await expect(page.getByTestId('activity-map')).toHaveAttribute('href', /^https:\/\/uri\.amap\.com\/marker\?/);
  await expect(page.getByTestId('activity-qr')).toHaveCount(0); // she does not run it
  await expectAccessible(page, 'phone activity detail');
  await shot(page, 'detail', true);

  await page.getByTestId('activity-signup').click();
  await expect(page.getByTestId('activity-mine').getByTestId('my-status')).toHaveText('已报名');
  await expect(facts).toContainText('已报名 1 人，共 2 个名额');
  await shot(page, 'detail-signed-up');

  // Cancelling asks first.
  await page.getByTestId('activity-cancel').click();
  const dialog = page.getByRole('dialog').filter({ hasText: '确定取消报名' });
  await expect(dialog).toContainText(`确定取消报名“${RED_SATURDAY}”吗？`);
  await shot(page, 'detail-cancel-confirm');
  await dialog.getByRole('button', { name: '取消报名' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('activity-signup')).toBeVisible();
  await expect(facts).toContainText('已报名 0 人');

  await page.getByTestId('activity-signup').click();
  await expect(page.getByTestId('activity-mine').getByTestId('my-status')).toHaveText('已报名');
  await context.close();
});

test('我的活动 lists her sign-up and gives her calendar link, also as webcal://', async ({ browser, playwright, baseURL }) => {
  // Signed up by the test before; again here (harmless) so that this test also runs on its own.
  const api = await session(playwright, baseURL!, VOLUNTEER);
  const signed = await api.ctx.post(`/api/occurrences/${redSaturdayId}/signup`, { headers: api.headers });
  expect([201, 409], await signed.text()).toContain(signed.status());
  await api.ctx.dispose();

  const context = await phoneContext(browser);
  const page = await context.newPage();
  await loginPhone(page, VOLUNTEER);
  await page.goto('/m/me');
  await page.getByTestId('me-my-activities').click();
  await expect(page.getByRole('heading', { level: 1, name: '我的活动' })).toBeVisible();
  const card = page.getByTestId('activity-card').filter({ hasText: RED_SATURDAY });
  await expect(card.getByTestId('my-status')).toHaveText('已报名');
  await expectAccessible(page, 'phone my activities');
  await shot(page, 'mine', true);

  await page.getByTestId('mine-calendar').click();
  const url = page.getByTestId('calendar-url');
  await expect(url).toHaveValue(/^https?:\/\/.+/);
  const link = await url.inputValue();
  await expect(page.getByTestId('calendar-webcal')).toHaveAttribute('href', link.replace(/^https?:\/\//, 'webcal://'));
  await shot(page, 'calendar');
  const ics = await page.request.get(link);
  expect(ics.status()).toBe(200);
  expect(await ics.text()).toContain(RED_SATURDAY);

  // A new link: the old one stops working.
  await page.getByTestId('calendar-rotate').click();
  const confirm = page.locator('.van-dialog');
  await expect(confirm).toContainText('旧链接将失效');
  await confirm.getByRole('button', { name: '重置链接' }).click();
  await expect(url).not.toHaveValue(link);
  expect((await page.request.get(link)).status()).toBe(404);

  await page.getByRole('dialog', { name: '订阅日历' }).getByRole('button', { name: '关闭' }).click();
  await expect(page.getByTestId('calendar-sheet')).toBeHidden();
  await page.getByRole('tab', { name: '已结束' }).click();
  await expect(page).toHaveURL(/when=past/);
  await expect(page.getByRole('tab', { name: '已结束' })).toHaveAttribute('aria-selected', 'true');
  await context.close();
});

test('on the day: the organiser shows the QR code, the volunteer checks in through it and out, then asks for a correction', async ({
  browser,
  playwright,
  baseURL,
}) => {
  const volunteerApi = await session(playwright, baseURL!, VOLUNTEER);
  const signed = await volunteerApi.ctx.post(`/api/occurrences/${todayId}/signup`, { headers: volunteerApi.headers });
  expect(signed.status(), await signed.text()).toBe(201);
  await volunteerApi.ctx.dispose();

  // The organiser's phone.
  const organiser = await phoneContext(browser);
  const op = await organiser.newPage();
  await loginPhone(op, ORGANISER);
  await op.goto(`/m/activities/${todayId}`);
  await op.getByTestId('activity-qr').click();
  await expect(op.getByRole('heading', { level: 1, name: '签到二维码' })).toBeVisible();
  await expect(op.getByTestId('qr-image')).toHaveAttribute('src', /^data:image\/png;base64,/);
  await expect(op.getByTestId('qr-code')).toHaveText(/^\d{6}$/);
  await expect(op.getByTestId('qr-roster')).toContainText('黄小敏');
  await expect(op.getByTestId('qr-roster-count')).toHaveText('已签到 0/1 人');
  await expectAccessible(op, 'phone check-in QR');
  await shot(op, 'qr', true);
  const code = (await (await op.request.get(`/api/occurrences/${todayId}/check-in-code`)).json()) as CheckInCode;

  // The volunteer's camera opens the link; she is not logged in on this browser yet.
  const volunteer = await phoneContext(browser, { geolocation: NEAR_SITE, permissions: ['geolocation'] });
  const vp = await volunteer.newPage();
  await vp.goto(code.url);
  await expect(vp).toHaveURL(/\/m\/login\?redirect=/);
  await vp.locator('[data-testid="login-mobile"] input, input[data-testid="login-mobile"]').first().fill(VOLUNTEER);
  await vp.locator('[data-testid="login-password"] input, input[data-testid="login-password"]').first().fill(DEMO_PASSWORD);
  await vp.getByTestId('login-submit').click();
  const result = vp.getByTestId('check-in-result');
  await expect(result).toContainText('签到成功');
  await expect(result).toContainText(TODAY);
  await expect(vp.getByTestId('check-in-time')).toHaveText(/^签到时间 \d\d:\d\d$/);
  await expect(vp).toHaveURL(/\/m\/check-in$/); // the code is not kept: a reload must not scan again
  await expectAccessible(vp, 'phone checked in');
  await shot(vp, 'checked-in');

  // The roster on the organiser's phone follows.
  await op.reload();
  await expect(op.getByTestId('qr-roster-count')).toHaveText('已签到 1/1 人');

  // Typing the six digits again soon after: she is told she is in, and checks out on purpose.
  await vp.goto('/m/activities/mine');
  await vp.getByTestId('mine-scan').click();
  const typed = (await (await op.request.get(`/api/occurrences/${todayId}/check-in-code`)).json()) as CheckInCode;
  await vp.getByTestId('check-in-code').fill(typed.shortCode);
  await vp.getByTestId('check-in-submit').click();
  await expect(result).toContainText('您已签到');
  await shot(vp, 'check-in-repeat');
  await vp.getByTestId('check-in-out').click();
  await expect(result).toContainText('签退成功');
  await expect(vp.getByTestId('check-in-served')).toContainText('待组织者确认');
  await shot(vp, 'checked-out');

  // 我的服务记录: the service waits for confirmation; she asks for a correction of its hours.
  await vp.goto('/m/me');
  await vp.getByTestId('me-record').click();
  await expect(vp.getByRole('heading', { level: 1, name: '我的服务记录' })).toBeVisible();
  const row = vp.getByTestId('service-row').filter({ hasText: TODAY });
  await expect(row.getByTestId('service-status')).toHaveText('待确认');
  await expectAccessible(vp, 'phone service record');
  await shot(vp, 'record', true);
  await row.getByTestId('service-correct').click();
  await vp.getByTestId('correction-hours').locator('input').fill('1.5');
  await vp.getByTestId('correction-reason').locator('textarea').fill('活动前提前到场布置场地');
  await shot(vp, 'record-correction');
  await vp.getByTestId('correction-submit').click();
  await expect(row.getByTestId('service-correction')).toHaveText('更正申请处理中：申请改为 1.5 小时');
  await expect(row.getByTestId('service-correct')).toHaveCount(0);
  await shot(vp, 'record-corrected', true);
  await vp.evaluate(() => document.documentElement.classList.add('tx-large-text'));
  await shot(vp, 'record-large', true);

  await organiser.close();
  await volunteer.close();
});
