import { expect, test, type APIRequestContext, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { idCheckDigit } from '../packages/shared/src/people.js';
import type { RegistrationPlaces, Volunteer, VolunteerPage } from '../packages/shared/src/schemas/index.js';
import { SHOTS, expectAccessible, loginConsole } from './support.js';

// Reviewing volunteer registrations in the console, in Chinese: two people register through the
// public API for 上金湾社区; its community admin (陈慧敏) finds them on 待审核, reads one in the
// drawer, approves it (a volunteer number is assigned) and rejects the other with a reason.
mkdirSync(SHOTS, { recursive: true });
const desktop = { width: 1280, height: 800 };
const COMMUNITY_ADMIN = '13800000002';
const TOWN_ADMIN = '13800000001';
const COMMUNITY = '上金湾社区';
const run = String(Date.now() % 1000).padStart(3, '0');
const APPROVE = `志愿测试甲${run}`;
const REJECT = `志愿测试乙${run}`;
const REASON = '所在社区填写有误，请重新选择后再提交';

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/volunteer-console-${name}.png`, fullPage: false });
}

/** A valid 18-digit ID of an adult born 1990-01-01 (GB 11643 check digit). */
function adultId(seq: number): string {
  const first17 = `44060519900101${String(seq).padStart(3, '0')}`;
  return first17 + idCheckDigit(first17);
}

async function register(request: APIRequestContext, regionId: string, name: string, seq: number): Promise<Volunteer> {
  const res = await request.post('/api/volunteers/register', {
    data: {
      name,
      idNumber: adultId(seq),
      regionId,
      skills: ['维修', '驾驶'],
      serviceCategories: ['elderly'],
      availability: ['weekend'],
      mobile: `1371234${String(seq).padStart(4, '0')}`,
      password: 'Volunteer2026',
    },
  });
  expect(res.status(), await res.text()).toBe(201);
  return (await res.json()) as Volunteer;
}

const rowOf = (page: Page, name: string): Locator =>
  page.getByTestId('volunteers-table').locator('.el-table__body tbody tr').filter({ hasText: name });

async function settled(page: Page) {
  await expect(page.locator('[class*="-enter-active"], [class*="-leave-active"]')).toHaveCount(0);
}

test('a community admin approves one registration and rejects another with a reason', async ({ page, browser, playwright, baseURL }) => {
  // The applicants register from outside (their own session, not the admin's browser).
  const outside = await playwright.request.newContext({ baseURL });
  const places = (await (await outside.get('/api/volunteers/places')).json()) as RegistrationPlaces;
  const community = places.towns.flatMap((t) => t.communities).find((c) => c.name === COMMUNITY);
  expect(community, COMMUNITY).toBeTruthy();
  const seq = 100 + (Number(run) % 800);
  const a = await register(outside, community!.id, APPROVE, seq);
  const b = await register(outside, community!.id, REJECT, seq + 1);
  expect([a.status, b.status]).toEqual(['pending', 'pending']);
  await outside.dispose();

  await page.setViewportSize(desktop);
  await loginConsole(page, COMMUNITY_ADMIN);
  // The reviewers' notification links here.
  await page.goto('/volunteers?status=pending');
  await expect(page.getByRole('heading', { level: 1, name: '志愿者' })).toBeVisible();
  await expect(page.getByRole('navigation', { name: '主导航' })).toContainText('志愿服务');
  const pendingTab = page.getByRole('tab', { name: /^待审核/ });
  await expect(pendingTab).toHaveAttribute('aria-selected', 'true');
  // The demo town has two applications waiting already; ours make at least four.
  await expect(pendingTab).toHaveText(/待审核 \((\d+)\)/);
  const pendingBefore = Number((await pendingTab.textContent())!.match(/\((\d+)\)/)![1]);
  expect(pendingBefore).toBeGreaterThanOrEqual(4);

  const rowA = rowOf(page, APPROVE);
  const rowB = rowOf(page, REJECT);
  await expect(rowA).toBeVisible();
  await expect(rowB).toBeVisible();
  await expect(rowA).toContainText('助老服务');
  await expect(rowA).toContainText('周末');
  await expect(rowA).toContainText('维修、驾驶');
  await expect(rowA).toContainText(COMMUNITY);
  await expect(rowA).toContainText('待审核');
  // Masked in the list: neither the full ID nor the full mobile number.
  await expect(rowA).not.toContainText(adultId(seq));
  await expect(rowA).toContainText('****');
  await expectAccessible(page, 'console volunteers pending');
  await shot(page, 'pending');

  // The drawer: every field, and the review buttons.
  await rowA.getByRole('button', { name: `详情: ${APPROVE}` }).click();
  const drawer = page.getByRole('dialog', { name: APPROVE });
  await expect(drawer).toBeVisible();
  await expect(drawer).toContainText('上金湾社区');
  await expect(drawer).toContainText('1990-01-01');
  await expect(drawer.getByText('不需要（已满 18 周岁）')).toBeVisible();
  await expect(drawer.getByTestId('volunteer-detail-approve')).toBeVisible();
  await settled(page);
  await expectAccessible(page, 'console volunteer detail');
  await shot(page, 'detail');
  await page.keyboard.press('Escape');
  await expect(drawer).toBeHidden();

  // 通过 (confirmed): a volunteer number is assigned.
  await rowA.getByRole('button', { name: `通过: ${APPROVE}`, exact: true }).click();
  const box = page.locator('.el-message-box');
  await expect(box).toContainText(APPROVE);
  await box.getByRole('button', { name: '通过', exact: true }).click();
  const toast = page.locator('.el-message--success').filter({ hasText: '已通过，志愿者编号' });
  await expect(toast).toBeVisible();
  const volunteerNo = (await toast.textContent())!.match(/V\d{10}/)?.[0];
  expect(volunteerNo).toMatch(/^V2\d{9}$/);
  await expect(rowA).toHaveCount(0);
  await expect(pendingTab).toHaveText(`待审核 (${pendingBefore - 1})`);

  // 不通过: the reason is required.
  await rowB.getByRole('button', { name: `不通过: ${REJECT}` }).click();
  const dialog = page.getByRole('dialog', { name: `不通过：${REJECT}` });
  await expect(dialog).toBeVisible();
  await dialog.getByTestId('volunteer-reject-submit').click();
  await expect(dialog).toContainText('请填写不通过原因');
  await dialog.getByRole('textbox').fill(REASON);
  await settled(page);
  await expectAccessible(page, 'console volunteer reject dialog');
  await shot(page, 'reject');
  await dialog.getByTestId('volunteer-reject-submit').click();
  await expect(page.locator('.el-message--success').filter({ hasText: '已标记为不通过' })).toBeVisible();
  await expect(dialog).toBeHidden();
  await expect(rowB).toHaveCount(0);
  await expect(pendingTab).toHaveText(`待审核 (${pendingBefore - 2})`);

  // 已通过: the number on the row.
  await page.getByRole('tab', { name: '已通过', exact: true }).click();
  await expect(page).toHaveURL(/status=approved/);
  await expect(rowA).toBeVisible();
  await expect(rowA).toContainText('已通过');
  await expect(rowA.getByTestId('volunteer-no')).toHaveText(volunteerNo!);
  await shot(page, 'approved');

  // 未通过: the reason in the drawer, no review buttons any more.
  await page.getByRole('tab', { name: '未通过', exact: true }).click();
  await expect(rowB).toBeVisible();
  await expect(rowB).toContainText('未通过');
  await rowB.getByRole('button', { name: `详情: ${REJECT}` }).click();
  const drawerB = page.getByRole('dialog', { name: REJECT });
  await expect(drawerB.getByTestId('volunteer-reject-reason')).toHaveText(REASON);
  await expect(drawerB).toContainText('陈慧敏');
  await expect(drawerB.getByTestId('volunteer-detail-approve')).toHaveCount(0);
  await settled(page);
  await shot(page, 'rejected');
  await page.keyboard.press('Escape');

  // The server agrees.
  const check = async (name: string) => {
    const res = await page.request.get(`/api/volunteers?q=${encodeURIComponent(name)}`);
    expect(res.ok()).toBe(true);
    return ((await res.json()) as VolunteerPage).items[0]!;
  };
  const approved = await check(APPROVE);
  expect(approved.status).toBe('approved');
  expect(approved.volunteerNo).toBe(volunteerNo);
  const rejected = await check(REJECT);
  expect(rejected.status).toBe('rejected');
  expect(rejected.rejectReason).toBe(REASON);
  expect(rejected.volunteerNo).toBeNull();

  // The town's audit log (the town admin reads it) names the new actions.
  const town = await browser.newContext({ viewport: desktop, locale: 'zh-CN' });
  const auditor = await town.newPage();
  await loginConsole(auditor, TOWN_ADMIN);
  await auditor.goto('/audit');
  await expect(auditor.getByText('志愿者审核通过').first()).toBeVisible();
  await expect(auditor.getByText('志愿者审核不通过').first()).toBeVisible();
  await town.close();
});
