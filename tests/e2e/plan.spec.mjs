// Annual plans (issue 5, R-EXA-5) through the UI against `zxkh serve --demo`,
// in 2028 so the demo's published 2027 announcement stays as it is:
//
//   1. institution (黄岛区 Z370211P001): creates its 2028 plan, adds an item
//      (an exam date outside the chosen months is refused at the field),
//      submits it;
//   2. district (黄岛区): finds it in the review queue and approves it;
//   3. city: the 2028 approved plans (ours and the demo's 崂山区 one) are
//      published as the year's announcement;
//   4. public, logged out: the home page's navigation leads to the newest
//      announcement, which lists our item; the PDF link answers 200
//      application/pdf; on a phone the items show as cards.
//
// Screenshots (ZXKH_E2E_OUT): plan-*.png.
import { loginAs, logoutUi, openSelect, pickOption, settle, shot } from './helpers.mjs';

export const name = 'plan';
export const timeoutMs = 120_000;

const INSTITUTION = '青岛西海岸新区职业技能培训学校';

async function pickMonths(page, dialog, months) {
  const select = dialog.getByRole('combobox', { name: '考核月份' });
  await openSelect(select);
  const list = page.locator(`[id="${await select.getAttribute('aria-controls')}"]`);
  for (const m of months) {
    await list.locator('.el-select-dropdown__item', { hasText: new RegExp(`^${m}月$`) }).click();
  }
  await page.keyboard.press('Escape');
  await list.waitFor({ state: 'hidden' });
}

async function setDate(dialog, date) {
  const input = dialog.getByRole('combobox', { name: '计划考核日期' }).or(dialog.getByPlaceholder('选择日期'));
  await input.first().fill(date);
  await input.first().press('Enter');
}

export async function run({ page, baseUrl, outDir, expect }) {
  // ------------------------------------------------------------ institution
  await loginAs(page, 'inst-Z370211P001');
  await page.goto('/admin/plans');
  await page.getByRole('button', { name: '新建年度计划' }).click();
  const create = page.getByRole('dialog', { name: '新建年度考核计划' });
  await pickOption(page, create.getByRole('combobox', { name: '新计划年度' }), '2028 年度');
  await create.getByRole('button', { name: '创建' }).click();
  await page.waitForURL(/\/admin\/plans\/\d+$/);
  const planPath = new URL(page.url()).pathname;
  await page.getByRole('heading', { name: `${INSTITUTION} 2028 年度考核计划` }).waitFor();

  await page.getByRole('button', { name: '新增条目' }).click();
  const dialog = page.getByRole('dialog', { name: '新增计划条目' });
  await dialog.waitFor();
  await pickOption(page, dialog.getByRole('combobox', { name: '考核项目' }), 'ZX01001');
  await pickMonths(page, dialog, [3, 6]);
  await setDate(dialog, '2028-04-18');
  await dialog.getByLabel('考核地点').fill('黄岛区长江中路216号实训楼三层');
  await dialog.getByLabel('联系人').fill('王老师');
  await dialog.getByLabel('联系电话').fill('0532-86981234');
  await dialog.getByRole('button', { name: '保存' }).click();
  // Refused by the server, shown at the date field.
  const dateError = dialog.locator('.el-form-item__error', { hasText: '不在所填考核月份' });
  await dateError.waitFor();
  await setDate(dialog, '2028-03-18');
  await dialog.getByRole('button', { name: '保存' }).click();
  await dialog.waitFor({ state: 'hidden' });
  const row = page.locator('[data-test="items-table"] .el-table__body tr', { hasText: 'ZX01001' });
  await row.waitFor();
  expect(await row.innerText(), 'item row').toContain('2028-03-18');
  await shot(page, outDir, 'plan-institution.png', { messages: true });

  await page.getByRole('button', { name: '提交区(市)审核' }).click();
  await expect
    .poll(() => page.locator('[data-test="plan-state"]').innerText(), { message: 'state after submit' })
    .toBe('待区(市)审核');
  await logoutUi(page);

  // ------------------------------------------------------------ district
  await loginAs(page, 'district-370211');
  await page.goto('/admin/plans');
  const queued = page.locator('[data-test="plans-table"] .el-table__body tr', { hasText: INSTITUTION });
  await queued.first().waitFor();
  await queued.first().getByRole('link', { name: '审核' }).click();
  await page.waitForURL((u) => u.pathname === planPath);
  await page.getByRole('button', { name: '审核通过' }).click();
  await page.locator('.el-message-box').getByRole('button', { name: '审核通过' }).click();
  await expect
    .poll(() => page.locator('[data-test="plan-state"]').innerText(), { message: 'state after approval' })
    .toBe('已审核，待发布');
  await logoutUi(page);

  // ------------------------------------------------------------ city
  await loginAs(page, 'city');
  await page.goto('/admin/plans');
  await pickOption(page, page.getByRole('combobox', { name: '计划年度' }), '2028 年度');
  await expect
    .poll(() => page.locator('[data-test="approved-count"]').innerText(), { message: 'approved plans of 2028' })
    .toBe('2');
  await shot(page, outDir, 'plan-city.png');
  await page.locator('[data-test="publish"]').click();
  const published = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/plans/announcements' && r.request().method() === 'POST',
  );
  await page.locator('.el-message-box').getByRole('button', { name: '发布' }).click();
  expect((await published).status(), 'publication').toBe(200);
  await expect
    .poll(() => page.locator('[data-test="approved-count"]').innerText(), { message: 'nothing left to publish' })
    .toBe('0');
  await logoutUi(page);

  // ------------------------------------------------------------ public
  await page.goto('/');
  await page.locator('.topnav').getByRole('link', { name: '考核计划公告' }).click();
  await page.waitForURL((u) => u.pathname === '/announcements/2028');
  await page.getByRole('heading', { name: '青岛市2028年度专项职业能力考核计划公告' }).waitFor();
  const item = page.locator('.items .el-table__body tr', { hasText: INSTITUTION });
  await item.waitFor();
  const text = await item.innerText();
  for (const expected of ['Z370211P001', 'ZX01001', '胶东花饽饽制作', '2028-03-18', '0532-86981234', '考核规范']) {
    expect(text, 'announced item').toContain(expected);
  }
  // 崂山区's approved 2028 plan entered the same announcement.
  await page.locator('.items .el-table__body tr', { hasText: 'Z370212Q001' }).waitFor();
  await shot(page, outDir, 'plan-announcement.png');

  const href = await page.locator('[data-test="pdf-link"]').getAttribute('href');
  expect(href, 'PDF link').toBe('/api/public/announcements/2028/pdf');
  const pdf = await fetch(`${baseUrl}${href}`); // no cookie: public
  expect(pdf.status, 'PDF status').toBe(200);
  expect(pdf.headers.get('content-type'), 'PDF type').toBe('application/pdf');
  const bytes = Buffer.from(await pdf.arrayBuffer());
  expect(bytes.subarray(0, 5).toString(), 'PDF magic').toBe('%PDF-');

  // A phone: cards instead of the table.
  await page.setViewportSize({ width: 390, height: 844 });
  await page.reload();
  const card = page.locator('.item-card', { hasText: INSTITUTION });
  await card.waitFor();
  expect(await card.innerText(), 'card').toContain('计划考核日期 2028-03-18');
  await settle(page);
  await shot(page, outDir, 'plan-announcement-phone.png');
}
