// Batch plans (issue 6 point 2, R-EXA-7) through the UI against
// `zxkh serve --demo` on the real clock. The exam days are chosen around
// today (China Standard Time) with the server's calendar: the last exam day
// whose 10th working day before has passed (refused: at most 9 working days
// left) and the first one whose 10th working day before is today or later
// (accepted). The session runs 18:00–20:00, clear of the demo batches'.
//
//   1. institution (黄岛区 Z370211P001): creates a batch of ZX01001 with one
//      session staffed from the eligible pool (3 examiners with a group
//      leader, 2 proctors, the external supervisor); submitting it for the
//      too-near day is refused naming the last allowed date; moved to the
//      accepted day it shows "最晚提交日期" and is submitted;
//   2. district (黄岛区): approves it;
//   3. city: approves it — a paper is assigned to the session.
//
// Screenshots (ZXKH_E2E_OUT): batch-*.png.
import { loginAs, logoutUi, openSelect, pickOption, shot } from './helpers.mjs';

export const name = 'batch';
export const timeoutMs = 120_000;

const TITLE = '端到端测试批次';

// Picks the first `n` options (or those containing `text`) of a multiple
// select, then closes it.
async function pickMany(page, select, { n = 0, text = '' } = {}) {
  await openSelect(select);
  const list = page.locator(`[id="${await select.getAttribute('aria-controls')}"]`);
  const items = list.locator('.el-select-dropdown__item');
  await items.first().waitFor();
  if (text) {
    await items.filter({ hasText: text }).first().click();
  } else {
    for (let i = 0; i < n; i++) await items.nth(i).click();
  }
  await page.keyboard.press('Escape');
  await list.waitFor({ state: 'hidden' });
}

// An input or textarea by its data-test (on the element or its wrapper).
function field(page, dt) {
  const sel = `input[data-test="${dt}"], textarea[data-test="${dt}"], [data-test="${dt}"] input, [data-test="${dt}"] textarea`;
  return page.locator(sel).first();
}

function addDays(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

// [refused exam day, its last submission day, accepted exam day, its last
// submission day] around today in China Standard Time.
async function examDays(baseUrl) {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  let refused = null;
  for (let i = 1; i < 40; i++) {
    const day = addDays(today, i);
    const res = await fetch(`${baseUrl}/api/public/calendar/working-days-before?date=${day}&n=10`);
    const last = (await res.json()).date;
    if (last < today) refused = [day, last];
    else return [...(refused ?? [null, null]), day, last];
  }
  throw new Error('no exam day found');
}

async function setSessionDate(session, date) {
  const input = session.getByPlaceholder('考核日期');
  await input.fill(date);
  await input.press('Enter');
}

export async function run({ page, baseUrl, outDir, expect }) {
  const [tooNear, tooNearLast, inTime, inTimeLast] = await examDays(baseUrl);
  if (!tooNear) throw new Error('no exam day inside 10 working days');
  // ------------------------------------------------------------ institution
  await loginAs(page, 'inst-Z370211P001');
  await page.goto('/admin/batches');
  await page.getByRole('button', { name: '新建考核批次' }).click();
  await page.waitForURL(/\/admin\/batches\/new$/);
  await pickOption(page, page.getByRole('combobox', { name: '考核项目' }), 'ZX01001');
  await field(page, 'title').fill(TITLE);
  await field(page, 'venue').fill('黄岛区长江中路216号实训楼');
  await field(page, 'expected').fill('20');
  await field(page, 'process').fill('签到、宣读规则、实操、评分');
  const session = page.locator('[data-test="session-0"]');
  await setSessionDate(session, tooNear);
  await pickOption(page, session.getByRole('combobox', { name: '开始时间' }), '18:00');
  await pickOption(page, session.getByRole('combobox', { name: '结束时间' }), '20:00');
  await session.getByPlaceholder('考场（如 实训楼201）').fill('实训楼501');
  await pickMany(page, session.getByRole('combobox', { name: '考评员' }), { n: 3 });
  const leaderSelect = session.getByRole('combobox', { name: '考评组长' });
  await openSelect(leaderSelect);
  const leaders = page.locator(`[id="${await leaderSelect.getAttribute('aria-controls')}"]`);
  await leaders.locator('.el-select-dropdown__item').first().click();
  await leaders.waitFor({ state: 'hidden' });
  await pickMany(page, session.getByRole('combobox', { name: '监考人员' }), { n: 2 });
  await pickMany(page, page.getByRole('combobox', { name: '督导员' }), { text: '外督' });
  await page.getByRole('button', { name: '保存' }).click();
  await page.waitForURL(/\/admin\/batches\/\d+$/);
  const batchPath = new URL(page.url()).pathname;
  const deadline = page.locator('[data-test="deadline"]');
  await deadline.waitFor();
  expect(await deadline.innerText(), 'deadline').toContain(`最晚提交日期 ${tooNearLast}`);

  // At most 9 working days before the exam: refused, naming the last day.
  await page.getByRole('button', { name: '提交区(市)审核' }).click();
  const error = page.locator('[data-test="error"]');
  await error.waitFor();
  expect(await error.innerText(), 'too late').toContain(`最晚于 ${tooNearLast} 提交`);
  await shot(page, outDir, 'batch-too-late.png', { messages: true });

  // 10 working days before: accepted.
  await setSessionDate(page.locator('[data-test="session-0"]'), inTime);
  await page.getByRole('button', { name: '保存' }).click();
  await expect
    .poll(() => deadline.innerText(), { message: 'deadline after the move' })
    .toContain(`最晚提交日期 ${inTimeLast}`);
  await shot(page, outDir, 'batch-institution.png', { messages: true });
  await page.getByRole('button', { name: '提交区(市)审核' }).click();
  await expect
    .poll(() => page.locator('[data-test="batch-state"]').innerText(), { message: 'state after submit' })
    .toBe('待区(市)审核');
  await logoutUi(page);

  // ------------------------------------------------------------ district
  await loginAs(page, 'district-370211');
  await page.goto('/admin/batches');
  await page.locator('[data-test="batches-table"] .el-table__body tr', { hasText: TITLE }).waitFor();
  await page.goto(batchPath);
  await page.locator('[data-test="review"]').waitFor();
  await shot(page, outDir, 'batch-district.png');
  await page.getByRole('button', { name: '审核通过' }).click();
  await expect
    .poll(() => page.locator('[data-test="batch-state"]').innerText(), { message: 'state after district' })
    .toBe('区(市)已审核，待市局批准');
  await logoutUi(page);

  // ------------------------------------------------------------ city
  await loginAs(page, 'city');
  await page.goto(batchPath);
  await page.locator('[data-test="review"]').waitFor();
  await page.getByRole('button', { name: '批准', exact: true }).click();
  await expect
    .poll(() => page.locator('[data-test="batch-state"]').innerText(), { message: 'state after city' })
    .toBe('已批准');
  const sessions = page.locator('[data-test="sessions-table"] .el-table__body tr');
  expect(await sessions.first().innerText(), 'paper assigned').toContain('已分配');
  await shot(page, outDir, 'batch-city.png', { messages: true });
}
