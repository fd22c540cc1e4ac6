// Certificates (issue 7) against `zxkh serve --demo`: the public /verify
// page answers valid for the demo certificate of 刘小红, not found for a
// wrong name, revoked with its reason for the revoked one, and the check
// character's message at the number field; the candidate 13800000001 sees
// 我的证书 on a phone-sized page and downloads the PDF.
import { apiLogin, apiRequest, loginAs, shot } from './helpers.mjs';

export const name = 'certificate';
export const timeoutMs = 90_000;

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
}
