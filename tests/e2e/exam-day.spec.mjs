// Exam day (issue 6 point 3, R-EXA-9) through the UI against
// `zxkh serve --demo`, on the demo's approved December batch (第一批, ahead
// of the real clock, so sign-in is not open yet):
//
//   1. institution (Z370211P001): the batch list flags the batch (录像缺口);
//      its candidate page lists the two sessions with their candidates and
//      the coverage alert;
//   2. proctor-01: "我的场次" lists session 1; its page lists the
//      candidates, refuses a sign-in before the window with the reason, and
//      the coverage check of session 1 is green; the recordings list shows
//      the demo recording's file, and uploading a file whose SHA-256 is not
//      the registered one is refused with the reason;
//   3. district (黄岛区): sees the flag on the batch list and downloads the
//      demo recording's file; the institution has the results-publicity
//      objection message under 通知.
//
// Screenshots (ZXKH_E2E_OUT): exam-day-*.png.
import { apiLogin, apiRequest, loginAs, logoutUi, shot } from './helpers.mjs';

export const name = 'exam-day';
export const timeoutMs = 90_000;

export async function run({ page, baseUrl, outDir, expect }) {
  const inst = await apiLogin(baseUrl, 'inst-Z370211P001');
  const list = await apiRequest(inst, 'GET', '/api/batches?state=approved');
  const batch = list.body.items.find((b) => b.project_code === 'ZX01001' && b.coverage_flagged);
  expect(Boolean(batch), 'flagged demo batch').toBe(true);

  // 1. institution
  await loginAs(page, 'inst-Z370211P001');
  await page.goto('/admin/batches');
  await page.locator('[data-test="batches-table"] [data-test="coverage-flag"]').first().waitFor();
  await page.goto(`/admin/batches/${batch.id}/candidates`);
  await page.locator('[data-test="session-1"]').waitFor();
  await page.locator('[data-test="coverage-flag"]').waitFor();
  const first = await page.locator('[data-test="session-1"]').innerText();
  expect(first, 'session 1').toContain('01');
  await shot(page, outDir, 'exam-day-assignment.png');
  await logoutUi(page);

  // 2. proctor
  await loginAs(page, 'proctor-01');
  await page.goto('/admin/exam-day');
  const mine = page.locator('[data-test="my-sessions"]');
  // Other specs (batch) may have given proctor-01 sessions too: open the
  // demo batch's first session by its title.
  const demoRow = mine.locator('.el-table__row', { hasText: batch.title }).first();
  await demoRow.getByText('考务').first().waitFor();
  expect(await mine.innerText(), 'my sessions').toContain(batch.title);
  await demoRow.getByText('考务').first().click();
  await page.locator('[data-test="candidates"] .el-table__row').first().waitFor();
  await page.locator('input[aria-label="姓名"]').fill('郑美玲');
  await page.locator('input[aria-label="证件号码"]').fill('370211199003124020');
  await page.locator('[data-test="sign-in"]').click();
  await page.locator('.el-message--error').getByText('开始前 1 小时').waitFor();
  await page.locator('[data-test="check-coverage"]').click();
  await page.locator('[data-test="coverage"]').getByText('录像完整覆盖考核时间').waitFor();
  const recRows = page.locator('[data-test="coverage"] .el-table__row');
  await recRows.filter({ hasText: '考场前门-上半场.mp4' }).first().waitFor();
  const bare = recRows.filter({ hasText: '未上传' }).first();
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), bare.locator('[data-test="rec-upload"]').click()]);
  await chooser.setFiles({ name: '错误的录像.mp4', mimeType: 'video/mp4', buffer: Buffer.from('not the registered video') });
  await page.locator('.el-message--error').getByText('SHA-256 与登记的录像不一致').waitFor();
  await shot(page, outDir, 'exam-day-session.png');
  await logoutUi(page);

  // 3. district
  await loginAs(page, 'district-370211');
  await page.goto('/admin/batches');
  await page.locator('[data-test="state-select"]').waitFor();
  const all = await apiRequest(await apiLogin(baseUrl, 'district-370211'), 'GET', '/api/batches?state=approved');
  expect(all.body.items.some((b) => b.id === batch.id && b.coverage_flagged), 'district sees the flag').toBe(true);
  const district = await apiLogin(baseUrl, 'district-370211');
  const sessions = await apiRequest(inst, 'GET', `/api/batches/${batch.id}/assignment`);
  const cov = await apiRequest(district, 'POST', `/api/exam-day/sessions/${sessions.body.sessions[0].id}/coverage-check`);
  const withFile = cov.body.recordings.find((r) => r.has_file);
  expect(Boolean(withFile), 'a demo recording has its file').toBe(true);
  const file = await apiRequest(district, 'GET', `/api/exam-day/recordings/${withFile.id}/file`);
  expect(file.status, 'district downloads the recording file').toBe(200);

  const notes = await apiRequest(inst, 'GET', '/api/notifications?page_size=200');
  expect(
    notes.body.items.some((n) => n.title === '考核结果公示收到异议'),
    'the institution has the results objection message',
  ).toBe(true);
}
