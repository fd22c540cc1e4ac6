// Account administration by a district bureau (黄岛区) against `zxkh serve --demo`:
// it creates an operator for one of its institutions (an institution of
// another district is refused at the field), resets a password and disables /
// enables with confirmation; the institution's administrator then sees the
// new operator.
import {
  apiLogin,
  findAccount,
  loginAs,
  logoutUi,
  openSelect,
  pickOption,
  shot,
  visibleOptions,
} from './helpers.mjs';

export const name = 'accounts';

export async function run({ page, baseUrl, outDir, expect }) {
  const huangdao = await apiLogin(baseUrl, 'district-370211');
  const ownInst = (await findAccount(huangdao, 'inst-Z370211P001')).institution_id;
  const laoshanInst = (await findAccount(await apiLogin(baseUrl, 'district-370212'), 'inst-Z370212Q001'))
    .institution_id;
  expect(ownInst, 'institution id of Z370211P001').toBeTruthy();
  expect(laoshanInst, 'institution id of Z370212Q001').toBeTruthy();

  await loginAs(page, 'district-370211');
  await page.getByRole('menuitem', { name: '账号管理' }).click();
  await page.waitForURL((u) => u.pathname === '/admin/accounts');
  await page.locator('.accounts-table').getByText('inst-Z370211P001', { exact: true }).waitFor();
  // Only its own district's institutions: no 崂山区 institution account.
  expect(await page.locator('.accounts-table').getByText('inst-Z370212Q001').count(), '崂山区 accounts listed').toBe(0);

  const username = `e2e-op-${Date.now().toString(36)}`;
  await page.getByRole('button', { name: '新建账号' }).click();
  const dialog = page.locator('.create-dialog');
  await dialog.waitFor();
  await pickOption(page, dialog.getByRole('combobox', { name: '角色' }), '考核机构（经办人）');
  await dialog.getByLabel('考核机构编号').fill(String(laoshanInst));
  await dialog.getByLabel('用户名', { exact: true }).fill(username);
  await dialog.getByLabel('姓名/单位名称').fill('黄岛区机构经办人测试');
  await dialog.getByLabel('手机号').fill('13912345678');
  await dialog.getByRole('button', { name: '随机生成' }).click();
  expect((await dialog.getByLabel('初始密码').inputValue()).length, 'generated password length').toBeGreaterThanOrEqual(10);

  // Another district's institution: "not found", shown at the institution field.
  const refused = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/accounts' && r.request().method() === 'POST',
  );
  refused.catch(() => {});
  await dialog.getByRole('button', { name: '创建' }).click();
  expect((await refused).status(), 'operator for a 崂山区 institution').toBe(404);
  const instError = dialog.locator('.el-form-item.is-error', { hasText: '不存在' });
  await instError.waitFor();
  expect((await instError.locator('.el-form-item__label').innerText()).trim(), 'field of the error').toBe(
    '考核机构编号',
  );

  await dialog.getByLabel('考核机构编号').fill(String(ownInst));
  const created = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/accounts' && r.request().method() === 'POST',
  );
  created.catch(() => {});
  await dialog.getByRole('button', { name: '创建' }).click();
  expect((await created).status(), 'POST /api/accounts (operator)').toBe(201);
  await dialog.waitFor({ state: 'hidden' });
  const row = page.locator('.accounts-table .el-table__body tr', { hasText: username });
  await row.waitFor();
  const rowText = await row.innerText();
  expect(rowText, 'operator row').toContain('考核机构');
  expect(rowText, 'operator row state').toContain('待修改密码');
  await shot(page, outDir, 'accounts-district.png', { messages: true });

  // Reset password: the weak one is refused at the field.
  await row.getByRole('button', { name: '重置密码' }).click();
  const reset = page.locator('.reset-dialog');
  await reset.waitFor();
  await reset.getByLabel('新密码').fill(username);
  await reset.getByRole('button', { name: '确认重置' }).click();
  await reset.locator('.el-form-item__error', { hasText: '不能与用户名相同' }).waitFor();
  await reset.getByLabel('新密码').fill('Reset#2026abc');
  const resetAnswer = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/reset-password'));
  resetAnswer.catch(() => {});
  await reset.getByRole('button', { name: '确认重置' }).click();
  expect((await resetAnswer).status(), 'POST reset-password').toBe(200);
  await reset.waitFor({ state: 'hidden' });

  // Disable with confirmation, then enable again.
  await row.getByRole('button', { name: '停用' }).click();
  const box = page.locator('.el-message-box');
  await box.getByText('确定停用账号').waitFor();
  await box.getByRole('button', { name: '停用' }).click();
  await expect.poll(() => row.innerText(), { message: 'row after disabling' }).toContain('已停用');
  await row.getByRole('button', { name: '启用' }).click();
  await box.getByText('确定启用账号').waitFor();
  await box.getByRole('button', { name: '启用' }).click();
  await expect.poll(() => row.innerText(), { message: 'row after enabling' }).not.toContain('已停用');

  // Detail page of the new account.
  await row.getByRole('link', { name: username }).click();
  await page.locator('.account-info', { hasText: '黄岛区机构经办人测试' }).waitFor();
  await shot(page, outDir, 'account-detail.png', { messages: true });
  await logoutUi(page);

  // The institution's administrator manages its operators, nothing else.
  await loginAs(page, 'inst-Z370211P001');
  await page.getByRole('menuitem', { name: '账号管理' }).click();
  await page.locator('.accounts-table').getByText(username).waitFor();
  await page.getByRole('button', { name: '新建账号' }).click();
  await dialog.waitFor();
  await openSelect(dialog.getByRole('combobox', { name: '角色' }));
  const offered = await visibleOptions(page);
  expect(offered, 'roles an institution administrator may create').toEqual(['考核机构（经办人）']);
  expect(await dialog.getByLabel('考核机构编号').count(), 'institution id input for an institution admin').toBe(0);
  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await logoutUi(page);
}
