// Sign-in, scope and password rules in the browser against `zxkh serve --demo`:
//  (a) the city bureau logs in, sees its menu, logs out;
//  (b) a district bureau (黄岛区) typing the URL of an account of 崂山区 gets 页面不存在;
//  (c) five wrong passwords lock an account and the message names the unlock time;
//  (d) an account the city creates must change its password at first login.
import {
  DEMO_PASSWORD,
  apiLogin,
  findAccount,
  loginAs,
  loginUi,
  logoutUi,
  openSelect,
  visibleOptions,
  pickOption,
  shot,
} from './helpers.mjs';

export const name = 'auth';

async function menuTexts(page) {
  return (await page.locator('.admin-aside .nav-menu').innerText()).split('\n').map((s) => s.trim()).filter(Boolean);
}

export async function run({ page, baseUrl, outDir, expect }) {
  // ------------------------------------------------------------ (a)
  await page.goto('/login');
  await page.getByRole('heading', { name: '登录' }).waitFor();
  await page.getByRole('link', { name: '考生注册' }).waitFor();
  await shot(page, outDir, 'login.png', { messages: true });

  await loginAs(page, 'city');
  await page.waitForURL((u) => u.pathname === '/admin');
  await page.getByRole('heading', { name: '工作台' }).waitFor();
  const header = await page.locator('.admin-header .user-trigger').innerText();
  expect(header, 'header user menu').toContain('青岛市人社局');
  expect(header, 'header role title').toContain('市人社局');
  const menu = await menuTexts(page);
  for (const item of ['工作台', '目录管理', '账号管理', '日志查询']) expect(menu, 'city menu').toContain(item);
  await logoutUi(page);
  // The back office is closed again after logout.
  await page.goto('/admin/accounts');
  await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('redirect') === '/admin/accounts');

  // ------------------------------------------------------------ (b)
  // An account of 崂山区: the institution administrator of Z370212Q001, as
  // 崂山区's own bureau sees it.
  const laoshan = await apiLogin(baseUrl, 'district-370212');
  const foreign = await findAccount(laoshan, 'inst-Z370212Q001');
  expect(foreign.institution_id, 'institution of inst-Z370212Q001').toBeTruthy();

  // Logging in from the redirect lands on the page asked for.
  await loginUi(page, 'district-370211', DEMO_PASSWORD, { goto: false });
  await page.waitForURL((u) => u.pathname === '/admin/accounts');
  await page.locator('.accounts-table').waitFor();

  const detail = page.waitForResponse((r) => new URL(r.url()).pathname === `/api/accounts/${foreign.id}`);
  detail.catch(() => {});
  await page.goto(`/admin/accounts/${foreign.id}`);
  expect((await detail).status(), `GET /api/accounts/${foreign.id} as 黄岛区`).toBe(404);
  await page.getByText('页面不存在').first().waitFor();
  expect(await page.locator('.account-info').count(), 'account details shown').toBe(0);
  expect(new URL(page.url()).pathname, 'address bar keeps the URL').toBe(`/admin/accounts/${foreign.id}`);
  await shot(page, outDir, 'account-not-found.png', { messages: true });

  // Its own institution's account opens.
  const own = await findAccount(await apiLogin(baseUrl, 'district-370211'), 'inst-Z370211P001');
  await page.goto(`/admin/accounts/${own.id}`);
  await page.locator('.account-info', { hasText: 'inst-Z370211P001' }).waitFor();
  await logoutUi(page);

  // ------------------------------------------------------------ (c)
  await page.goto('/login');
  let last = 0;
  for (let i = 1; i <= 5; i++) {
    last = await loginUi(page, 'district-370283', `wrong-password-${i}`, { goto: false });
    if (i < 5) {
      expect(last, `wrong password attempt ${i}`).toBe(401);
      await page.locator('.login-error', { hasText: '用户名或密码错误' }).waitFor();
    }
  }
  expect(last, 'the fifth wrong password').toBe(403);
  const locked = page.locator('.login-error', { hasText: '后再试' });
  await locked.waitFor();
  const lockedText = await locked.innerText();
  expect(lockedText, 'locked message').toContain('已锁定');
  expect(lockedText, 'locked message names the unlock time').toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2} 后再试/);
  await shot(page, outDir, 'login-locked.png', { messages: true });
  // Even the right password is refused while locked.
  expect(await loginUi(page, 'district-370283', DEMO_PASSWORD, { goto: false }), 'right password while locked').toBe(
    403,
  );
  expect(new URL(page.url()).pathname, 'still on the login page').toBe('/login');

  // ------------------------------------------------------------ (d)
  const username = `e2e-jimo-${Date.now().toString(36)}`;
  const initial = 'Chushi#2026jm';
  const changed = 'Xinmima#2026jm';
  await loginAs(page, 'city');
  await page.getByRole('menuitem', { name: '账号管理' }).click();
  await page.waitForURL((u) => u.pathname === '/admin/accounts');
  await page.locator('.accounts-table').getByText('district-370211').waitFor();
  await shot(page, outDir, 'accounts-city.png', { messages: true });

  await page.getByRole('button', { name: '新建账号' }).click();
  const dialog = page.locator('.create-dialog');
  await dialog.waitFor();
  // The city may create district bureaus and city staff, nothing else.
  await openSelect(dialog.getByRole('combobox', { name: '角色' }));
  const offered = await visibleOptions(page);
  expect(offered, 'roles the city may create').toEqual([
    '区(市)人社局',
    '考评员',
    '监考员',
    '督导员',
  ]);
  await pickOption(page, dialog.getByRole('combobox', { name: '角色' }), '区(市)人社局');
  await pickOption(page, dialog.getByRole('combobox', { name: '所属区(市)' }), '即墨区');
  await dialog.getByLabel('用户名', { exact: true }).fill(username);
  await dialog.getByLabel('姓名/单位名称').fill('即墨区人社局测试账号');
  // A weak password is refused at the field before anything is sent.
  await dialog.getByLabel('初始密码').fill('short');
  await dialog.getByRole('button', { name: '创建' }).click();
  await dialog.locator('.el-form-item__error', { hasText: '密码至少需要 10 个字符' }).waitFor();
  await dialog.getByLabel('初始密码').fill(initial);
  await dialog.getByLabel('初始密码').press('Tab'); // blur: the field re-validates
  await dialog.locator('.el-form-item.is-error').waitFor({ state: 'detached' });
  await shot(page, outDir, 'accounts-create-dialog.png');
  const created = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/accounts' && r.request().method() === 'POST',
  );
  created.catch(() => {});
  await dialog.getByRole('button', { name: '创建' }).click();
  expect((await created).status(), 'POST /api/accounts').toBe(201);
  await dialog.waitFor({ state: 'hidden' });
  const row = page.locator('.accounts-table tr', { hasText: username });
  await row.waitFor();
  expect(await row.innerText(), 'new account row').toContain('待修改密码');

  // The same username again: the server's message shows at the field.
  await page.getByRole('button', { name: '新建账号' }).click();
  await dialog.waitFor();
  await pickOption(page, dialog.getByRole('combobox', { name: '角色' }), '考评员');
  await dialog.getByLabel('用户名', { exact: true }).fill(username);
  await dialog.getByLabel('姓名/单位名称').fill('重名测试');
  await dialog.getByLabel('初始密码').fill(initial);
  await dialog.getByRole('button', { name: '创建' }).click();
  const taken = dialog.locator('.el-form-item.is-error', { hasText: '已被使用' });
  await taken.waitFor();
  expect(
    (await taken.locator('.el-form-item__label').innerText()).trim(),
    'the field showing the duplicate-username message',
  ).toBe('用户名');
  await dialog.getByRole('button', { name: '取消' }).click();
  await dialog.waitFor({ state: 'hidden' });
  await logoutUi(page);

  // First login: forced to the change page, nothing else reachable.
  expect(await loginUi(page, username, initial), 'first login').toBe(200);
  await page.waitForURL((u) => u.pathname === '/admin/password');
  await page.getByText('请先修改密码').first().waitFor();
  expect(await page.locator('.admin-aside').count(), 'menu hidden while the password must change').toBe(0);
  await page.goto('/admin/accounts');
  await page.waitForURL((u) => u.pathname === '/admin/password');
  await page.getByText('请先修改密码').first().waitFor();
  await shot(page, outDir, 'password-forced.png', { messages: true });

  // Wrong old password: shown at the 原密码 field.
  await page.getByLabel('原密码').fill('not-the-password');
  await page.getByLabel('新密码', { exact: true }).fill(changed);
  await page.getByLabel('确认新密码').fill(changed);
  await page.getByRole('button', { name: '确认修改' }).click();
  await page.locator('.el-form-item.is-error', { hasText: '原密码' }).getByText('用户名或密码错误').waitFor();

  await page.getByLabel('原密码').fill(initial);
  const done = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/password');
  done.catch(() => {});
  await page.getByRole('button', { name: '确认修改' }).click();
  expect((await done).status(), 'POST /api/auth/password').toBe(200);
  await page.waitForURL((u) => u.pathname === '/admin');
  await page.getByRole('heading', { name: '工作台' }).waitFor();
  await page.locator('.admin-aside').waitFor();
  expect(await page.locator('.admin-header .user-trigger').innerText(), 'header after change').toContain(
    '即墨区人社局测试账号',
  );
  await logoutUi(page);
  // The new password works, the initial one no longer does.
  expect(await loginUi(page, username, initial), 'initial password after the change').toBe(401);
  expect(await loginUi(page, username, changed, { goto: false }), 'new password').toBe(200);
  await page.waitForURL((u) => u.pathname === '/admin');
}
