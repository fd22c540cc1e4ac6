// Certificates (issue 7) against `zxkh serve --demo`: the public /verify
// page answers valid for the demo certificate of 刘小红, not found for a
// wrong name, revoked with its reason for the revoked one, and the check
// character's message at the number field; the candidate 13800000001 sees
// 我的证书 on a phone-sized page and downloads the PDF. Then batch
// issuance: the city opens the approved 2026年10月批次's results, presses
// 颁发证书, confirms and sees the two certificates; the institution sees
// them read-only; the public /verify page answers valid for one of them.
import { apiLogin, apiRequest, loginAs, logoutUi, shot } from './helpers.mjs';

export const name = 'certificate';
export const timeoutMs = 120_000;

async function verify(page, number, holder) {
  await page.getByPlaceholder('20 位证书编号', { exact: false }).fill(number);
  await page.getByPlaceholder('持证人姓名').fill(holder);
  const answer = page.waitForResponse((r) => new URL(r.url()).pathname.startsWith('/api/public/certificates/'));
  answer.catch(() => {});
  await page.getByRole('button', { name: '查询' }).click();
  return answer;
}

export async function run({ page, baseUrl, outDir, expect }) {
  const liu = await apiLogin(baseUrl, '13800000001');
  const mine = await apiRequest(liu, 'GET', '/api/my/certificates');
  expect(mine.status, 'GET /api/my/certificates').toBe(200);
  const number = mine.body.items[0].number;
  const li = await apiLogin(baseUrl, '13800000003');
  const revoked = (await apiRequest(li, 'GET', '/api/my/certificates')).body.items[0].number;

  // --- Public verification, no login.
  await page.goto('/verify');
  await page.getByRole('heading', { name: '证书查询核验' }).waitFor();
  await verify(page, number, '刘小红');
  await page.locator('[data-test=valid]').waitFor();
  expect(await page.locator('[data-test=result]').innerText(), 'valid answer').toContain('3702**********002');
  await shot(page, outDir, 'certificate-verify-valid.png');

  await verify(page, number, '刘小明');
  await page.locator('[data-test=not-found]').waitFor();

  await verify(page, revoked, '李春梅');
  await page.locator('[data-test=revoked]').waitFor();
  expect(await page.locator('[data-test=revoked]').innerText(), 'revoked answer').toContain('撤销原因');

  const typo = number.slice(0, 19) + (number[19] === 'A' ? 'B' : 'A');
  await verify(page, typo, '刘小红');
  const item = page.locator('[data-test=number-item] .el-form-item__error');
  await item.waitFor();
  expect((await item.innerText()).length, 'check character message').toBeGreaterThan(0);
  await shot(page, outDir, 'certificate-verify-typo.png');

  // --- 我的证书 on a phone, with the PDF download.
  await page.setViewportSize({ width: 390, height: 844 });
  await loginAs(page, '13800000001');
  await page.goto('/admin/my-certificates');
  await page.locator('[data-test=certificate]').first().waitFor();
  const download = page.waitForEvent('download');
  await page.locator('[data-test=download]').first().click();
  const file = await download;
  expect(file.suggestedFilename(), 'PDF name').toContain('.pdf');
  await shot(page, outDir, 'certificate-mine-phone.png');
  await page.setViewportSize({ width: 1280, height: 900 });
  await logoutUi(page);

  // --- Batch issuance by the city from approved results.
  const city = await apiLogin(baseUrl, 'city');
  const results = await apiRequest(city, 'GET', '/api/results');
  expect(results.status, 'GET /api/results').toBe(200);
  const october = results.body.items.find((b) => b.batch_title.startsWith('2026年10月批次'));
  expect(Boolean(october), 'approved demo batch awaiting certificates').toBe(true);
  expect(october.state, 'results state').toBe('approved');
  await loginAs(page, 'city');
  await page.goto(`/admin/results/${october.batch_id}`);
  await page.locator('[data-test=issue-certificates]').click();
  const dialog = page.locator('.el-message-box');
  await dialog.getByText('名合格考生颁发证书').waitFor();
  const issued = page.waitForResponse(
    (r) => new URL(r.url()).pathname === `/api/batches/${october.batch_id}/certificates` && r.request().method() === 'POST',
  );
  issued.catch(() => {});
  await dialog.getByRole('button', { name: '确定颁发' }).click();
  expect((await issued).status(), 'POST certificates').toBe(200);
  const rows = page.locator('[data-test=certificates] .el-table__body tr');
  await rows.nth(1).waitFor();
  expect(await rows.count(), 'issued certificates').toBe(2);
  const firstRow = await rows.first().innerText();
  expect(firstRow, 'certificate row').toContain('何晓峰');
  expect(firstRow, 'certificate score').toContain('78.5');
  expect(await page.locator('[data-test=certificate-pdf]').first().getAttribute('href'), 'PDF link').toContain('/pdf');
  expect(await page.locator('[data-test=issue-certificates]').count(), 'button gone once all are issued').toBe(0);
  const issuedNumber = (await rows.first().locator('td').first().innerText()).trim();
  await shot(page, outDir, 'certificate-batch-issued.png');
  await logoutUi(page);

  // The institution reads the list, without the button.
  await loginAs(page, 'inst-Z370211P001');
  await page.goto(`/admin/results/${october.batch_id}`);
  await page.locator('[data-test=certificates] .el-table__body tr').nth(1).waitFor();
  expect(await page.locator('[data-test=issue-certificates]').count(), 'no button for the institution').toBe(0);
  await logoutUi(page);

  // The public verification page answers valid for it.
  await page.goto('/verify');
  await verify(page, issuedNumber, '何晓峰');
  await page.locator('[data-test=valid]').waitFor();
  expect(await page.locator('[data-test=result]').innerText(), 'valid answer').toContain('何晓峰');
}
