// Operation and login logs (操作日志, 登录日志) against `zxkh serve --demo`: an
// account the city creates appears in its operation log (filtered by action),
// failed and successful logins appear in the login log, and the 导出 Excel link
// carries the filters and downloads a workbook.
import { apiLogin, apiRequest, loginAs, pickOption, shot } from './helpers.mjs';

export const name = 'logs';

const ROWS = '.log-table .el-table__body-wrapper tbody tr.el-table__row';

export async function run({ page, baseUrl, outDir, expect }) {
  const city = await apiLogin(baseUrl, 'city');
  const username = `e2e-log-${Date.now().toString(36)}`;
  const made = await apiRequest(city, 'POST', '/api/accounts', {
    username,
    display_name: '日志测试监考员',
    role: 'PROCTOR',
    password: 'Jiankao#2026lg',
  });
  expect(made.status, 'POST /api/accounts as city').toBe(201);
  // A failed login to find in the login log.
  const bad = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password: 'not-the-password' }),
  });
  expect(bad.status, 'wrong password').toBe(401);

  await loginAs(page, 'city');
  await page.locator('.admin-aside').getByText('日志查询').click();
  await page.getByRole('menuitem', { name: '操作日志' }).click();
  await page.waitForURL((u) => u.pathname === '/admin/logs/operations');
  await page.getByRole('heading', { name: '操作日志' }).waitFor();
  // The entry names the new account by id (no personal data in the log).
  const entry = page
    .locator(ROWS)
    .filter({ has: page.locator('td.col-target', { hasText: new RegExp(`^\\s*账号 ${made.body.id}\\s*$`) }) });
  await entry.waitFor();
  expect(await entry.innerText(), 'the creation entry').toContain('创建账号');

  const filtered = page.waitForResponse((r) => {
    const u = new URL(r.url());
    return u.pathname === '/api/logs/operations' && u.searchParams.get('action') === 'account.create';
  });
  filtered.catch(() => {});
  await pickOption(page, page.getByRole('combobox', { name: '操作类型' }), '创建账号');
  expect((await filtered).status(), 'GET /api/logs/operations?action=account.create').toBe(200);
  await expect
    .poll(() => page.locator(`${ROWS} td.col-action`).allInnerTexts(), { message: 'actions after filtering' })
    .toSatisfy((a) => a.length > 0 && a.every((t) => t.trim() === '创建账号'), 'to be only 创建账号');
  const href = await page.getByRole('link', { name: '导出 Excel' }).getAttribute('href');
  expect(href, 'export link').toBe('/api/logs/operations/export.xlsx?action=account.create');
  const xlsx = await page.request.get(href);
  expect(xlsx.status(), 'GET export.xlsx').toBe(200);
  expect((await xlsx.body()).subarray(0, 2).toString('latin1'), 'xlsx (zip) signature').toBe('PK');
  await shot(page, outDir, 'logs-operations.png', { messages: true });

  await page.getByRole('menuitem', { name: '登录日志' }).click();
  await page.waitForURL((u) => u.pathname === '/admin/logs/logins');
  await page.getByRole('heading', { name: '登录日志' }).waitFor();
  const failed = page.waitForResponse((r) => {
    const u = new URL(r.url());
    return u.pathname === '/api/logs/logins' && u.searchParams.get('success') === 'false';
  });
  failed.catch(() => {});
  await pickOption(page, page.getByRole('combobox', { name: '登录结果' }), '失败');
  expect((await failed).status(), 'GET /api/logs/logins?success=false').toBe(200);
  const failedRow = page.locator(ROWS, { hasText: username });
  await failedRow.waitFor();
  expect(await failedRow.innerText(), 'failed login row').toContain('失败');
  expect(
    await page.getByRole('link', { name: '导出 Excel' }).getAttribute('href'),
    'login export link',
  ).toBe('/api/logs/logins/export.xlsx?success=false');
  await shot(page, outDir, 'logs-logins.png', { messages: true });
}
