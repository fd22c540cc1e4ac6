// The whole assessment chain (issue 6 point 6) through the UI, on a server
// of its own whose clock is fake (`zxkh serve --fake-clock`), so that the
// exam day arrives and 5 working days of publicity pass in seconds:
//
//   2026-09-01 — institution Z370211P001 enters three candidates (录入考生)
//     for its 2026 胶东花饽饽制作 plan item (exam 2026-09-19: the only 2026
//     item, open for registration until then).
//   2026-12-01 (Tue) 08:00 — it plans a batch: for 2026-12-14 it is refused
//     (9 working days left; last day 2026-11-30), for 2026-12-15 it is
//     accepted (10 working days: today is its last day); 黄岛区 approves,
//     the city approves (paper assigned); the institution assigns the
//     candidates (自动安排).
//   2026-12-15 19:40 — proctor-01 signs two candidates in (name + ID);
//     20:05 — closes the session: the third is absent.
//     examiner-02, examiner-03 and then the group leader examiner-01 score
//     both present candidates item by item on a 1024×768 tablet; the leader
//     signs off: finals 83.8 (合格) and 59.0 (不合格).
//     The institution opens the results publicity (2026-12-15 to 12-21).
//   2026-12-18 (4th working day) — the public page lists the names with
//     masked IDs; closing is refused with the server's message.
//   2026-12-22 — closed, submitted, 黄岛区 approves, the city approves:
//     合格 / 不合格 per candidate who sat (the absent one has no result).
//
// The browser's clock follows the server's (context.clock). Screenshots
// (ZXKH_E2E_OUT): scoring-*.png; they keep the success toast of the step
// they follow (waiting ~3 s for each to fade would slow the spec down).
import {
  field,
  lastSubmissionDay,
  loginAs,
  logoutUi,
  maskedId,
  pickOption,
  planBatchThroughApproval,
  shot,
  withCheckChar,
} from './helpers.mjs';

export const name = 'scoring';
export const timeoutMs = 180_000;
const START = '2026-09-01T08:00:00+08:00';
export const serverArgs = ['--fake-clock', START]; // run.mjs adds --demo

const TITLE = '端到端全流程批次';
const CANDIDATES = [
  { name: '孙晓梅', id: withCheckChar('37021119880315102'), phone: '13905320101' },
  { name: '刘建国', id: withCheckChar('37021119790622103'), phone: '13905320102' },
  { name: '周雨桐', id: withCheckChar('37021119950908104'), phone: '13905320103' },
];
// Item scores (rubric 15 + 35 + 20 + 15 + 5 + 10) of examiner-01, -02, -03.
const SCORES = {
  孙晓梅: [
    [14, 30, 18, 13, 5, 10], // 90.0
    [13, 28, 17.5, 12, 4, 9], // 83.5
    [12, 27, 16, 12, 3, 8], // 78.0
  ], // mean 251.5 / 3 = 83.83 → 83.8
  刘建国: [
    [8, 20, 10, 8, 3, 6], // 55.0
    [9, 21, 12, 9, 2, 5], // 58.0
    [10, 22, 12, 10, 3, 7], // 64.0
  ], // mean 177 / 3 = 59.0 → 不合格
};
const FINALS = { 孙晓梅: '83.8', 刘建国: '59.0' };
const EXAMINERS = ['examiner-01', 'examiner-02', 'examiner-03']; // 张立华 leads

// Moves the server's clock (test-only route) and the browser's with it.
async function setClock(page, baseUrl, body) {
  const res = await fetch(`${baseUrl}/api/test/clock`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = await res.json();
  if (res.status !== 200) throw new Error(`POST /api/test/clock: ${res.status} ${json?.code}`);
  await page.context().clock.setSystemTime(new Date(json.unix_ms));
  return json.now;
}

// 录入考生 (the institution's entry form) for the 2026-09-19 item.
async function enterCandidate(page, c) {
  await page.getByRole('button', { name: '录入考生' }).click();
  const dialog = page.locator('.entry-dialog');
  await dialog.waitFor();
  const item = (label) => dialog.locator('.el-form-item').filter({ hasText: label });
  await pickOption(page, item('考核项目').getByRole('combobox'), '2026-09-19');
  await item('姓名').locator('input').fill(c.name);
  await item('证件号码').locator('input').fill(c.id);
  await item('手机号').locator('input').fill(c.phone);
  const saved = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/registrations' && r.request().method() === 'POST');
  await dialog.getByRole('button', { name: '保存' }).click();
  const status = (await saved).status();
  if (status !== 201) throw new Error(`registration of ${c.name}: ${status}`);
  await dialog.waitFor({ state: 'hidden' });
}

// One examiner scores every present candidate on the tablet-sized page.
async function scoreAll(page, examinerIndex, sessionPath) {
  await page.goto('/admin/scoring');
  const card = page.locator('.session-card', { hasText: TITLE });
  await card.getByRole('button', { name: '进入评分' }).click();
  await page.waitForURL((u) => u.pathname === sessionPath);
  for (const [who, sheets] of Object.entries(SCORES)) {
    await page.locator('.cand', { hasText: who }).click();
    await page.locator('.form').getByText(who).first().waitFor();
    const items = sheets[examinerIndex];
    for (const [i, v] of items.entries()) {
      const input = page.locator(`[data-test="item-${i}"] input`);
      await input.fill(String(v));
      await input.press('Tab');
    }
    const total = items.reduce((a, b) => a + b, 0).toFixed(1);
    await page.locator('[data-test="live-total"]').getByText(`合计：${total} 分`).waitFor();
    const saved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().includes('/candidates/'));
    await page.locator('[data-test="submit-score"]').click();
    const status = (await saved).status();
    if (status !== 200) throw new Error(`${EXAMINERS[examinerIndex]} scoring ${who}: ${status}`);
    await page.locator('.cand', { hasText: who }).getByText(`我的合计 ${total}`).waitFor();
  }
}

