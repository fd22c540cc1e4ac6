// An ended session against `zxkh serve --demo`: when the server answers 401
// (the session was revoked elsewhere), the page goes to the login page with
// the "登录已过期" notice, and logging in again returns to the page.
import { loginAs, loginUi } from './helpers.mjs';

export const name = 'session';

export async function run({ page, context, baseUrl, expect }) {
  await loginAs(page, 'district-370202');
  // End this browser's session from outside (as a logout in another tab would).
  const cookie = (await context.cookies(baseUrl)).find((c) => c.name === 'zxkh_session');
  expect(!!cookie, 'session cookie').toBe(true);
  const csrf = await page.evaluate(() => window.sessionStorage.getItem('zxkh.csrfToken'));
  const res = await fetch(`${baseUrl}/api/auth/logout`, {
    method: 'POST',
    headers: { Cookie: `zxkh_session=${cookie.value}`, 'X-CSRF-Token': csrf },
  });
  expect(res.status, 'logout from outside').toBe(204);

  await page.getByRole('menuitem', { name: '账号管理' }).click();
  await page.waitForURL((u) => u.pathname === '/login' && u.searchParams.get('expired') === '1');
  expect(new URL(page.url()).searchParams.get('redirect'), 'redirect after login').toBe('/admin/accounts');
  await page.getByText('登录已过期').waitFor();

  expect(await loginUi(page, 'district-370202', undefined, { goto: false }), 'login again').toBe(200);
  await page.waitForURL((u) => u.pathname === '/admin/accounts');
  await page.locator('.accounts-table').waitFor();
}
