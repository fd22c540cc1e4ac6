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

// ---------------------------------------------------------------- forms

// An input or textarea by its data-test (on the element or its wrapper).
export function field(page, dt) {
  const sel = `input[data-test="${dt}"], textarea[data-test="${dt}"], [data-test="${dt}"] input, [data-test="${dt}"] textarea`;
  return page.locator(sel).first();
}

// Picks options of a multiple select, then closes it: the first `n`, or the
// first option containing each of `texts` (or `text`).
export async function pickMany(page, select, { n = 0, text = '', texts = [] } = {}) {
  await openSelect(select);
  const list = page.locator(`[id="${await select.getAttribute('aria-controls')}"]`);
  const items = list.locator('.el-select-dropdown__item');
  await items.first().waitFor();
  const wanted = text ? [text, ...texts] : texts;
  if (wanted.length > 0) {
    for (const t of wanted) await items.filter({ hasText: t }).first().click();
  } else {
    for (let i = 0; i < n; i++) await items.nth(i).click();
  }
  await page.keyboard.press('Escape');
  await list.waitFor({ state: 'hidden' });
}

// ---------------------------------------------------------------- identity

// A resident ID: 17 digits plus their GB 11643 check character.
export function withCheckChar(id17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...id17].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  return id17 + '10X98765432'[sum % 11];
}

// How the server masks an 18-character ID number (first 4, last 4 shown).
export function maskedId(id) {
  return id.slice(0, 4) + '*'.repeat(id.length - 8) + id.slice(-4);
}

// ---------------------------------------------------------------- dates

// 'YYYY-MM-DD' plus n calendar days.
export function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// The 10th working day before `date` by the server's calendar (R-EXA-7:
// the last day a batch plan for an exam on `date` may be submitted).
export async function lastSubmissionDay(baseUrl, date) {
  const res = await fetch(`${baseUrl}/api/public/calendar/working-days-before?date=${date}&n=10`);
  if (res.status !== 200) throw new Error(`working-days-before ${date}: ${res.status}`);
  return (await res.json()).date;
}

// ---------------------------------------------------------------- batch plans

// The batch plan (R-EXA-7) through the UI, as batch.spec and scoring.spec
// both need it: the institution fills a one-session batch for `tooNear`
// (≤ 9 working days ahead), is refused naming the last allowed day, moves
// the session to `inTime` (10 working days ahead), submits; the district
// approves; the city approves and a paper is assigned. Leaves the city
// logged in on the batch page. Returns the batch page's path.
//
// `staff`: { examiners: {n} | {texts}, leader: '' (first) | name text,
// proctors: {n} | {texts} } — pickMany options. Screenshots
// `${prefix}-too-late.png`, -institution, -district, -city.
export async function planBatchThroughApproval(
  page,
  { outDir, expect, prefix, title, project = 'ZX01001', tooNear, inTime, start = '18:00', end = '20:00', room = '实训楼501', staff },
) {
  await loginAs(page, 'inst-Z370211P001');
  await page.goto('/admin/batches');
  await page.getByRole('button', { name: '新建考核批次' }).click();
  await page.waitForURL(/\/admin\/batches\/new$/);
  await pickOption(page, page.getByRole('combobox', { name: '考核项目' }), project);
  await field(page, 'title').fill(title);
  await field(page, 'venue').fill('黄岛区长江中路216号实训楼');
  await field(page, 'expected').fill('20');
  await field(page, 'process').fill('签到、宣读规则、实操、评分');
  const session = page.locator('[data-test="session-0"]');
  await setSessionDate(session, tooNear.date);
  await pickOption(page, session.getByRole('combobox', { name: '开始时间' }), start);
  await pickOption(page, session.getByRole('combobox', { name: '结束时间' }), end);
  await session.getByPlaceholder('考场（如 实训楼201）').fill(room);
  await pickMany(page, session.getByRole('combobox', { name: '考评员' }), staff.examiners);
  const leaderSelect = session.getByRole('combobox', { name: '考评组长' });
  await openSelect(leaderSelect);
  const leaders = page.locator(`[id="${await leaderSelect.getAttribute('aria-controls')}"]`);
  await leaders.locator('.el-select-dropdown__item', { hasText: staff.leader || '' }).first().click();
  await leaders.waitFor({ state: 'hidden' });
  await pickMany(page, session.getByRole('combobox', { name: '监考人员' }), staff.proctors);
  await pickMany(page, page.getByRole('combobox', { name: '督导员' }), { text: '外督' });
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/\/admin\/batches\/\d+$/);
  const batchPath = new URL(page.url()).pathname;
  const deadline = page.locator('[data-test="deadline"]');
  await deadline.waitFor();
  expect(await deadline.innerText(), 'deadline').toContain(`最晚提交日期 ${tooNear.last}`);

  // At most 9 working days before the exam: refused, naming the last day.
  await page.getByRole('button', { name: '提交区(市)审核' }).click();
  const error = page.locator('[data-test="error"]');
  await error.waitFor();
  expect(await error.innerText(), 'too late').toContain(`最晚于 ${tooNear.last} 提交`);
  await shot(page, outDir, `${prefix}-too-late.png`, { messages: true });

  // 10 working days before: accepted.
  await setSessionDate(page.locator('[data-test="session-0"]'), inTime.date);
  await page.getByRole('button', { name: '保存' }).click();
  await expect
    .poll(() => deadline.innerText(), { message: 'deadline after the move' })
    .toContain(`最晚提交日期 ${inTime.last}`);
  await shot(page, outDir, `${prefix}-institution.png`, { messages: true });
  await page.getByRole('button', { name: '提交区(市)审核' }).click();
  await expect
    .poll(() => page.locator('[data-test="batch-state"]').innerText(), { message: 'state after submit' })
    .toBe('待区(市)审核');
  await logoutUi(page);

  // District (黄岛区).
  await loginAs(page, 'district-370211');
  await page.goto('/admin/batches');
  await page.locator('[data-test="batches-table"] .el-table__body tr', { hasText: title }).waitFor();
  await page.goto(batchPath);
  await page.locator('[data-test="review"]').waitFor();
  await shot(page, outDir, `${prefix}-district.png`);
  await page.getByRole('button', { name: '审核通过' }).click();
  await expect
    .poll(() => page.locator('[data-test="batch-state"]').innerText(), { message: 'state after district' })
    .toBe('区(市)已审核，待市局批准');
  await logoutUi(page);

  // City: approves, a paper is assigned.
  await loginAs(page, 'city');
  await page.goto(batchPath);
  await page.locator('[data-test="review"]').waitFor();
  await page.getByRole('button', { name: '批准', exact: true }).click();
  await expect
    .poll(() => page.locator('[data-test="batch-state"]').innerText(), { message: 'state after city' })
    .toBe('已批准');
  const sessions = page.locator('[data-test="sessions-table"] .el-table__body tr');
  expect(await sessions.first().innerText(), 'paper assigned').toContain('已分配');
  await shot(page, outDir, `${prefix}-city.png`, { messages: true });
  return batchPath;
}

async function setSessionDate(session, date) {
  const input = session.getByPlaceholder('考核日期');
  await input.fill(date);
  await input.press('Enter');
}