async function resultsState(page) {
  return page.locator('[data-test="results-state"]').innerText();
}

export async function run({ page, context, baseUrl, outDir, expect }) {
  await context.clock.install({ time: new Date(START) });
  // The exam days: 12-14 is too near on 12-01, 12-15 is just in time.
  const tooNear = { date: '2026-12-14', last: await lastSubmissionDay(baseUrl, '2026-12-14') };
  const inTime = { date: '2026-12-15', last: await lastSubmissionDay(baseUrl, '2026-12-15') };
  expect(tooNear.last, 'last day for 12-14').toBe('2026-11-30');
  expect(inTime.last, 'last day for 12-15').toBe('2026-12-01');

  // ------------------------------------------------ 09-01: candidates
  await loginAs(page, 'inst-Z370211P001');
  await page.goto('/admin/registrations');
  for (const c of CANDIDATES) await enterCandidate(page, c);
  await shot(page, outDir, 'scoring-registrations.png');
  await logoutUi(page);

  // ------------------------------------------------ 12-01: the batch plan
  await setClock(page, baseUrl, { now: '2026-12-01T08:00:00+08:00' });

  const batchPath = await planBatchThroughApproval(page, {
    outDir,
    expect,
    prefix: 'scoring-batch',
    title: TITLE,
    tooNear,
    inTime,
    staff: {
      examiners: { texts: ['张立华', '高明', '许丽'] },
      leader: '张立华',
      proctors: { texts: ['何静', '罗斌'] },
    },
  });
  const batchId = Number(batchPath.split('/').pop());
  await logoutUi(page);

  await loginAs(page, 'inst-Z370211P001');
  await page.goto(`${batchPath}/candidates`);
  await page.locator('[data-test="auto-assign"]').click();
  const session1 = page.locator('[data-test="session-1"]');
  for (const c of CANDIDATES) await session1.getByText(c.name).waitFor();
  await shot(page, outDir, 'scoring-assigned.png');
  await logoutUi(page);

  // ------------------------------------------------ 12-15: exam day
  await setClock(page, baseUrl, { now: '2026-12-15T19:40:00+08:00' });
  await loginAs(page, 'proctor-01');
  await page.goto('/admin/exam-day');
  await page.locator('[data-test="my-sessions"] .el-table__row', { hasText: TITLE }).getByText('考务').click();
  await page.locator('[data-test="candidates"] .el-table__row').first().waitFor();
  const sessionPath = new URL(page.url()).pathname; // /admin/exam-day/sessions/N
  const sessionId = sessionPath.split('/').pop();
  for (const c of CANDIDATES.slice(0, 2)) {
    await field(page, 'sign-name').fill(c.name);
    await field(page, 'sign-id').fill(c.id);
    await page.locator('[data-test="sign-in"]').click();
    await page.locator('.el-message--success').getByText(`${c.name} 已签到`).waitFor();
  }
  await shot(page, outDir, 'scoring-sign-in.png');
  await setClock(page, baseUrl, { now: '2026-12-15T20:05:00+08:00' });
  await page.locator('[data-test="close"]').click();
  await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click();
  await page.locator('.el-message--success').getByText('场次已结束').waitFor();
  const absent = page.locator('[data-test="candidates"] .el-table__row', { hasText: CANDIDATES[2].name });
  await absent.getByText('缺考').waitFor();
  await shot(page, outDir, 'scoring-session-closed.png');
  await logoutUi(page);

  // Scoring on a tablet: the leader (examiner-01) scores last and signs off.
  await page.setViewportSize({ width: 1024, height: 768 });
  const scoringPath = `/admin/scoring/sessions/${sessionId}`;
  for (const i of [1, 2, 0]) {
    await loginAs(page, EXAMINERS[i]);
    await scoreAll(page, i, scoringPath);
    if (i === 1) await shot(page, outDir, 'scoring-examiner-tablet.png');
    if (i !== 0) await logoutUi(page);
  }
  await page.locator('[data-test="sign-off"]').click();
  await page.locator('.el-message-box').getByRole('button', { name: /确定|OK/ }).click();
  await expect
    .poll(() => page.locator('[data-test="sheet-state"]').innerText(), { message: 'sheet after sign-off' })
    .toBe('已签字锁定');
  for (const [who, final] of Object.entries(FINALS)) {
    const verdict = Number(final) >= 60 ? '合格' : '不合格';
    await page.locator('.cand', { hasText: who }).getByText(`最终 ${final}（${verdict}）`).waitFor();
  }
  await shot(page, outDir, 'scoring-signed-off.png');
  await logoutUi(page);
  await page.setViewportSize({ width: 1280, height: 800 });

  // The institution opens the results publicity.
  const resultsPath = `/admin/results/${batchId}`;
  await loginAs(page, 'inst-Z370211P001');
  await page.goto(resultsPath);
  await page.locator('[data-test="open-publicity"]').click();
  await expect.poll(() => resultsState(page), { message: 'after opening' }).toBe('公示中');
  await page.getByText('2026-12-15 至 2026-12-21').waitFor();
  await shot(page, outDir, 'scoring-publicity-opened.png');
  await logoutUi(page);

  // ------------------------------------------------ 12-18: 4th working day
  await setClock(page, baseUrl, { now: '2026-12-18T10:00:00+08:00' });
  await page.goto('/results-publicity');
  const card = page.locator(`[data-test="publicity-${batchId}"]`);
  await card.waitFor();
  const publicText = await card.innerText();
  // Those who sat, with masked ID numbers; the absent candidate has no result.
  for (const c of CANDIDATES.slice(0, 2)) {
    expect(publicText, `public ${c.name}`).toContain(c.name);
    expect(publicText, `masked ${c.name}`).toContain(maskedId(c.id));
    expect(publicText.includes(c.id), `full ID of ${c.name} hidden`).toBe(false);
  }
  expect(publicText, 'absent not publicized').not.toContain(CANDIDATES[2].name);
  expect(publicText, 'no scores in public').not.toContain(FINALS['孙晓梅']);
  await shot(page, outDir, 'scoring-publicity-public.png');

  await loginAs(page, 'inst-Z370211P001');
  await page.goto(resultsPath);
  await page.locator('[data-test="close-publicity"]').click();
  const error = page.locator('[data-test="error"]');
  await error.waitFor();
  expect(await error.innerText(), 'close refused').toContain(
    '结果公示不少于 5 个工作日：自 2026-12-15 起公示至 2026-12-21，2026-12-22 起方可结束公示',
  );
  expect(await resultsState(page), 'still in publicity').toBe('公示中');
  await shot(page, outDir, 'scoring-close-refused.png');
  await logoutUi(page);

  // ------------------------------------------------ 12-22: close, approvals
  await setClock(page, baseUrl, { now: '2026-12-22T09:00:00+08:00' });
  await loginAs(page, 'inst-Z370211P001');
  await page.goto(resultsPath);
  await page.locator('[data-test="close-publicity"]').click();
  await expect.poll(() => resultsState(page), { message: 'after closing' }).toBe('公示结束，待报送');
  await page.locator('[data-test="submit-results"]').click();
  await expect.poll(() => resultsState(page), { message: 'after submitting' }).toBe('待区(市)初审');
  await logoutUi(page);

  await loginAs(page, 'district-370211');
  await page.goto(resultsPath);
  await page.locator('[data-test="approve-results"]').click();
  await expect.poll(() => resultsState(page), { message: 'after district' }).toBe('区(市)已初审，待市局审核');
  await logoutUi(page);

  await loginAs(page, 'city');
  await page.goto(resultsPath);
  await page.locator('[data-test="approve-results"]').click();
  await expect.poll(() => resultsState(page), { message: 'after city' }).toBe('已批准');
  const lines = page.locator('[data-test="lines"] .el-table__row');
  const line = async (who) => (await lines.filter({ hasText: who }).innerText()).replace(/\s+/g, ' ');
  const stateTag = (who) => lines.filter({ hasText: who }).locator('[data-test="registration-state"]').innerText();
  expect(await line('孙晓梅'), '孙晓梅').toMatch(/83\.8 合格/);
  expect(await stateTag('孙晓梅'), '孙晓梅 registration').toBe('合格');
  expect(await line('刘建国'), '刘建国').toMatch(/59\.0 不合格/);
  expect(await stateTag('刘建国'), '刘建国 registration').toBe('不合格');
  // Results are of those who sat: the absent candidate has no line.
  expect(await lines.filter({ hasText: CANDIDATES[2].name }).count(), 'absent has no result line').toBe(0);
  await shot(page, outDir, 'scoring-approved.png');
}
