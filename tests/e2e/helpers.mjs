// Shared steps of the e2e specs (not a spec: run.mjs only runs *.spec.mjs).
//
// UI steps drive the pages like a user; api* helpers call the server from
// Node (cookie + CSRF token), for setup and for looking up ids.

export const DEMO_PASSWORD = 'Zxkh@2026demo';

// Logs in through the login page and waits for the login answer. Returns the
// answer's status. The page is left wherever the app goes next.
export async function loginUi(page, username, password = DEMO_PASSWORD, { goto = true } = {}) {
  if (goto) {
    await page.goto('/login');
  }
  await page.getByLabel('用户名/手机号').fill(username);
  await page.getByLabel('密码', { exact: true }).fill(password);
  const answer = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/auth/login' && r.request().method() === 'POST',
  );
  answer.catch(() => {});
  await page.getByRole('button', { name: '登录', exact: true }).click();
  return (await answer).status();
}

// Logs in and waits for the back-office shell (the user menu in the header).
export async function loginAs(page, username, password = DEMO_PASSWORD) {
  const status = await loginUi(page, username, password);
  if (status !== 200) throw new Error(`login of ${username} answered ${status}`);
  await page.locator('.admin-header .user-trigger').waitFor();
}

// Logs out through the user menu and waits for the login page.
export async function logoutUi(page) {
  await page.locator('.admin-header .user-trigger').click();
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/logout');
  answer.catch(() => {});
  await page.getByRole('menuitem', { name: '退出登录' }).click();
  const status = (await answer).status();
  if (status !== 204) throw new Error(`POST /api/auth/logout answered ${status}`);
  await page.waitForURL((u) => u.pathname === '/login');
}

// The parts of an Element Plus select given its combobox input (found by
// its accessible name): the wrapper to click (the placeholder lies over the
// input) and the option list it controls.
function selectParts(page, select) {
  return {
    wrapper: select.locator('xpath=ancestor::div[contains(@class, "el-select__wrapper")]'),
    list: async () => page.locator(`[id="${await select.getAttribute('aria-controls')}"]`),
  };
}

// Opens a select (no-op when open). Not a forced click: while another
// select's dropdown fades out over this one, Playwright waits.
export async function openSelect(select) {
  if ((await select.getAttribute('aria-expanded')) === 'true') return;
  await selectParts(select.page(), select).wrapper.click();
}

// The texts of the options of the open select (waits for them to show).
export async function visibleOptions(page) {
  const options = page.locator('.el-select-dropdown__item:visible');
  await options.first().waitFor({ state: 'visible' });
  return (await options.allInnerTexts()).map((s) => s.trim());
}

// Picks `text` in a select (`select` is its combobox input), checks the
// select shows it and waits for the dropdown to be gone.
export async function pickOption(page, select, text) {
  const parts = selectParts(page, select);
  await openSelect(select);
  const list = await parts.list();
  await list.locator('.el-select-dropdown__item', { hasText: text }).first().click();
  await list.waitFor({ state: 'hidden' });
  const now = (await parts.wrapper.innerText()).trim();
  if (!now.includes(text)) throw new Error(`select shows ${JSON.stringify(now)} after picking ${JSON.stringify(text)}`);
}

// Waits until no loading mask is showing (and, with `messages`, until the
// toast messages are gone) so that a screenshot shows the settled page.
export async function settle(page, { messages = false } = {}) {
  const busy = messages ? '.el-loading-mask:visible, .el-message:visible' : '.el-loading-mask:visible';
  const deadline = Date.now() + 8_000;
  while ((await page.locator(busy).count()) > 0 && Date.now() < deadline) await page.waitForTimeout(100);
  await page.waitForTimeout(150); // fade-outs
}

// A screenshot of the settled page into the output directory.
export async function shot(page, outDir, file, options = {}) {
  await settle(page, options);
  await page.screenshot({ path: `${outDir}/${file}`, fullPage: true });
}

// ---------------------------------------------------------------- API (Node)

export async function apiLogin(baseUrl, username, password = DEMO_PASSWORD) {
  const res = await fetch(`${baseUrl}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  const body = await res.json().catch(() => null);
  if (res.status !== 200) throw new Error(`API login of ${username}: ${res.status} ${body?.code ?? ''}`);
  const setCookie = res.headers.getSetCookie?.() ?? [res.headers.get('set-cookie')];
  const cookie = setCookie
    .filter(Boolean)
    .map((c) => c.split(';')[0])
    .join('; ');
  return { baseUrl, cookie, csrf: body.csrf_token, user: body.user };
}

export async function apiRequest(session, method, path, body) {
  const headers = { Cookie: session.cookie, Accept: 'application/json' };
  if (method !== 'GET') headers['X-CSRF-Token'] = session.csrf;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`${session.baseUrl}${path}`, {
    method,
    headers,
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = text;
  }
  return { status: res.status, body: json };
}

// The first account of the caller's list matching `q` exactly by username.
export async function findAccount(session, username) {
  const { status, body } = await apiRequest(session, 'GET', `/api/accounts?q=${encodeURIComponent(username)}`);
  if (status !== 200) throw new Error(`GET /api/accounts?q=${username}: ${status}`);
  const hit = (body.items || []).find((u) => u.username === username);
  if (!hit) throw new Error(`account ${username} not in the list of ${session.user.username}`);
  return hit;
}
