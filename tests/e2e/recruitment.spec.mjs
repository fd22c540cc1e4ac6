// Institution recruitment (issue 4, R-INS-1 … R-INS-6) through the UI against
// `zxkh serve --demo`, one institution from registration to publicity:
//
//   1. public: the home page leads to 考核机构申报; a new 城阳区 training school
//      registers (the credit code's check character is refused first);
//   2. applicant: logs in, creates an application for two active projects,
//      uploads the six material types (a question bank per project: 7 files,
//      real PDF bytes made here) watching the completeness indicator, submits,
//      recalls, submits again;
//   3. district (城阳区): the reason is required to return; marks the question
//      bank 不合格 with a note and returns the application with a reason;
//   4. applicant: the bell shows the unread message, which leads to the
//      application; the reason and the per-material finding are shown; replaces
//      the question bank and resubmits (第 3 次提交: the recall kept the count);
//   5. district: records every material 合格 and forwards to the city;
//   6. city: enters two evaluation forms (a score above the maximum is bounded
//      to it; the list shows both forms and the mean), concludes (入选);
//   7. city: opens a publicity round starting today; the end date the server
//      computed (R-CAL, ≥ 5 working days) is shown and equals the round's;
//   8. public: files an objection on the 公示 page;
//   9. city: dismisses it (驳回异议) with a note;
//  10. city: 确定考核机构 is disabled with the reason "公示期至 <end> 结束，
//      <end+1> 起方可确定考核机构", and the server, asked directly, refuses the
//      approval (409 recruitment.publicity_running) with exactly that text.
//
//  11. city: approves the demo's 平度市 application, whose 5-working-day
//      publicity ended without objection (the new applicant's own round cannot
//      end during a test run: the server keeps the real clock and refuses a
//      round dated in the past) — the institution gets its code Z370283P…;
//  12. city: reports it to the province (报送省厅); province: publishes it
//      (机构公布);
//  13. public: the directory lists it with its code, still without the new
//      applicant; filters by district and project, the paging total, and the
//      /institutions/:code page the receipt's QR code points to.
//
// Screenshots (ZXKH_E2E_OUT): recruitment-*.png, one per role's main page.
import { apiLogin, apiRequest, loginAs, loginUi, logoutUi, pickOption, settle, shot } from './helpers.mjs';

export const name = 'recruitment';
export const timeoutMs = 240_000;

const PASSWORD = 'Jigou#2026abc';
const PROJECTS = [
  { code: 'ZX02002', name: '菌类栽培' },
  { code: 'ZX03004', name: '黑陶制作' },
];

// ---------------------------------------------------------------- data

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

function creditCheck(first17) {
  const sum = [...first17].reduce((acc, ch, i) => acc + CREDIT_ALPHABET.indexOf(ch) * CREDIT_WEIGHTS[i], 0);
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31];
}

function randomCreditCode() {
  let body = '52370214MJ';
  while (body.length < 17) body += CREDIT_ALPHABET[Math.floor(Math.random() * CREDIT_ALPHABET.length)];
  return body + creditCheck(body);
}

