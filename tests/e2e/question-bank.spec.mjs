// Question banks (issue 5, R-EXA-3) through the UI against `zxkh serve --demo`:
//
//   1. institution (inst-Z370202T001, 青岛市胶东面塑技艺协会): 题库管理 lists its
//      approved projects; it creates the bank of ZX01001 (胶东花饽饽制作), which
//      it has none of yet;
//   2. imports an XLSX with 5 sets (the city's export of the demo's submitted
//      电商直播 bank: a real workbook in the template's layout) — first a file
//      whose last rubric sums to 99: the row errors are listed, nothing is
//      written;
//   3. adds a sixth set in the editor: the live indicator shows 合计 99 / 100,
//      the server's refusal shows at the rubric; fixed to 100 it saves;
//   4. submits (提交市局审核);
//   5. city: 题库审核 lists it among the submitted banks; reads it; approves;
//      the version shows 已封存 and no set content any more;
//   6. institution: sees the approved version sealed (metadata only);
//   7. inst-Z370211P001: assigns a paper to a new session (rotation never
//      repeats the set of the project's latest session); the past session's paper
//      opens (every read logged), the next month's is sealed (bank.sealed).
//
// Screenshots (ZXKH_E2E_OUT): question-bank-*.png.
import { apiLogin, apiRequest, loginAs, logoutUi, pickOption, settle, shot } from './helpers.mjs';

export const name = 'question-bank';
export const timeoutMs = 180_000;

const INST = 'inst-Z370202T001';

