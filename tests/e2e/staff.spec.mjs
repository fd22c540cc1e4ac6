// The staff pool (考评人员库, issue 6) against `zxkh serve --demo`: the city
// opens the pool, sees the demo examiners, registers a new examiner with a
// qualification for 胶东花饽饽制作 — a resident ID with a wrong check
// character is refused at the field first — and finds the new examiner with
// the qualification in the list. 黄岛区 then edits only its own pool.
import { loginAs, logoutUi, pickOption, shot } from './helpers.mjs';

export const name = 'staff';

function residentId(first17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * weights[i];
  return first17 + '10X98765432'[sum % 11];
}

export async function run({ page, outDir, expect }) {
  await loginAs(page, 'city');
  await page.getByRole('menuitem', { name: '考评人员库' }).click();
  await page.waitForURL((u) => u.pathname === '/admin/staff');
  const table = page.locator('.staff-table');
  await table.getByText('张立华', { exact: true }).waitFor();
  // The city sees 黄岛区's pool too, read-only.
  await table.getByText('马俊', { exact: true }).waitFor();
  await shot(page, outDir, 'staff-list.png');

  const serial = String(Date.now() % 1000).padStart(3, '0');
  const good = residentId(`37020319850612${serial}`);
  const last = good[17];
  const bad = good.slice(0, 17) + (last === '1' ? '2' : '1');
  const username = `e2e-kp-${Date.now().toString(36)}`;

  await page.getByRole('button', { name: '登记人员' }).click();
  const dialog = page.locator('.staff-dialog');
  await dialog.waitFor();
  await dialog.getByLabel('姓名', { exact: true }).fill('端到端考评员');
  await dialog.getByLabel('证件号码', { exact: true }).fill(bad);
  await dialog.getByLabel('手机号', { exact: true }).fill('13963955555');
  await dialog.getByLabel('工作单位', { exact: true }).fill('青岛市技师学院');
  await pickOption(page, dialog.getByRole('combobox', { name: '考评资格 1 考核项目' }), '胶东花饽饽制作');
  await dialog.getByLabel('考评资格 1 证书').fill('考评员证 E2E-001');
  await dialog.getByLabel('登录账号', { exact: true }).fill(username);
  await dialog.getByRole('button', { name: '随机生成' }).click();

  // A wrong check character: refused at the ID field, nothing sent.
  let posted = false;
  const onRequest = (r) => {
    if (new URL(r.url()).pathname === '/api/staff' && r.method() === 'POST') posted = true;
  };
  page.on('request', onRequest);
  await dialog.getByRole('button', { name: '登记' }).click();
  const idError = dialog.locator('.el-form-item.is-error', { hasText: '校验位' });
  await idError.waitFor();
  expect((await idError.locator('.el-form-item__label').innerText()).trim(), 'field of the error').toBe('证件号码');
  expect(posted, 'request sent with a bad ID').toBe(false);
  page.off('request', onRequest);
  await shot(page, outDir, 'staff-bad-id.png');

  await dialog.getByLabel('证件号码', { exact: true }).fill(good);
  const created = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/staff' && r.request().method() === 'POST',
  );
  await dialog.getByRole('button', { name: '登记' }).click();
  const response = await created;
  expect(response.status(), `POST /api/staff: ${await response.text()}`).toBe(201);
  await dialog.waitFor({ state: 'hidden' });

  // In the list, with its qualification and a masked ID.
  await page.getByLabel('姓名、工作单位或登录账号').fill('端到端考评员');
  await page.getByRole('button', { name: '查询' }).click();
  const row = table.locator('.el-table__row', { hasText: '端到端考评员' });
  await row.waitFor();
  const text = await row.innerText();
  expect(text, 'qualification shown').toContain('ZX01001 胶东花饽饽制作');
  expect(text, 'role shown').toContain('考评员');
  expect(text.includes(good), 'ID number shown unmasked').toBe(false);
  await shot(page, outDir, 'staff-created.png');

  // Bulk import: one good row, one with a bad ID (listed, not imported).
  const imported = residentId(`37020319860713${serial}`);
  const csv =
    '类别,姓名,证件号码,手机号,工作单位,考评资格,登录账号,初始密码\n' +
    `考评员,导入考评员,${imported},13963955556,青岛市技师学院,ZX01001,${username}-i,Import#Pass2026\n` +
    `考评员,错误考评员,${bad},13963955557,青岛市技师学院,ZX01001,${username}-j,Import#Pass2026\n`;
  await page.getByRole('button', { name: '导入' }).click();
  const importDialog = page.locator('.import-dialog');
  await importDialog.waitFor();
  await importDialog.getByLabel('选择导入文件').setInputFiles({
    name: 'staff.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await importDialog.getByRole('button', { name: '开始导入' }).click();
  const summary = importDialog.locator('.import-summary');
  await summary.waitFor();
  expect(await summary.innerText(), 'import summary').toContain('新增 1 人');
  expect(await importDialog.locator('.import-errors').innerText(), 'import errors').toContain('证件号码');
  await shot(page, outDir, 'staff-import.png');
  await importDialog.getByRole('button', { name: '关闭', exact: true }).click();
  await importDialog.waitFor({ state: 'hidden' });

  // 黄岛区 manages its own pool and reads the city's (read-only).
  await logoutUi(page);
  await loginAs(page, 'district-370211');
  await page.getByRole('menuitem', { name: '考评人员库' }).click();
  await page.waitForURL((u) => u.pathname === '/admin/staff');
  const own = table.locator('.el-table__row', { hasText: '马俊' });
  await own.getByRole('button', { name: '编辑' }).waitFor();
  const city = table.locator('.el-table__row', { hasText: '张立华' });
  await city.getByText('只读').waitFor();
  expect(await city.getByRole('button', { name: '编辑' }).count(), 'edit offered on the city pool').toBe(0);
}
