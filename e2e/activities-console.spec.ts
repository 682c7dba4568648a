import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import type { ActivityPage, Occurrence, OccurrenceList, ServiceRecordPage } from '../packages/shared/src/schemas/index.js';
import { DEMO_PASSWORD, SHOTS, expectAccessible, loginConsole } from './support.js';

// Activities in the console, in Chinese: 陈慧敏 (community admin of 上金湾社区) publishes a Red
// Saturday series, finds its dates on the activity calendar, edits one date on its own, sees
// 黄小敏's sign-up, takes the community's calendar link; confirms the hours of the demo town's
// past activity (黄小敏 checked out, waiting for confirmation) and accepts 黄小敏's correction
// request; and opens 黄小敏's service record to add a training.
mkdirSync(SHOTS, { recursive: true });
test.use({ timezoneId: 'Asia/Shanghai' });
const desktop = { width: 1280, height: 800 };
const COMMUNITY_ADMIN = '13800000002';
const VOLUNTEER = '13800000006';
const VOLUNTEER_NAME = '黄小敏';
const COMMUNITY = '上金湾社区';
const TEAM = '上金湾社区志愿服务队';
const run = String(Date.now() % 1000).padStart(3, '0');
const TITLE = `红色星期六·清洁家园${run}`;

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/activities-console-${name}.png`, fullPage: false });
}

/** An el-input's text box, whether the test id sits on its wrapper or on the input itself. */
const field = (scope: Locator, testid: string): Locator =>
  scope
    .locator(
      `[data-testid="${testid}"] input, input[data-testid="${testid}"], [data-testid="${testid}"] textarea, textarea[data-testid="${testid}"]`,
    )
    .first();

const option = (page: Page, text: string | RegExp): Locator =>
  page.locator('.el-select-dropdown__item:visible').filter({ hasText: text }).first();

async function settled(page: Page) {
  await expect(page.locator('[class*="-enter-active"], [class*="-leave-active"]')).toHaveCount(0);
}

/** Today in the town's time zone, and the first Saturday of a month strictly after it. */
function shanghaiToday(): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(
    new Date(),
  );
}
function nextRedSaturday(after: string): string {
  const d = new Date(`${after}T00:00:00Z`);
  for (let i = 0; i < 3; i++) {
    const first = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + i, 1));
    first.setUTCDate(1 + ((6 - first.getUTCDay() + 7) % 7));
    if (first.getTime() > d.getTime()) return first.toISOString().slice(0, 10);
  }
  throw new Error('no first Saturday');
}
function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** 黄小敏's own session (her phone), for what she does through the API: a POST with her CSRF token. */
async function asVolunteer(playwright: typeof import('@playwright/test'), baseURL: string, path: string, data?: unknown): Promise<void> {
  const ctx = await playwright.request.newContext({ baseURL });
  const res = await ctx.post('/api/auth/login', { data: { mobile: VOLUNTEER, password: DEMO_PASSWORD } });
  expect(res.status(), await res.text()).toBe(200);
  const csrf = (await ctx.storageState()).cookies.find((c) => c.name === 'tx_csrf')!.value;
  const done = await ctx.post(path, { headers: { 'x-csrf-token': csrf }, data: data ?? {} });
  expect(done.status(), await done.text()).toBe(201);
  await ctx.dispose();
}

test('a community admin publishes a Red Saturday series, edits one date and sees it on the calendar', async ({
  page,
  playwright,
  baseURL,
}) => {
  await page.setViewportSize(desktop);
  await loginConsole(page, COMMUNITY_ADMIN);
  const nav = page.getByRole('navigation', { name: '主导航' });
  await nav.getByText('志愿活动', { exact: true }).click();
  await expect(page).toHaveURL(/\/activities$/);
  await expect(page.getByRole('heading', { level: 1, name: '志愿活动' })).toBeVisible();

  // ── A Red Saturday series: the first Saturday of every month, for about three months.
  const first = nextRedSaturday(shanghaiToday());
  const until = addDays(first, 100);
  await page.getByTestId('activity-create').click();
  const dialog = page.getByRole('dialog', { name: '新建志愿活动' });
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('activity-form-publish').click();
  await expect(dialog).toContainText('请填写活动名称');
  await field(dialog, 'activity-form-title').fill(TITLE);
  await dialog.getByTestId('activity-form-category').click();
  await option(page, '人居环境').click();
  await field(dialog, 'activity-form-theme').fill('垃圾分类宣传月');
  await dialog.getByTestId('activity-form-organiser').click();
  await page.keyboard.type('上金湾社区志愿');
  await option(page, TEAM).click();
  await dialog.getByTestId('activity-form-region').click();
  await page.locator('.el-tree-node__content:visible').filter({ hasText: COMMUNITY }).first().click();
  await field(dialog, 'activity-form-site').fill('上金湾社区党群服务中心');
  await dialog.getByTestId('activity-form-recurrence').click();
  await option(page, '每月第一个星期六（红色星期六）').click();
  // A date that is not a first Saturday: the form offers the next one.
  const firstInput = dialog.getByRole('combobox', { name: '首次日期' });
  await firstInput.fill(addDays(first, -1));
  await firstInput.press('Enter');
  await expect(dialog.getByTestId('activity-form-first-saturday')).toBeVisible();
  await dialog.getByTestId('activity-form-first-saturday').getByRole('button').click();
  await expect(firstInput).toHaveValue(first);
  await expect(dialog.getByTestId('activity-form-first-saturday')).toHaveCount(0);
  const untilInput = dialog.getByRole('combobox', { name: '重复至' });
  await untilInput.fill(until);
  await untilInput.press('Enter');
  await dialog.getByRole('heading', { name: '新建志愿活动' }).click();
  await settled(page);
  await expectAccessible(page, 'console activity form');
  await shot(page, 'form');
  await dialog.getByTestId('activity-form-publish').click();
  await expect(page.locator('.el-message--success').filter({ hasText: '已发布' })).toBeVisible();
  await expect(dialog).toBeHidden();

  const row = page.getByTestId('activities-table').locator('.el-table__body tbody tr').filter({ hasText: TITLE });
  await expect(row).toContainText('已发布');
  await expect(row).toContainText('每月首个周六');
  await expect(row).toContainText(TEAM);
  await expect(row).toContainText('主题：垃圾分类宣传月');
  await expectAccessible(page, 'console activities');
  await shot(page, 'list');

  // The server made the dates: every one a first Saturday, from the first date to the last.
  const found = (await (await page.request.get(`/api/activities?q=${encodeURIComponent(TITLE)}`)).json()) as ActivityPage;
  const activity = found.items.find((a) => a.title === TITLE)!;
  expect(activity.rrule).toBe('FREQ=MONTHLY;BYDAY=1SA');
  const occurrences = ((await (await page.request.get(`/api/activities/${activity.id}/occurrences`)).json()) as OccurrenceList).items;
  expect(occurrences.length).toBeGreaterThanOrEqual(3);
  expect(occurrences.length).toBeLessThanOrEqual(4);

  // The dates drawer lists them.
  await row.getByTestId('activity-occurrences-open').click();
  const dates = page.getByRole('dialog', { name: `${TITLE} · 场次` });
  await expect(dates.getByTestId('activity-occurrences-table').locator('.el-table__body tbody tr')).toHaveCount(occurrences.length);
  await page.keyboard.press('Escape');
  await expect(dates).toBeHidden();

  // 黄小敏 signs up for the first date on her phone.
  await asVolunteer(playwright, baseURL!, `/api/occurrences/${occurrences[0]!.id}/signup`);

  // ── The calendar: the first date in its month.
  await nav.getByText('活动日历', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '活动日历' })).toBeVisible();
  const calendar = page.getByTestId('activity-calendar');
  const thisMonth = shanghaiToday().slice(0, 7);
  if (first.slice(0, 7) !== thisMonth) await calendar.getByRole('button', { name: '下个月' }).click();
  const chip = calendar.getByTestId('calendar-occurrence').filter({ hasText: TITLE }).first();
  await expect(chip).toBeVisible();
  await expect(chip).toContainText('09:00');
  await expect(chip).toContainText('1/20');
  await expectAccessible(page, 'console activity calendar');
  await shot(page, 'calendar');

  // ── The occurrence: edit this date only.
  await chip.click();
  const drawer = page.getByTestId('occurrence-drawer');
  await expect(drawer).toBeVisible();
  await expect(drawer.getByTestId('occurrence-seats')).toContainText('1/20');
  const signup = drawer.getByTestId('signups-table').locator('.el-table__body tbody tr').filter({ hasText: VOLUNTEER_NAME });
  await expect(signup).toBeVisible();
  await expect(signup.getByTestId('signup-status')).toHaveText('已报名');
  await expect(signup).toContainText('****');
  await drawer.getByTestId('occurrence-edit').click();
  const edit = page.getByRole('dialog', { name: /修改本次活动/ });
  await expect(edit).toBeVisible();
  await field(edit, 'occurrence-form-capacity').fill('25');
  await field(edit, 'occurrence-form-note').fill('请自带手套和水杯');
  await edit.getByTestId('occurrence-form-submit').click();
  await expect(edit).toBeHidden();
  await expect(drawer.getByTestId('occurrence-detached')).toHaveText('已单独修改');
  await expect(drawer.getByTestId('occurrence-seats')).toContainText('1/25');
  await expect(drawer.getByTestId('occurrence-note')).toHaveText('请自带手套和水杯');
  await settled(page);
  await expectAccessible(page, 'console occurrence drawer');
  await shot(page, 'occurrence');

  // The check-in QR code.
  await drawer.getByTestId('occurrence-qr').click();
  const qr = page.getByRole('dialog', { name: '签到二维码' });
  await expect(qr.getByTestId('check-in-qr')).toBeVisible();
  await expect(qr.getByTestId('check-in-countdown')).toContainText('秒后更换');
  await settled(page);
  await shot(page, 'qr');
  await qr.getByRole('button', { name: '关闭', exact: true }).click();
  await expect(qr).toBeHidden();
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // The other dates of the series are untouched; the calendar shows the new places.
  const after = ((await (await page.request.get(`/api/activities/${activity.id}/occurrences`)).json()) as OccurrenceList).items;
  expect(after.find((o) => o.id === occurrences[0]!.id)).toMatchObject({ capacity: 25, detached: true, note: '请自带手套和水杯' });
  expect(after.filter((o) => o.detached)).toHaveLength(1);
  await expect(chip).toContainText('1/25');

  // ── The community's calendar link.
  await page.getByTestId('calendar-region').first().click();
  await page.locator('.el-tree-node__content:visible').filter({ hasText: COMMUNITY }).first().click();
  await page.getByTestId('calendar-subscribe').click();
  const link = page.getByRole('dialog', { name: `${COMMUNITY} · 日历订阅` });
  await expect(field(link, 'calendar-link-url')).toHaveValue(/\/api\/calendar\/[A-Za-z0-9_-]+/);
  await settled(page);
  await shot(page, 'subscribe');
  const url = await field(link, 'calendar-link-url').inputValue();
  const ics = await page.request.get(url);
  expect(ics.ok()).toBe(true);
  expect(await ics.text()).toContain(TITLE);
});

test('the community admin confirms the hours of a past activity and answers a correction request', async ({
  page,
  playwright,
  baseURL,
}) => {
  await page.setViewportSize(desktop);
  await loginConsole(page, COMMUNITY_ADMIN);
  await page.getByRole('navigation', { name: '主导航' }).getByText('时长确认', { exact: true }).click();
  await expect(page.getByRole('heading', { level: 1, name: '时长确认' })).toBeVisible();

  // The demo town's past activity: 黄小敏 checked in and out, waiting for confirmation.
  const table = page.getByTestId('hours-table');
  const row = table.locator('.el-table__body tbody tr').filter({ hasText: VOLUNTEER_NAME }).first();
  await expect(row).toBeVisible();
  const pending = (await (await page.request.get('/api/service-records?status=pending')).json()) as ServiceRecordPage;
  const record = pending.items.find((r) => r.volunteerName === VOLUNTEER_NAME && r.occurrenceId)!;
  expect(record).toBeTruthy();
  await expectAccessible(page, 'console hours queue');
  await shot(page, 'hours');

  // The occurrence drawer (from the calendar's link) shows the attendance, then leads back here.
  await page.goto(`/activity-calendar?occurrence=${record.occurrenceId}`);
  const drawer = page.getByTestId('occurrence-drawer');
  await expect(drawer).toBeVisible();
  const signup = drawer.getByTestId('signups-table').locator('.el-table__body tbody tr').filter({ hasText: VOLUNTEER_NAME });
  await expect(signup.getByTestId('signup-checked-out')).toBeVisible();
  await expect(signup.getByTestId('signup-record-status')).toHaveText('待确认');
  await settled(page);
  await shot(page, 'past-occurrence');
  await drawer.getByTestId('occurrence-confirm-hours').click();
  await expect(page).toHaveURL(new RegExp(`/hours\\?occurrenceId=${record.occurrenceId}`));
  await expect(page.getByTestId('hours-occurrence-filter')).toContainText(record.title);

  // Adjust the time to 1 h 30 min (at most the activity's length), select, confirm.
  const occurrence = (await (await page.request.get(`/api/occurrences/${record.occurrenceId}`)).json()) as Occurrence;
  const length = (new Date(occurrence.endsAt).getTime() - new Date(occurrence.startsAt).getTime()) / 60_000;
  const target = Math.min(90, length);
  const mine = table.locator('.el-table__body tbody tr').filter({ hasText: VOLUNTEER_NAME }).first();
  await field(mine, 'hours-edit-h').fill(String(Math.floor(target / 60)));
  await field(mine, 'hours-edit-h').press('Tab');
  await field(mine, 'hours-edit-m').fill(String(target % 60));
  await field(mine, 'hours-edit-m').press('Tab');
  await mine.locator('.el-checkbox').first().click();
  await expect(page.getByTestId('hours-selected')).toContainText('已选 1 条');
  await page.getByTestId('hours-confirm').click();
  const ask = page.getByRole('dialog', { name: '请确认' });
  await expect(ask).toContainText('确认所选 1 条服务记录');
  await ask.getByRole('button', { name: '确认', exact: true }).click();
  await expect(page.locator('.el-message--success').filter({ hasText: '已确认 1 条服务记录' })).toBeVisible();
  await expect(table.locator('.el-table__body tbody tr').filter({ hasText: VOLUNTEER_NAME })).toHaveCount(0);

  // The server agrees: confirmed, with the minutes as set.
  const confirmed = (await (
    await page.request.get(`/api/service-records?status=confirmed&occurrenceId=${record.occurrenceId}`)
  ).json()) as ServiceRecordPage;
  expect(confirmed.items.find((r) => r.id === record.id)).toMatchObject({ status: 'confirmed', minutes: target });

  // 黄小敏 asks for the full two hours; the organiser accepts on the 更正申请 tab.
  await asVolunteer(playwright, baseURL!, `/api/me/service-records/${record.id}/correction`, {
    minutes: 120,
    reason: '签退时忘记扫码，实际服务到 11 点',
  });
  await page.getByRole('tab', { name: /^更正申请/ }).click();
  const corrections = page.getByTestId('corrections-table');
  const request = corrections.locator('.el-table__body tbody tr').filter({ hasText: VOLUNTEER_NAME });
  await expect(request).toContainText('1 小时 30 分');
  await expect(request).toContainText('2 小时');
  await expect(request).toContainText('签退时忘记扫码');
  await expectAccessible(page, 'console corrections');
  await shot(page, 'corrections');
  await request.getByTestId('correction-accept').click();
  const acceptAsk = page.getByRole('dialog', { name: '请确认' });
  await expect(acceptAsk).toContainText('由 1 小时 30 分 改为 2 小时');
  await acceptAsk.getByRole('button', { name: '同意', exact: true }).click();
  await expect(page.locator('.el-message--success').filter({ hasText: '已同意' })).toBeVisible();
  await expect(request).toHaveCount(0);
});

test('a volunteer manager opens 黄小敏’s service record and adds a training', async ({ page }) => {
  await page.setViewportSize(desktop);
  await loginConsole(page, COMMUNITY_ADMIN);
  const services = (await (await page.request.get('/api/service-records?status=confirmed')).json()) as ServiceRecordPage;
  const record = services.items.find((r) => r.volunteerName === VOLUNTEER_NAME)!;
  expect(record).toBeTruthy();
  await page.goto('/volunteers?status=approved');
  const vrow = page.getByTestId('volunteers-table').locator('.el-table__body tbody tr').filter({ hasText: VOLUNTEER_NAME });
  await vrow.getByTestId('volunteer-record-open').click();
  const recordDrawer = page.getByRole('dialog', { name: `${VOLUNTEER_NAME} · 志愿服务记录` });
  await expect(recordDrawer.getByTestId('record-services')).toContainText(record.title);
  await expect(
    recordDrawer.getByTestId('record-services').locator('.el-table__body tbody tr').filter({ hasText: record.title }).first(),
  ).toContainText('已确认');
  await expect(recordDrawer.getByTestId('record-totals')).toBeVisible();
  await settled(page);
  await expectAccessible(page, 'console volunteer record');
  await shot(page, 'record');

  // A training goes on the record.
  await recordDrawer.getByRole('tab', { name: /^培训/ }).click();
  await recordDrawer.getByTestId('record-add-training').click();
  const entry = page.getByRole('dialog', { name: `添加培训：${VOLUNTEER_NAME}` });
  await entry.getByTestId('record-entry-submit').click();
  await expect(entry).toContainText('请填写培训名称');
  await field(entry, 'record-entry-name').fill('应急救护培训');
  await field(entry, 'record-entry-organiser').fill('青樵镇卫生院');
  await entry.getByTestId('record-entry-submit').click();
  await expect(entry).toBeHidden();
  await expect(recordDrawer.getByTestId('record-trainings')).toContainText('应急救护培训');
  await expect(recordDrawer.getByTestId('record-trainings')).toContainText('2 小时');
});