async function fetchBytes(session, path) {
  const res = await fetch(`${session.baseUrl}${path}`, { headers: { Cookie: session.cookie } });
  if (res.status !== 200) throw new Error(`GET ${path}: ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

// The version page's import input, given a file.
async function importFile(page, buffer, fileName) {
  const answer = page.waitForResponse((r) => /\/api\/question-banks\/versions\/\d+\/import$/.test(new URL(r.url()).pathname));
  answer.catch(() => {});
  await page.locator('.import-button input[type=file]').setInputFiles({
    name: fileName,
    mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    buffer,
  });
  const r = await answer;
  return { status: r.status(), body: await r.json() };
}

export async function run({ page, baseUrl, outDir, expect }) {
  // The XLSX to import: the city's export of the demo's submitted bank (5 sets).
  const city = await apiLogin(baseUrl, 'city');
  const queue = await apiRequest(city, 'GET', '/api/question-banks?state=submitted');
  expect(queue.status, 'GET review queue').toBe(200);
  const live = queue.body.items.find((b) => b.project.code === 'ZX04001');
  expect(!!live, 'the demo 电商直播 bank awaits the city').toBe(true);
  const workbook = await fetchBytes(city, `/api/question-banks/versions/${live.open_version.id}/export.xlsx`);
  expect(workbook.subarray(0, 2).toString('latin1'), 'export is a zip (xlsx)').toBe('PK');

  // 1. The institution creates its ZX01001 bank.
  await loginAs(page, INST);
  await page.getByRole('menuitem', { name: '题库管理' }).click();
  await page.waitForURL((u) => u.pathname === '/admin/question-banks');
  const row = page.locator('.project-table tbody tr', { hasText: 'ZX01001' });
  await row.waitFor();
  await shot(page, outDir, 'question-bank-institution-list.png');
  const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/question-banks' && r.request().method() === 'POST');
  created.catch(() => {});
  await row.getByRole('button', { name: '新建题库' }).click();
  expect((await created).status(), 'POST /api/question-banks').toBe(201);
  await page.waitForURL((u) => /\/admin\/question-banks\/versions\/\d+$/.test(u.pathname));
  const versionPath = new URL(page.url()).pathname;
  const versionId = Number(versionPath.split('/').pop());
  await page.getByText('还没有试题').waitFor();

  // 2. A workbook with a rubric of 99: row errors, nothing written.
  const inst = await apiLogin(baseUrl, INST);
  // A CSV in the template's columns (the import reads XLSX or CSV by content).
  const badCsv = [
    '套号,套题名称,行类型,标题或评分项,操作要求或评分标准,时长(分钟),材料设备,分值',
    '1,第一套,任务,寿桃造型,按图样制作,90,面粉,',
    '1,,评分,造型,形态饱满,,,60',
    '1,,评分,色泽,点色自然,,,39',
  ].join('\n');
  const bad = await importFile(page, Buffer.from(badCsv, 'utf8'), '题库-错误.csv');
  expect(bad.status, 'import with errors answers 200 with the errors').toBe(200);
  expect(bad.body.errors.length, 'one error').toBe(1);
  const errors = page.locator('.import-errors');
  await errors.waitFor();
  const errorText = await errors.innerText();
  expect(errorText, 'error names the row').toContain('2');
  expect(errorText, 'error names the column').toContain('分值');
  expect(errorText, 'error gives the sum').toContain('99');
  await shot(page, outDir, 'question-bank-import-errors.png');
  const untouched = await apiRequest(inst, 'GET', `/api/question-banks/versions/${versionId}`);
  expect(untouched.body.sets.length, 'nothing written').toBe(0);

  // The good workbook: 5 sets.
  const good = await importFile(page, workbook, '题库.xlsx');
  expect(good.status, 'import').toBe(200);
  expect(good.body.imported_sets, 'imported sets').toBe(5);
  await expect.poll(() => page.locator('.set-card').count(), { message: 'sets shown' }).toBe(5);

  // 3. A sixth set in the editor: the live total, then the server's refusal at the field.
  await page.getByRole('button', { name: '新增一套试题' }).click();
  const editor = page.locator('.set-editor');
  await editor.waitFor();
  await editor.locator('.title-input input').fill('胶东花饽饽制作 补充套（刺猬）');
  await editor.locator('.task-title input').fill('刺猬造型花饽饽制作');
  await editor.locator('.task-instructions textarea').fill('按图样完成刺猬造型，背刺用剪刀剪出。');
  await editor.locator('.task-materials input').fill('面粉、酵母、剪刀、蒸笼');
  await editor.locator('.rubric-description input').first().fill('造型');
  await editor.locator('.rubric-standard input').first().fill('形态逼真，每处缺陷扣 5 分');
  await editor.locator('.rubric-points input').first().fill('60');
  await editor.getByRole('button', { name: '添加评分项' }).click();
  await editor.locator('.rubric-description input').nth(1).fill('蒸制与卫生');
  await editor.locator('.rubric-standard input').nth(1).fill('无塌陷，台面整洁');
  await editor.locator('.rubric-points input').nth(1).fill('39');
  await editor.locator('.rubric-points input').nth(1).blur();
  await expect.poll(() => editor.locator('.rubric-total').innerText(), { message: 'live total' }).toContain('合计 99 / 100');
  const refused = page.waitForResponse((r) => /\/sets$/.test(new URL(r.url()).pathname) && r.request().method() === 'POST');
  refused.catch(() => {});
  await editor.getByRole('button', { name: '保存' }).click();
  expect((await refused).status(), 'rubric of 99 refused').toBe(400);
  await editor.locator('.rubric-error').waitFor();
  expect(await editor.locator('.rubric-error').innerText(), 'message at the rubric').toContain('应恰好为 100 分');
  await shot(page, outDir, 'question-bank-rubric-99.png');
  await editor.locator('.rubric-points input').nth(1).fill('40');
  await editor.locator('.rubric-points input').nth(1).blur();
  await expect.poll(() => editor.locator('.rubric-total').innerText(), { message: 'live total' }).toContain('合计 100 / 100');
  const saved = page.waitForResponse((r) => /\/sets$/.test(new URL(r.url()).pathname) && r.request().method() === 'POST');
  saved.catch(() => {});
  await editor.getByRole('button', { name: '保存' }).click();
  expect((await saved).status(), 'set saved').toBe(201);
  await editor.waitFor({ state: 'hidden' });
  await expect.poll(() => page.locator('.set-card').count(), { message: 'sets shown' }).toBe(6);

  // 4. Submit.
  const submitted = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/submit'));
  submitted.catch(() => {});
  await page.getByRole('button', { name: '提交市局审核' }).click();
  expect((await submitted).status(), 'submit').toBe(200);
  await expect.poll(() => page.locator('.state-tag').innerText(), { message: 'state after submitting' }).toContain('待市局审核');
  await shot(page, outDir, 'question-bank-submitted.png');
  await logoutUi(page);

  // 5. The city approves.
  await loginAs(page, 'city');
  await page.getByRole('menuitem', { name: '题库审核' }).click();
  await page.waitForURL((u) => u.pathname === '/admin/question-banks');
  const queued = page.locator('.bank-table tbody tr', { hasText: '青岛市胶东面塑技艺协会' }).filter({ hasText: 'ZX01001' });
  await queued.waitFor();
  await shot(page, outDir, 'question-bank-city-queue.png');
  await queued.getByRole('button', { name: '审核' }).click();
  await page.waitForURL((u) => u.pathname === versionPath);
  await page.locator('.set-card').first().waitFor();
  expect(await page.locator('.set-card').first().innerText(), 'the city reads the submitted content').toContain('评分标准');
  await page.getByRole('button', { name: '审核通过' }).click();
  const box = page.locator('.el-message-box');
  await box.waitFor();
  const approved = page.waitForResponse((r) => new URL(r.url()).pathname.endsWith('/approve'));
  approved.catch(() => {});
  await box.getByRole('button', { name: '通过' }).click();
  expect((await approved).status(), 'approve').toBe(200);
  await expect.poll(() => page.locator('.state-tag').innerText(), { message: 'state after approval' }).toContain('已通过');
  await page.locator('.sealed-note').waitFor();
  await settle(page);
  expect(await page.locator('.set-card .el-table').count(), 'no rubric shown once sealed').toBe(0);
  await shot(page, outDir, 'question-bank-approved-sealed.png');
  await logoutUi(page);

  // 6. The institution sees it sealed too.
  await loginAs(page, INST);
  await page.goto(versionPath);
  await page.locator('.sealed-note').waitFor();
  expect(await page.locator('.set-card').count(), 'six sets listed').toBe(6);
  expect(await page.locator('.set-card .el-table').count(), 'content sealed for the institution').toBe(0);
  const api = await apiRequest(inst, 'GET', `/api/question-banks/versions/${versionId}`);
  expect(api.body.version.state, 'state').toBe('approved');
  expect(api.body.sets.every((s) => s.sealed && !('tasks' in s)), 'API gives metadata only').toBe(true);

  await logoutUi(page);

  // 7. Session papers: readable from the start, sealed before.
  await loginAs(page, 'inst-Z370211P001');
  await page.getByRole('menuitem', { name: '题库管理' }).click();
  await page.waitForURL((u) => u.pathname === '/admin/question-banks');
  const papers = page.locator('.paper-table tbody tr');
  await papers.first().waitFor();
  // Rotation: whatever the demo's sessions took (banks and batches both
  // assign), the new session never gets the latest session's set.
  const owner = await apiLogin(baseUrl, 'inst-Z370211P001');
  const before = await apiRequest(owner, 'GET', '/api/papers');
  expect(before.status, 'GET /api/papers').toBe(200);
  const latest = before.body.items
    .filter((p) => p.project.code === 'ZX01001')
    // The rotation's "previous session" is the most recently assigned one.
    .reduce((a, b) => (a === null || b.assigned_at > a.assigned_at || (b.assigned_at === a.assigned_at && b.id > a.id) ? b : a), null);
  expect(latest !== null, 'the demo has ZX01001 sessions').toBe(true);
  await page.getByRole('button', { name: '为场次分配试卷' }).click();
  const assignDialog = page.locator('.el-dialog', { hasText: '为考核场次分配试卷' });
  await assignDialog.waitFor();
  await pickOption(page, assignDialog.getByRole('combobox').first(), 'ZX01001');
  await assignDialog.getByPlaceholder('如 2026-12-01-上午-1 号考场').fill('E2E-场次-1');
  const dateInput = assignDialog.locator('.el-date-editor input');
  await dateInput.fill('2027-01-20 09:00');
  await dateInput.press('Enter');
  await assignDialog.locator('.el-dialog__title').click(); // closes the picker
  const assigned = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/papers' && r.request().method() === 'POST');
  assigned.catch(() => {});
  await assignDialog.getByRole('button', { name: '分配', exact: true }).click();
  const assignedAnswer = await assigned;
  expect(assignedAnswer.status(), 'POST /api/papers').toBe(201);
  const paperBody = await assignedAnswer.json();
  expect(paperBody.set.id !== latest.set.id, `a set other than the latest session's (${latest.set.title})`).toBe(true);
  expect(paperBody.project.code, 'same project').toBe('ZX01001');
  expect(paperBody.session_start, 'start as entered').toBe('2027-01-20T09:00:00.000+08:00');
  await assignDialog.waitFor({ state: 'hidden' });
  await papers.filter({ hasText: 'E2E-场次-1' }).waitFor();
  const read = page.waitForResponse((r) => /^\/api\/papers\/\d+$/.test(new URL(r.url()).pathname));
  read.catch(() => {});
  await papers.filter({ hasText: '查看试卷' }).first().getByRole('button', { name: '查看试卷' }).click();
  expect((await read).status(), 'a started session\'s paper').toBe(200);
  const paperDialog = page.locator('.el-dialog', { hasText: '场次试卷' });
  await paperDialog.locator('.task').first().waitFor();
  expect(await paperDialog.innerText(), 'the paper shows its rubric').toContain('评分细则合计 100 分');
  await shot(page, outDir, 'question-bank-paper.png');
  await paperDialog.getByRole('button', { name: 'Close' }).click().catch(() => page.keyboard.press('Escape'));
  await paperDialog.waitFor({ state: 'hidden' });
  const sealed = page.waitForResponse((r) => /^\/api\/papers\/\d+$/.test(new URL(r.url()).pathname));
  sealed.catch(() => {});
  await papers.filter({ hasText: '密封中' }).first().getByRole('button', { name: '密封中' }).click();
  expect((await sealed).status(), 'a future session\'s paper is sealed').toBe(409);
  await page.locator('.el-dialog', { hasText: '前密封' }).waitFor();
}
