import { expect, test, type Locator, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { SHOTS, expectAccessible, loginConsole } from './support.js';

// People on the grid in the console, in Chinese: households, residents (create with an ID number,
// reveal it), the party organisation tree and members, grid duties, the map, care tags and an Excel
// import with one bad row. The town admin (梁镇安) of the demo town 青樵镇 does it all.
mkdirSync(SHOTS, { recursive: true });
const desktop = { width: 1280, height: 800 };
const TOWN_ADMIN = '13800000001';
// 11010519491231002X: a valid check digit, born 1949-12-31, female (each run has a fresh database).
const ADULT_ID = '11010519491231002X';
const NAME = `测试居民${Date.now() % 10000}`;

async function shot(page: Page, name: string) {
  await page.screenshot({ path: `${SHOTS}/${name}.png`, fullPage: false });
}

/** An Element Plus input by the data-testid on it or its wrapper. */
const input = (page: Page | Locator, testid: string) =>
  page.locator(`[data-testid="${testid}"] input, input[data-testid="${testid}"]`).first();

/** The visible Element Plus select dropdown (teleported to <body>). */
const dropdown = (page: Page) => page.locator('.el-select__popper:visible, .el-select-dropdown:visible').last();

/** Judge a dialog once it has finished fading in: a half-transparent dialog fails contrast. */
async function settled(page: Page) {
  await expect(page.locator('[class*="-enter-active"], [class*="-leave-active"]')).toHaveCount(0);
}

/** Choose a region in a region-select (an el-tree-select) by its name. */
async function pickRegion(page: Page, select: Locator, name: string) {
  await select.click();
  // The select filters as one types; several grids share a name, the first match is fine here.
  await select.locator('input').first().fill(name);
  const popper = page.locator('.el-tree-select__popper:visible, .el-select__popper:visible').last();
  await popper.getByText(name, { exact: true }).filter({ visible: true }).first().click();
}

async function dialogsGone(page: Page) {
  await expect(page.locator('.el-dialog:visible')).toHaveCount(0);
  await expect(page.locator('.el-overlay:visible')).toHaveCount(0);
}

test.describe.configure({ mode: 'serial' });

test.beforeEach(async ({ page }) => {
  await page.setViewportSize(desktop);
  await loginConsole(page, TOWN_ADMIN);
});

test('households: the list by grid, and the full address shown only on request (audited)', async ({ page }) => {
  await page.goto('/households');
  await expect(page.getByRole('heading', { name: '户籍住户' })).toBeVisible();
  const table = page.getByTestId('households-table');
  const rows = table.locator('.el-table__body tbody tr');
  await expect(rows.first()).toBeVisible();
  // The address is masked in the list.
  await expect(rows.first()).toContainText('****');
  await expect(page.getByRole('navigation', { name: '主导航' })).toContainText('网格与人员');
  await expectAccessible(page, 'console households');
  await shot(page, 'people-console-households');

  // The list exports as a spreadsheet named by the server.
  const exported = page.waitForEvent('download');
  await page.getByTestId('household-export').click();
  expect((await exported).suggestedFilename()).toMatch(/^住户名单.*\.xlsx$/);

  // Filter by a care tag: every row left carries it.
  await page.locator('.tx-f-tag .el-select__wrapper').click();
  await dropdown(page).getByText('独居老人', { exact: true }).click();
  await page.getByRole('button', { name: '查询' }).click();
  await expect
    .poll(async () => (await rows.evaluateAll((els) => els.map((el) => el.textContent ?? ''))).every((text) => text.includes('独居老人')))
    .toBe(true);

  await rows
    .first()
    .getByRole('button', { name: /^查看地址/ })
    .click();
  const dialog = page.getByRole('dialog', { name: '查看完整地址' });
  await expect(dialog).toContainText('查看明文将记入审计日志');
  await dialog.getByTestId('household-reveal-confirm').click();
  const revealed = dialog.getByTestId('household-revealed-address');
  await expect(revealed).toBeVisible();
  await expect(revealed).not.toContainText('****');
  await shot(page, 'people-console-household-reveal');
  await page.keyboard.press('Escape');
  await dialogsGone(page);

  // The new-household dialog opens with its fields.
  await page.getByTestId('household-create').click();
  await expect(page.getByRole('dialog', { name: '新增住户' })).toBeVisible();
  await expect(input(page, 'household-form-address')).toBeVisible();
  await settled(page);
  await expectAccessible(page, 'console household form');
  await shot(page, 'people-console-household-form');
  await page.keyboard.press('Escape');
  await dialogsGone(page);
});

test('residents: register one with a valid ID number (birth date and sex read from it) and reveal it', async ({ page }) => {
  await page.goto('/residents');
  await expect(page.getByTestId('residents-table').locator('.el-table__body tbody tr').first()).toBeVisible();
  await expectAccessible(page, 'console residents');
  await shot(page, 'people-console-residents');

  await page.getByTestId('resident-create').click();
  const dialog = page.getByRole('dialog', { name: '登记居民' });
  await expect(dialog).toBeVisible();
  // Choose a household from the search list (the first one the server offers).
  await dialog.locator('[data-testid="resident-form-household"]').click();
  await dropdown(page).locator('.el-select-dropdown__item').first().click();
  await input(dialog, 'resident-form-name').fill(NAME);

  // A child's ID number first: the guardian consent fields appear and are required.
  const childId = validId('44060520200101001');
  await input(dialog, 'resident-form-id').fill(childId);
  await expect(dialog.getByTestId('resident-guardian')).toBeVisible();
  await expect(dialog).toContainText('不满 14 周岁');
  await shot(page, 'people-console-resident-guardian');

  // An adult's: the birth date and sex follow the number, the consent fields go away.
  await input(dialog, 'resident-form-id').fill(ADULT_ID);
  await expect(dialog.getByLabel('出生日期').first()).toHaveValue('1949-12-31');
  await expect(dialog.getByRole('radio', { name: '女' })).toBeChecked();
  await expect(dialog.getByTestId('resident-guardian')).toHaveCount(0);
  await expect(dialog).toContainText('已根据身份证号码填写出生日期和性别');
  await settled(page);
  await expectAccessible(page, 'console resident form');
  await shot(page, 'people-console-resident-form');
  await dialog.getByTestId('resident-form-submit').click();
  await expect(page.getByText('已创建')).toBeVisible();
  await dialogsGone(page);

  // Found again by the full ID number; the list shows it masked.
  await input(page, 'resident-filter-q').fill(ADULT_ID);
  await page.getByTestId('resident-search').click();
  const row = page.getByTestId('residents-table').locator('.el-table__body tbody tr', { hasText: NAME });
  await expect(row).toBeVisible();
  await expect(row).toContainText('110105********002X');
  await expect(row).toContainText('女');
  const exported = page.waitForEvent('download');
  await page.getByTestId('resident-export').click();
  expect((await exported).suggestedFilename()).toMatch(/^居民名单.*\.xlsx$/);

  await row.getByRole('button', { name: '详情' }).click();
  const drawer = page.getByRole('dialog', { name: NAME });
  await expect(drawer).toContainText('查看明文将记入审计日志');
  await drawer.getByTestId('resident-reveal-idNumber').click();
  await expect(drawer.getByTestId('resident-revealed-idNumber')).toHaveText(ADULT_ID);
  await settled(page);
  await expectAccessible(page, 'console resident detail');
  await shot(page, 'people-console-resident-reveal');
  await page.keyboard.press('Escape');

  // The reveal is in the audit log.
  await page.goto('/audit');
  await expect(page.getByTestId('audit-table')).toContainText(/reveal/);
});

test('party: the organisation tree with its warnings, and the 光荣在党50年 filter', async ({ page }) => {
  await page.goto('/party-orgs');
  const tree = page.getByTestId('party-org-tree');
  await expect(tree).toContainText('党委');
  await expect(tree).toContainText('党支部');
  await expect(tree).toContainText('党小组');
  // A branch with its size hint (a warning, never a block).
  const branch = tree.locator('.el-tree-node__content', { hasText: '党支部' }).first();
  await branch.click();
  await expect(page.getByTestId('party-org-name')).toContainText('党支部');
  await expectAccessible(page, 'console party organisations');
  await shot(page, 'people-console-party-orgs');

  // The dialog for a new party group under the branch.
  await page.getByTestId('party-org-add-child').click();
  const dialog = page.getByRole('dialog', { name: /新增下级组织/ });
  await expect(dialog.getByTestId('party-org-form-kind')).toContainText('党小组');
  await page.keyboard.press('Escape');
  await dialogsGone(page);

  await page.goto('/party-members');
  const table = page.getByTestId('party-members-table');
  await expect(table.locator('.el-table__body tbody tr').first()).toBeVisible();
  await page.getByTestId('party-filter-glory').click();
  const tenures = table.locator('.el-table__body tbody tr .tx-glory');
  await expect(tenures.first()).toBeVisible();
  const years = await tenures.evaluateAll((els) => els.map((el) => Number.parseInt(el.textContent ?? '0', 10)));
  expect(years.every((y) => y >= 50)).toBe(true);
  await expectAccessible(page, 'console party members');
  await shot(page, 'people-console-party-members');

  await page.getByTestId('party-member-create').click();
  await expect(page.getByRole('dialog', { name: '登记党员' })).toBeVisible();
  await page.getByTestId('party-member-form-dual').click();
  await expect(page.getByRole('dialog', { name: '登记党员' })).toContainText('认领服务');
  await settled(page);
  await expectAccessible(page, 'console party member form');
  await shot(page, 'people-console-party-member-form');
  await page.keyboard.press('Escape');
  await dialogsGone(page);
});

test('grid duties, the grid map and the care tags', async ({ page }) => {
  await page.goto('/grid-duties');
  const tree = page.getByTestId('grid-duty-tree');
  await tree.getByText('上金湾社区').click();
  await expect(page.locator('.tx-duty')).toHaveCount(4);
  await expectAccessible(page, 'console grid duties');
  await shot(page, 'people-console-grid-duties');

  await page.goto('/map');
  const map = page.getByTestId('grid-map');
  await expect(map.locator('.leaflet-pane')).not.toHaveCount(0);
  // Region boundaries and household markers are drawn as SVG paths.
  await expect.poll(() => map.locator('path.leaflet-interactive').count()).toBeGreaterThan(5);
  await expect(page.getByTestId('map-summary')).toContainText(/\d+ 户有坐标/);
  await expectAccessible(page, 'console map');
  await shot(page, 'people-console-map');

  await page.goto('/town');
  await page.getByRole('tab', { name: '关爱标签' }).click();
  const tags = page.getByTestId('care-tags');
  await expect(tags.locator('input').first()).toHaveValue('独居老人');
  await expectAccessible(page, 'console care tags');
  await shot(page, 'people-console-care-tags');
});

test('writes: a household created, edited, moved and deleted; a party unit, a member with 联系户, a duty, a care tag', async ({ page }) => {
  const address = `青樵镇测试路 ${Date.now() % 100000} 号`;
  await page.goto('/households');
  await page.getByTestId('household-create').click();
  let dialog = page.getByRole('dialog', { name: '新增住户' });
  await pickRegion(page, dialog.getByTestId('household-form-region'), '第一网格');
  await input(dialog, 'household-form-address').fill(address);
  await dialog.getByLabel('楼栋').fill('7');
  await dialog.getByTestId('household-form-submit').click();
  await expect(page.getByText('已创建')).toBeVisible();
  await dialogsGone(page);

  // Found by its address (searched on the masked form: the first characters).
  await page.getByRole('textbox', { name: '关键字', exact: true }).fill(address.slice(0, 6));
  await page.getByRole('button', { name: '查询' }).click();
  const row = page.getByTestId('households-table').locator('.el-table__body tbody tr', { hasText: '7栋' }).first();
  await expect(row).toBeVisible();
  await row.getByRole('button', { name: '编辑' }).click();
  dialog = page.getByRole('dialog', { name: /编辑住户/ });
  await dialog.getByLabel('单元').fill('3');
  await dialog.getByTestId('household-form-submit').click();
  await expect(page.getByText('已保存')).toBeVisible();
  await expect(row).toContainText('7栋 3单元');
  await dialogsGone(page);

  await row.getByRole('button', { name: /^更多/ }).click();
  await page.locator('.el-dropdown-menu:visible').getByText('迁移', { exact: true }).click();
  dialog = page.getByRole('dialog', { name: /迁移到其他网格/ });
  await pickRegion(page, dialog.getByTestId('household-move-region'), '第二网格');
  await dialog.getByRole('button', { name: '迁移' }).click();
  await expect(page.getByText('已迁移')).toBeVisible();
  await dialogsGone(page);
  await row.getByRole('button', { name: /^更多/ }).click();
  await page.locator('.el-dropdown-menu:visible').getByText('迁移记录', { exact: true }).click();
  dialog = page.getByRole('dialog', { name: /迁移记录/ });
  await expect(dialog.getByTestId('move-history')).toContainText(/第一网格 → .*第二网格/);
  await settled(page);
  await shot(page, 'people-console-household-moves');
  await page.keyboard.press('Escape');
  await dialogsGone(page);
  await row.getByRole('button', { name: /^更多/ }).click();
  await page.locator('.el-dropdown-menu:visible').getByText('删除', { exact: true }).click();
  await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click();
  await expect(page.getByText('已删除')).toBeVisible();

  // A committee at the top, renamed, then deleted.
  await page.goto('/party-orgs');
  await page.getByTestId('party-org-create-root').click();
  dialog = page.getByRole('dialog', { name: '新建党组织' });
  await dialog.getByText('党委', { exact: true }).click();
  await input(dialog, 'party-org-form-name').fill('测试党委');
  await pickRegion(page, dialog.getByTestId('party-org-form-region'), '新田村');
  await dialog.getByTestId('party-org-form-submit').click();
  await expect(page.getByTestId('party-org-name')).toHaveText('测试党委');
  await dialogsGone(page);
  await page.getByTestId('party-org-edit').click();
  dialog = page.getByRole('dialog', { name: /编辑党组织/ });
  await input(dialog, 'party-org-form-name').fill('测试党委（改）');
  await dialog.getByTestId('party-org-form-submit').click();
  await expect(page.getByTestId('party-org-name')).toHaveText('测试党委（改）');
  await dialogsGone(page);
  await page.getByTestId('party-org-delete').click();
  await page.locator('.el-message-box').getByRole('button', { name: '删除' }).click();
  await expect(page.getByTestId('party-org-tree')).not.toContainText('测试党委');

  // A member by name only, with dual reporting, then two households to keep in touch with.
  await page.goto('/party-members');
  await page.getByTestId('party-member-create').click();
  dialog = page.getByRole('dialog', { name: '登记党员' });
  await dialog.getByTestId('party-member-form-org').click();
  await page
    .locator('.el-tree-select__popper:visible, .el-select__popper:visible')
    .last()
    .getByText('河畔社区党支部', { exact: true })
    .click();
  await dialog.getByText('仅填姓名', { exact: true }).click();
  await input(dialog, 'party-member-form-name').fill('测试党员');
  await dialog.getByLabel('入党日期').first().fill('1970-07-01');
  await dialog.getByLabel('入党日期').first().press('Enter');
  await dialog.getByLabel('转正日期').first().fill('1971-07-01');
  await dialog.getByLabel('转正日期').first().press('Enter');
  await dialog.getByTestId('party-member-form-submit').click();
  await expect(page.getByText('已创建')).toBeVisible();
  await dialogsGone(page);
  await page.getByRole('textbox', { name: '姓名', exact: true }).fill('测试党员');
  await page.getByRole('button', { name: '查询' }).click();
  const member = page.getByTestId('party-members-table').locator('.el-table__body tbody tr', { hasText: '测试党员' }).first();
  await expect(member).toContainText('河畔社区党支部');
  await expect(member.locator('.tx-glory')).toBeVisible();
  await member.getByRole('button', { name: /^更多/ }).click();
  await page.locator('.el-dropdown-menu:visible').getByText('联系户', { exact: true }).click();
  dialog = page.getByRole('dialog', { name: /党员联系户/ });
  await dialog.getByTestId('party-contacts-select').click();
  const options = dropdown(page).locator('.el-select-dropdown__item');
  await options.nth(0).click();
  await options.nth(1).click();
  await expect(dialog).toContainText('已选 2 / 50 户');
  await dialog.getByRole('heading').click(); // close the dropdown
  await dialog.getByRole('button', { name: '保存' }).click();
  await expect(page.getByText('已保存')).toBeVisible();
  await expect(member.locator('td').nth(6)).toHaveText('2');

  // A building head on 第一网格, then removed.
  await page.goto('/grid-duties');
  await page.getByTestId('grid-duty-tree').getByText('金湾花园小区').click();
  await page.getByTestId('grid-duty-assign').click();
  dialog = page.getByRole('dialog', { name: /指派职责/ });
  await dialog.getByText('楼长', { exact: true }).click();
  await dialog.getByTestId('grid-duty-form-person').click();
  await dropdown(page).locator('.el-select-dropdown__item').first().click();
  await dialog.getByLabel('楼栋').fill('1栋');
  await dialog.getByTestId('grid-duty-form-submit').click();
  await expect(page.getByText('已指派')).toBeVisible();
  await dialogsGone(page);
  const heads = page.locator('.tx-duty', { hasText: '楼长' });
  await expect(heads.locator('li')).toHaveCount(1);
  await expect(heads).toContainText('1栋');
  await shot(page, 'people-console-grid-duty-assigned');
  await heads.getByRole('button', { name: /^移除/ }).click();
  await page.locator('.el-message-box').getByRole('button', { name: '移除' }).click();
  await expect(heads.locator('li')).toHaveCount(0);

  // A new care tag, saved, then removed again.
  await page.goto('/town');
  await page.getByRole('tab', { name: '关爱标签' }).click();
  const tags = page.getByTestId('care-tags');
  await expect(tags.locator('tbody tr')).toHaveCount(8);
  await page.getByTestId('care-tag-add').click();
  await tags.locator('tbody tr').last().locator('input').first().fill('失独家庭');
  await page.getByTestId('care-tags-save').click();
  await expect(page.getByText('已保存')).toBeVisible();
  await expect(tags.locator('tbody tr').last().locator('input').nth(1)).toBeDisabled();
  await shot(page, 'people-console-care-tags-saved');
  await tags.getByRole('button', { name: '删除标签 失独家庭' }).click();
  await page.getByTestId('care-tags-save').click();
  await expect(tags.locator('tbody tr')).toHaveCount(8);
});

test('import: an .xlsx with one bad row reports that row', async ({ page }) => {
  const template = await page.request.get('/api/imports/households/template');
  expect(template.ok()).toBe(true);

  // Fill the downloaded template: one good household and one without an address.
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(await template.body());
  const sheet = book.worksheets[0]!;
  const headers: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => (headers[col] = String(cell.value ?? '')));
  expect(headers.join(',')).toContain('地址');
  // Every cell of the row is written (the template's example row included), by its header.
  const fill = (rowNo: number, address: string) => {
    const row = sheet.getRow(rowNo);
    headers.forEach((h, col) => {
      if (!h) return;
      let value = '';
      if (/网格/.test(h)) value = '上金湾社区/金湾花园小区/第一网格';
      else if (/地址/.test(h)) value = address;
      else if (/楼栋/.test(h)) value = '9';
      else if (/单元/.test(h)) value = '1';
      else if (/房号/.test(h)) value = `${rowNo}01`;
      row.getCell(col).value = value;
    });
    row.commit();
  };
  fill(2, `青樵镇导入测试路 ${Date.now() % 100000} 号`);
  fill(3, '');
  const file = Buffer.from(await book.xlsx.writeBuffer());

  await page.goto('/imports');
  await expect(page.getByTestId('import-kind')).toContainText('住户');
  await pickRegion(page, page.locator('.el-select[data-testid="import-region"]'), '青樵镇');
  await page.getByTestId('import-file').locator('input[type="file"]').setInputFiles({
    name: '住户导入.xlsx',
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer: file,
  });
  await page.getByTestId('import-run').click();
  const result = page.getByTestId('import-result');
  await expect(result).toBeVisible();
  await expect(result.getByTestId('import-failed')).toHaveText('1');
  await expect(result.getByTestId('import-errors')).toContainText('3');
  await expect(result.getByTestId('import-report')).toBeVisible();
  await result.scrollIntoViewIfNeeded();
  await expectAccessible(page, 'console import result');
  await shot(page, 'people-console-import');

  // The full error report downloads as a spreadsheet.
  const download = page.waitForEvent('download');
  await result.getByTestId('import-report').click();
  expect((await download).suggestedFilename()).toMatch(/\.xlsx$/);
});

/** A resident ID number from its first 17 digits, with the GB 11643 check digit. */
function validId(first17: string): string {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...first17].reduce((s, d, i) => s + Number(d) * weights[i]!, 0);
  return first17 + '10X98765432'[sum % 11];
}
