// Registration (R-EXA-6) against `zxkh serve --demo`: the institution
// Z370211P001 bulk-imports a generated 1,000-row file with 3 bad rows for its
// published 2027 item (exam 2027-04-17) → the progress bar runs, 997 are
// imported, the 3 errors are listed with row, column and message; then a
// candidate registers themself on the phone-sized public page, with consent,
// and sees it under 我的报名.
import { loginAs, logoutUi, pickOption, shot, withCheckChar } from './helpers.mjs';

export const name = 'registration';
export const timeoutMs = 120_000;

// 1,000 candidates, distinct IDs born 1980–1989; rows (spreadsheet numbering,
// header = 1) 101, 502 and 903 are bad.
function generateCsv() {
  const surnames = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴'];
  const given = ['芳', '娜', '敏', '洋', '杰', '静', '磊', '婷', '强', '霞'];
  const lines = ['姓名,证件类型,证件号码,出生日期,手机号,工作单位'];
  for (let i = 0; i < 1000; i++) {
    const year = 1980 + (i % 10);
    const month = String((Math.floor(i / 10) % 12) + 1).padStart(2, '0');
    const day = String((Math.floor(i / 120) % 28) + 1).padStart(2, '0');
    const serial = String(100 + (i % 900)).padStart(3, '0');
    let id = withCheckChar(`370211${year}${month}${day}${serial}`);
    let phone = `1370000${String(i).padStart(4, '0')}`;
    const row = i + 2;
    if (row === 101) id = id.slice(0, 17) + (id[17] === '1' ? '2' : '1'); // wrong check character
    if (row === 502) phone = '0532-1234'; // not a mobile number
    if (row === 903) id = withCheckChar('37021120110418001'); // 15 years 364 days on 2027-04-17
    lines.push(`${surnames[i % 10]}${given[Math.floor(i / 10) % 10]}${given[(i + 3) % 10]},居民身份证,${id},,${phone},青岛测试制造有限公司`);
  }
  return lines.join('\r\n') + '\r\n';
}

export async function run({ page, outDir, expect }) {
  // --- The institution imports.
  await loginAs(page, 'inst-Z370211P001');
  await page.goto('/admin/registrations');
  await page.getByRole('heading', { name: '报名管理' }).waitFor();
  await page.getByRole('button', { name: '批量导入' }).click();
  const imp = page.locator('.import-dialog');
  await imp.waitFor();
  await pickOption(page, imp.getByRole('combobox', { name: '考核项目' }), '2027-04-17');
  await imp.locator('input[type=file]').setInputFiles({
    name: '报名名单.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(generateCsv(), 'utf8'),
  });
  await imp.getByText('报名名单.csv').waitFor();
  const started = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/registrations/imports' && r.request().method() === 'POST',
  );
  started.catch(() => {});
  await imp.getByRole('button', { name: '开始导入' }).click();
  expect((await started).status(), 'POST /api/registrations/imports').toBe(202);
  await imp.locator('.el-progress').waitFor();
  await imp.locator('.import-summary', { hasText: '导入 997 人' }).waitFor({ timeout: 60_000 });
  expect(await imp.locator('.import-summary').innerText(), 'summary').toContain('共 1000 行');
  expect(await imp.locator('.import-summary').innerText(), 'summary').toContain('3 行有误');
  const errRows = imp.locator('.import-errors .el-table__body tr');
  await errRows.first().waitFor();
  expect(await errRows.count(), 'reported bad rows').toBe(3);
  const texts = await errRows.allInnerTexts();
  expect(texts[0], 'bad check character').toContain('101');
  expect(texts[0], 'bad check character column').toContain('证件号码');
  expect(texts[0], 'bad check character message').toContain('校验');
  expect(texts[1], 'bad phone').toContain('502');
  expect(texts[1], 'bad phone column').toContain('手机号');
  expect(texts[2], 'underage').toContain('903');
  expect(texts[2], 'underage message').toContain('未满 16 周岁');
  await shot(page, outDir, 'registration-import.png', { messages: true });
  await imp.locator('.el-dialog__footer').getByRole('button', { name: '关闭' }).click();
  await imp.waitFor({ state: 'hidden' });
  // The list shows the imported candidates (1,000 − 3 plus the demo's).
  await page.locator('.pager', { hasText: '共' }).waitFor();
  const totalText = await page.locator('.pager .el-pagination__total').innerText();
  expect(Number(totalText.replace(/\D/g, '')) >= 997, `list total ${totalText}`).toBe(true);
  await shot(page, outDir, 'registration-admin.png', { messages: true });
  await logoutUi(page);

  // --- A candidate registers on the phone-sized public page.
  await page.setViewportSize({ width: 390, height: 844 });
  await loginAs(page, '13800000003');
  // The back-office menu's 我的报名 (in the drawer on a phone) leads to the
  // public page's own tab.
  await page.getByRole('button', { name: '打开菜单' }).click();
  await page.locator('.admin-drawer .nav-menu').getByText('我的报名').click();
  await page.waitForURL((u) => u.pathname === '/registration' && u.searchParams.get('tab') === 'mine');
  await page.getByRole('heading', { name: '考生报名' }).waitFor();
  await page.getByRole('tab', { name: '可报名项目' }).click();
  const card = page.locator('.item-card', { hasText: 'ZX04001' });
  await card.waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'horizontal overflow (px)').toBe(0);
  await card.getByRole('button', { name: '我要报名' }).click();
  const dialog = page.locator('.consent-dialog');
  await dialog.waitFor();
  await dialog.getByText('本人自愿参加专项职业能力考核').waitFor();
  expect(await dialog.getByRole('button', { name: '确认报名' }).isDisabled(), 'confirm disabled before consent').toBe(
    true,
  );
  await dialog.locator('.consent-check').click();
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/registrations/self');
  answer.catch(() => {});
  await dialog.getByRole('button', { name: '确认报名' }).click();
  expect((await answer).status(), 'POST /api/registrations/self').toBe(201);
  const mine = page.locator('.mine-card', { hasText: '已报名' });
  await mine.first().waitFor();
  expect(await mine.count(), 'my registrations').toBe(1);
  await shot(page, outDir, 'registration-mobile.png', { messages: true });
}