// A small valid one-page PDF (real bytes, so the server's content sniffing
// accepts it as application/pdf).
function tinyPdf(text) {
  const stream = `BT /F1 14 Tf 72 760 Td (${text.replace(/[()\\]/g, '\\$&')}) Tj ET`;
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
    `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets = [];
  objects.forEach((o, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const off of offsets) pdf += `${String(off).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(pdf, 'latin1');
}

// ---------------------------------------------------------------- steps

// Runs `action` and returns the answer to the first request matching.
async function answerOf(page, method, pathRe, action) {
  const answer = page.waitForResponse(
    (r) => r.request().method() === method && pathRe.test(new URL(r.url()).pathname),
  );
  answer.catch(() => {});
  await action();
  return answer;
}

async function confirmBox(page, button) {
  const box = page.locator('.el-message-box');
  await box.waitFor();
  await box.getByRole('button', { name: button, exact: true }).click();
  await box.waitFor({ state: 'hidden' });
}

async function stateTag(page) {
  return (await page.locator('.application-info .state-tag').innerText()).trim();
}

async function menu(page, ...path) {
  for (const item of path) await page.getByRole('menuitem', { name: item, exact: true }).click();
}

function materialRow(page, label) {
  return page.locator('.materials-table .el-table__body tr', { hasText: label });
}

async function uploadPdf(page, expect, appId, label, fileName) {
  const row = materialRow(page, label).first();
  const res = await answerOf(page, 'POST', new RegExp(`^/api/recruitment/applications/${appId}/materials$`), () =>
    row.locator('input[type=file]').setInputFiles({
      name: fileName,
      mimeType: 'application/pdf',
      buffer: tinyPdf(`${fileName} ${Date.now()}`),
    }),
  );
  expect(res.status(), `upload of ${label}`).toBe(201);
  const url = new URL(res.url());
  return { type: url.searchParams.get('type'), project: url.searchParams.get('project'), name: res.request().headers()['x-file-name'] };
}

export async function run({ page, baseUrl, outDir, expect }) {
  const suffix = String(Date.now()).slice(-5);
  const instName = `青岛城阳匠心职业技能培训学校${suffix}`;
  const username = `inst-e2e-${suffix}`;
  const creditCode = randomCreditCode();

  // ------------------------------------------------------------ 1. register
  await page.goto('/');
  await page.getByRole('button', { name: '考核机构申报' }).click();
  await page.waitForURL((u) => u.pathname === '/institution-register');
  await page.getByRole('heading', { name: '考核机构申报注册' }).waitFor();

  const form = page.locator('.inst-form');
  await form.getByLabel('机构名称').fill(instName);
  const wrong = creditCode.slice(0, 17) + (creditCode[17] === '1' ? '2' : '1');
  await form.getByLabel('统一社会信用代码').fill(wrong);
  await form.getByLabel('法定代表人').click(); // blur: the check character is verified here
  await form.locator('.el-form-item__error', { hasText: '校验位错误' }).waitFor();
  await form.getByLabel('统一社会信用代码').fill(creditCode.toLowerCase()); // upper-cased on blur
  await form.locator('.type-group').getByText('职业技能培训机构').click();
  await pickOption(page, page.getByRole('combobox', { name: '注册所在区(市)' }), '城阳区');
  await form.getByLabel('法定代表人').fill('林春燕');
  await form.getByLabel('联系人').fill('林春燕');
  await form.getByLabel('联系电话').fill('0532-87760001');
  await form.getByLabel('地址').fill('青岛市城阳区长城路 89 号');
  await form.getByLabel('用户名').fill(username);
  await form.getByLabel('密码', { exact: true }).fill(PASSWORD);
  await form.getByLabel('确认密码').fill(PASSWORD);
  await form.locator('.pledge').click();
  expect(await form.getByLabel('统一社会信用代码').inputValue(), 'credit code upper-cased').toBe(creditCode);
  await shot(page, outDir, 'recruitment-public-register.png');
  const registered = await answerOf(page, 'POST', /^\/api\/public\/institution-registrations$/, () =>
    form.getByRole('button', { name: '注册', exact: true }).click(),
  );
  expect(registered.status(), 'POST /api/public/institution-registrations').toBe(201);
  await page.getByText('注册成功').waitFor();

  // ------------------------------------------------------------ 2. apply
  await page.getByRole('button', { name: '登录并开始申报' }).click();
  await page.waitForURL((u) => u.pathname === '/login');
  expect(await loginUi(page, username, PASSWORD, { goto: false }), 'login of the new institution').toBe(200);
  await page.waitForURL((u) => u.pathname === '/admin/recruitment/applications');
  await page.locator('.profile-card', { hasText: creditCode }).waitFor();

  await page.getByRole('button', { name: '新建申报' }).click();
  const dialog = page.locator('.create-dialog');
  await dialog.waitFor();
  const picker = page.getByRole('combobox', { name: '申报的考核项目' });
  await picker.locator('xpath=ancestor::div[contains(@class, "el-select__wrapper")]').click();
  const options = page.locator(`[id="${await picker.getAttribute('aria-controls')}"]`);
  for (const p of PROJECTS) await options.locator('.el-select-dropdown__item', { hasText: p.code }).click();
  await picker.press('Escape');
  const created = await answerOf(page, 'POST', /^\/api\/recruitment\/applications$/, () =>
    dialog.getByRole('button', { name: '创建并填写材料' }).click(),
  );
  expect(created.status(), 'POST /api/recruitment/applications').toBe(201);
  const appId = (await created.json()).id;
  await page.waitForURL((u) => u.pathname === `/admin/recruitment/applications/${appId}`);
  const completeness = page.locator('.completeness');
  await expect.poll(() => completeness.innerText(), { message: 'completeness before uploads' }).toContain('还缺 7 项');
  const submitButton = page.getByRole('button', { name: '提交申请' });
  expect(await submitButton.isDisabled(), 'submit disabled while materials are missing').toBe(true);

  const uploads = [
    ['申请表', '申请表.pdf'],
    ['工作方案', '工作方案.pdf'],
    [`题库（${PROJECTS[0].code}`, `题库-${PROJECTS[0].name}.pdf`],
    [`题库（${PROJECTS[1].code}`, `题库-${PROJECTS[1].name}.pdf`],
    ['培训能力证明', '培训能力证明.pdf'],
    ['法人登记证书', '法人登记证书.pdf'],
  ];
  for (const [label, file] of uploads) {
    const sent = await uploadPdf(page, expect, appId, label, file);
    expect(decodeURIComponent(sent.name), `X-File-Name of ${label}`).toBe(file);
    await materialRow(page, label).first().locator('.file-link', { hasText: file }).waitFor();
  }
  const last = await uploadPdf(page, expect, appId, '信用报告', '信用报告.pdf');
  expect(last.type, 'type query parameter').toBe('credit_report');
  await expect.poll(() => completeness.innerText(), { message: 'completeness after uploads' }).toContain('材料齐全（7/7）');
  await settle(page, { messages: true });
  await shot(page, outDir, 'recruitment-applicant-editor.png', { messages: true });

  // Submit, recall (the district has not started), submit again.
  await page.getByRole('button', { name: '提交申请' }).click();
  let res = await answerOf(page, 'POST', new RegExp(`/${appId}/submit$`), () => confirmBox(page, '提交'));
  expect(res.status(), 'submit').toBe(200);
  await expect.poll(() => stateTag(page), { message: 'state after submit' }).toBe('已提交，待区(市)初审');
  await page.getByRole('button', { name: '撤回申请' }).click();
  res = await answerOf(page, 'POST', new RegExp(`/${appId}/recall$`), () => confirmBox(page, '撤回'));
  expect(res.status(), 'recall').toBe(200);
  await expect.poll(() => stateTag(page), { message: 'state after recall' }).toBe('草稿');
  await page.getByRole('button', { name: '提交申请' }).click();
  res = await answerOf(page, 'POST', new RegExp(`/${appId}/submit$`), () => confirmBox(page, '提交'));
  expect(res.status(), 'submit again').toBe(200);
  await expect.poll(() => stateTag(page), { message: 'state after the second submit' }).toBe('已提交，待区(市)初审');
  await logoutUi(page);

  // ------------------------------------------------------------ 3. district returns
  await loginAs(page, 'district-370214');
  await menu(page, '机构申报初审');
  await page.waitForURL((u) => u.pathname === '/admin/recruitment/review');
  const queueRow = page.locator('.applications-table .el-table__body tr', { hasText: instName });
  await queueRow.waitFor();
  await shot(page, outDir, 'recruitment-district-queue.png');
  await queueRow.getByRole('button', { name: '初审' }).click();
  await page.waitForURL((u) => u.pathname === `/admin/recruitment/review/${appId}`);
  await page.locator('.findings-card').waitFor();
  // Every material can be downloaded.
  expect(await page.locator('.materials-table .file-link').count(), 'download links').toBe(7);
  const bankRow = materialRow(page, `题库（${PROJECTS[1].code}`).first();
  await bankRow.getByText('不合格', { exact: true }).click();
  await bankRow.getByRole('textbox').fill('题库仅 3 套，不足 5 套');

  await page.getByRole('button', { name: '退回修改' }).click();
  const reasonDialog = page.locator('.reason-dialog');
  await reasonDialog.waitFor();
  await reasonDialog.getByRole('button', { name: '确认退回' }).click();
  await reasonDialog.getByText('请填写退回原因').waitFor(); // the reason is required
  const reason = `${PROJECTS[1].name}题库不足 5 套，请补充后重新提交`;
  await reasonDialog.getByLabel('退回原因').fill(reason);
  await shot(page, outDir, 'recruitment-district-return.png');
  res = await answerOf(page, 'POST', new RegExp(`/${appId}/return$`), () =>
    reasonDialog.getByRole('button', { name: '确认退回' }).click(),
  );
  expect(res.status(), 'return').toBe(200);
  await reasonDialog.waitFor({ state: 'hidden' });
  await expect.poll(() => stateTag(page), { message: 'state after return' }).toBe('已退回修改');
  await logoutUi(page);

  // ------------------------------------------------------------ 4. applicant resubmits
  await loginAs(page, username, PASSWORD);
  const bell = page.locator('.admin-header .bell');
  await expect.poll(() => bell.locator('.el-badge__content').innerText(), { message: 'unread count' }).toMatch(/^[1-9]/);
  await bell.click();
  await page.waitForURL((u) => u.pathname === '/admin/notifications');
  const message = page.locator('.message', { hasText: '考核机构申请被退回修改' });
  await message.waitFor();
  expect(await message.innerText(), 'the message carries the reason').toContain(reason);
  await shot(page, outDir, 'recruitment-notifications.png');
  await message.getByRole('button', { name: '前往办理' }).click();
  await page.waitForURL((u) => u.pathname === `/admin/recruitment/applications/${appId}`);
  const returned = page.locator('.district-reason');
  await returned.waitFor();
  expect(await returned.innerText(), 'return reason shown').toContain(reason);
  const finding = materialRow(page, `题库（${PROJECTS[1].code}`).first().locator('.col-finding');
  expect(await finding.innerText(), 'per-material finding shown').toContain('题库仅 3 套，不足 5 套');
  expect(await finding.innerText(), 'finding result').toContain('不合格');
  await shot(page, outDir, 'recruitment-applicant-returned.png');
  await uploadPdf(page, expect, appId, `题库（${PROJECTS[1].code}`, `题库-${PROJECTS[1].name}-补充.pdf`);
  await page.locator('.history').getByText('上传记录（8）').waitFor();
  await page.getByRole('button', { name: '重新提交' }).click();
  res = await answerOf(page, 'POST', new RegExp(`/${appId}/submit$`), () => confirmBox(page, '重新提交'));
  expect(res.status(), 'resubmit').toBe(200);
  // Submit, recall, submit, return, resubmit: the third submission.
  await expect.poll(() => page.locator('.application-info').innerText(), { message: 'submission count' }).toContain(
    '第 3 次提交',
  );
  // The unread message was marked read when opened.
  await expect.poll(async () => (await bell.locator('.el-badge__content').isVisible()) ? 'badge' : 'none', {
    message: 'bell after reading',
  }).toBe('none');
  await logoutUi(page);

  // ------------------------------------------------------------ 5. district forwards
  await loginAs(page, 'district-370214');
  await page.goto(`/admin/recruitment/review/${appId}`);
  await page.locator('.findings-card').waitFor();
  const forwardButton = page.getByRole('button', { name: '报送市局' });
  expect(await forwardButton.isDisabled(), 'forward disabled before findings').toBe(true);
  await page.getByRole('button', { name: '全部合格' }).click();
  await forwardButton.click();
  const findingsSaved = page.waitForResponse((r) => r.request().method() === 'PUT' && r.url().endsWith(`/${appId}/findings`));
  findingsSaved.catch(() => {});
  res = await answerOf(page, 'POST', new RegExp(`/${appId}/forward$`), () => confirmBox(page, '报送'));
  expect((await findingsSaved).status(), 'findings saved with the forward').toBe(200);
  expect(res.status(), 'forward').toBe(200);
  await expect.poll(() => stateTag(page), { message: 'state after forward' }).toBe('已报市局，待遴选评估');
  await logoutUi(page);

  // ------------------------------------------------------------ 6. city evaluates
  await loginAs(page, 'city');
  await menu(page, '考核机构征集', '遴选评估');
  await page.waitForURL((u) => u.pathname === '/admin/recruitment/evaluation');
  const evalRow = page.locator('.applications-table .el-table__body tr', { hasText: instName });
  await evalRow.waitFor();
  await shot(page, outDir, 'recruitment-city-evaluation-list.png');
  await evalRow.getByRole('button', { name: '评估' }).click();
  await page.waitForURL((u) => u.pathname === `/admin/recruitment/evaluation/${appId}`);
  const criteriaRows = page.locator('.criteria-table .el-table__body tr');
  await criteriaRows.first().waitFor();
  const criteria = (await apiRequest(await apiLogin(baseUrl, 'city'), 'GET', '/api/recruitment/criteria')).body.items;
  expect(await criteriaRows.count(), 'criteria rows').toBe(criteria.length);
  expect(criteria.some((c) => c.required), 'some criteria are required').toBe(true);

  async function enterForm(evaluator, pointsOf) {
    await page.getByLabel('评估专家').fill(evaluator);
    for (const c of criteria) {
      const input = page.getByRole('spinbutton', { name: `${c.title}得分` });
      await input.fill(String(pointsOf(c)));
      await input.press('Tab');
    }
    const res = await answerOf(page, 'POST', new RegExp(`/${appId}/evaluations$`), () =>
      page.getByRole('button', { name: '提交评估表' }).click(),
    );
    expect(res.status(), `evaluation form of ${evaluator}`).toBe(201);
    await page.locator('.forms-table .el-table__body tr', { hasText: evaluator }).waitFor();
  }
  // A score above the criterion's maximum is bounded to it.
  const first = criteria[0];
  const firstInput = page.getByRole('spinbutton', { name: `${first.title}得分` });
  await firstInput.fill(String(first.max_points + 50));
  await firstInput.press('Tab');
  expect(await firstInput.inputValue(), 'score bounded by the maximum').toBe(String(first.max_points));

  const full = (c) => c.max_points;
  const minusTwo = (c) => Math.max(0, c.max_points - 2);
  await enterForm('李明', full);
  await enterForm('赵晓雪', minusTwo);
  const total1 = criteria.reduce((s, c) => s + full(c), 0);
  const total2 = criteria.reduce((s, c) => s + minusTwo(c), 0);
  const mean = ((total1 + total2) / 2).toFixed(1);
  await page.getByText('已提交的评估表（2 份）').waitFor();
  expect(await page.locator('.mean-value').innerText(), 'mean of the two forms').toBe(mean);
  await shot(page, outDir, 'recruitment-city-evaluation.png', { messages: true });
  await page.getByRole('button', { name: '作出评估结论' }).click();
  res = await answerOf(page, 'POST', new RegExp(`/${appId}/conclude$`), () => confirmBox(page, '作出结论'));
  expect(res.status(), 'conclude').toBe(200);
  await expect.poll(() => stateTag(page), { message: 'state after conclude' }).toBe('评估入选，待公示');

  // ------------------------------------------------------------ 7. publicity
  await menu(page, '公示管理');
  await page.waitForURL((u) => u.pathname === '/admin/recruitment/publicity');
  const candidate = page.locator('.evaluated-table .el-table__body tr', { hasText: instName });
  await candidate.waitFor();
  await candidate.locator('.el-checkbox').click();
  const opened = await answerOf(page, 'POST', /^\/api\/recruitment\/publicity-rounds$/, () =>
    page.getByRole('button', { name: /^开始公示（1 份）$/ }).click(),
  );
  expect(opened.status(), 'POST /api/recruitment/publicity-rounds').toBe(201);
  const round = await opened.json();
  const end = round.end_date;
  expect(end > round.start_date, 'end date after the start').toBe(true);
  const openedAlert = page.locator('.opened-alert');
  await openedAlert.waitFor();
  expect(await openedAlert.locator('.round-end').innerText(), 'end date shown').toBe(end);
  await page.locator('.rounds-table .el-table__body tr', { hasText: `${round.start_date} 至 ${end}` }).first().waitFor();
  await page.locator(`.publicizing-item[data-application="${appId}"]`, { hasText: '暂无异议' }).waitFor();
  await shot(page, outDir, 'recruitment-city-publicity.png', { messages: true });
  await logoutUi(page);

  // ------------------------------------------------------------ 8. objection
  await page.getByRole('link', { name: '公示公告' }).click();
  await page.waitForURL((u) => u.pathname === '/publicity');
  const item = page.locator(`.item[data-application="${appId}"]`);
  await item.waitFor();
  expect(await item.innerText(), 'publicity dates').toContain(`${round.start_date} 至 ${end}`);
  await item.getByRole('button', { name: '提出异议' }).click();
  await item.getByRole('button', { name: '提交异议' }).click();
  await item.getByText('请填写姓名').waitFor(); // each field is required
  await item.getByLabel('姓名').fill('王先生');
  await item.getByLabel('联系方式').fill('13912345678');
  const objectionText = '该机构黑陶制作实训场地尚未建成，请核实。';
  await item.getByLabel('异议内容').fill(objectionText);
  res = await answerOf(page, 'POST', new RegExp(`^/api/public/publicity/${appId}/objections$`), () =>
    item.getByRole('button', { name: '提交异议' }).click(),
  );
  expect(res.status(), 'objection filed').toBe(201);
  await item.getByText('异议已提交').waitFor();
  await shot(page, outDir, 'recruitment-public-publicity.png');

  // ------------------------------------------------------------ 9. city dismisses it
  await loginAs(page, 'city');
  await page.goto('/admin/recruitment/publicity');
  const section = page.locator(`.publicizing-item[data-application="${appId}"]`);
  await section.getByText('1 件异议待处理').waitFor();
  const objection = section.locator('.objections-table .el-table__body tr', { hasText: objectionText });
  await objection.getByRole('button', { name: '驳回异议' }).click();
  const decide = page.locator('.decide-dialog');
  await decide.waitFor();
  await decide.getByLabel('处理意见').fill('经现场核实，实训场地已建成并投入使用，异议不成立。');
  res = await answerOf(page, 'POST', /^\/api\/recruitment\/objections\/\d+\/decide$/, () =>
    decide.getByRole('button', { name: '确认驳回异议' }).click(),
  );
  expect(res.status(), 'objection decided').toBe(200);
  expect((await res.json()).status, 'decision').toBe('dismissed');
  await section.getByText('异议已处理').waitFor();
  await expect.poll(() => objection.innerText(), { message: 'objection row' }).toContain('异议不成立');

  // ------------------------------------------------------------ 10. approval refused
  await menu(page, '确定考核机构');
  await page.waitForURL((u) => u.pathname === '/admin/recruitment/approval');
  const approvalRow = page.locator('.approval-table .el-table__body tr', { hasText: instName });
  await approvalRow.waitFor();
  const expected = `公示期至 ${end} 结束，`;
  const reasonCell = approvalRow.locator('.block-reason');
  await reasonCell.waitFor();
  const shownReason = (await reasonCell.innerText()).trim();
  expect(shownReason, 'approval blocked with the end date').toContain(expected);
  expect(
    await approvalRow.getByRole('button', { name: '确定为考核机构' }).isDisabled(),
    'approve disabled during the publicity',
  ).toBe(true);
  await shot(page, outDir, 'recruitment-city-approval.png', { messages: true });
  const city = await apiLogin(baseUrl, 'city');
  const refused = await apiRequest(city, 'POST', `/api/recruitment/applications/${appId}/approve`);
  expect(refused.status, 'approval while the publicity runs').toBe(409);
  expect(refused.body?.code, 'refusal code').toBe('recruitment.publicity_running');
  expect(refused.body?.title, 'the server says what the page says').toBe(shownReason);

  // 11. The demo's 平度市 application has finished its publicity without
  // objection: the city approves it here, through the same page, which
  // allocates its institution code.
  const ended = '平度市百花手工艺职业培训学校';
  const endedRow = page.locator('.approval-table .el-table__body tr', { hasText: ended });
  await endedRow.waitFor();
  res = await answerOf(page, 'POST', /\/api\/recruitment\/applications\/\d+\/approve$/, async () => {
    await endedRow.getByRole('button', { name: '确定为考核机构' }).click();
    await confirmBox(page, '确定');
  });
  expect(res.status(), 'approval after the publicity ended').toBe(200);
  const approvedCode = (await res.json()).institution.code;
  expect(approvedCode, 'institution code by CODES.md').toMatch(/^Z370283P\d{3}$/);

  // The later steps' pages, with the data there is: when the demo data
  // seeds an approved application, it is reported, published and found in
  // the directory with its code; otherwise the pages show their empty states.
  const seeded = (await apiRequest(city, 'GET', '/api/recruitment/applications?state=approved')).body?.items || [];
  await menu(page, '报送省厅');
  await page.waitForURL((u) => u.pathname === '/admin/recruitment/report');
  let published = null;
  if (seeded.length) {
    published = seeded[0];
    const pending = page.locator('.approved-table .el-table__body tr', { hasText: published.institution.name });
    await pending.locator('.el-checkbox').click();
    res = await answerOf(page, 'POST', /^\/api\/recruitment\/reports$/, async () => {
      await page.getByRole('button', { name: /^报送省厅（1 家）$/ }).click();
      await confirmBox(page, '报送');
    });
    expect(res.status(), 'report').toBe(201);
    await page.locator('.report-list .report', { hasText: published.institution.name }).waitFor();
  } else {
    await page.locator('.approved-table').getByText('没有待报送的考核机构').waitFor();
  }
  await shot(page, outDir, 'recruitment-city-report.png', { messages: true });
  await logoutUi(page);

  await loginAs(page, 'province');
  await menu(page, '机构公布');
  await page.waitForURL((u) => u.pathname === '/admin/recruitment/publish');
  if (published) {
    const report = page.locator('.report-list .report', { hasText: published.institution.name }).first();
    res = await answerOf(page, 'POST', /^\/api\/recruitment\/reports\/\d+\/publish$/, async () => {
      await report.getByRole('button', { name: '公布' }).click();
      await confirmBox(page, '公布');
    });
    expect(res.status(), 'publish').toBe(200);
    await report.getByText('已公布').waitFor();
  } else {
    await page.getByText('暂无青岛市报送的考核机构名单').waitFor();
  }
  await shot(page, outDir, 'recruitment-province-publish.png', { messages: true });
  await logoutUi(page);

  // ------------------------------------------------------------ directory
  await page.getByRole('link', { name: '考核机构名录' }).click();
  await page.waitForURL((u) => u.pathname === '/institutions');
  const dirRows = page.locator('.directory-table .el-table__body tr');
  await dirRows.first().waitFor();
  const everyone = await dirRows.allInnerTexts();
  // Reported by the city and published by the province above: listed with its code.
  await expect
    .poll(async () => (await dirRows.allInnerTexts()).join('\n'), { message: 'published institution' })
    .toContain(approvedCode);
  expect(everyone.join('\n'), 'the new applicant is not listed yet').not.toContain(instName);
  await pickOption(page, page.getByRole('combobox', { name: '区(市)' }), '黄岛区');
  await page.waitForURL((u) => u.searchParams.get('district') === '370211');
  await expect.poll(async () => (await dirRows.allInnerTexts()).join('\n'), { message: '黄岛区 directory' }).toContain(
    'Z370211P001',
  );
  for (const t of await dirRows.allInnerTexts()) expect(t, 'district filter').toContain('黄岛区');
  await pickOption(page, page.getByRole('combobox', { name: '考核项目' }), 'ZX04001 电商直播');
  await page.waitForURL((u) => u.searchParams.get('project') === 'ZX04001');
  await expect.poll(() => dirRows.count(), { message: 'rows for 黄岛区 + 电商直播' }).toBe(1);
  await page.locator('.el-pagination__total').getByText('共 1 条').waitFor();
  await shot(page, outDir, 'recruitment-public-directory.png');
  await page.getByRole('link', { name: 'Z370211P001' }).click();
  await page.waitForURL((u) => u.pathname === '/institutions/Z370211P001');
  await page.getByRole('heading', { name: '青岛西海岸新区职业技能培训学校' }).waitFor();
  const projects = await page.locator('.projects-table').innerText();
  expect(projects, 'approved projects').toContain('电商直播');
  await shot(page, outDir, 'recruitment-public-institution.png');

  if (published) {
    const code = published.institution.code;
    await page.goto(`/institutions?q=${encodeURIComponent(code)}`);
    await page.locator('.directory-table .el-table__body tr', { hasText: code }).waitFor();
    await page.goto(`/institutions/${code}`);
    await page.getByRole('heading', { name: published.institution.name }).waitFor();
  }
}
