// Candidate self-registration (/register) on a phone-sized screen against
// `zxkh serve --demo`: reached from the login page; the form checks its
// fields; the server's refusals (phone already registered, impossible birth
// date) show at the field they name; a registered candidate logs in.
import { loginUi, shot } from './helpers.mjs';

export const name = 'register';

// GB 11643 check character of 17 digits.
function withCheckChar(id17) {
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...id17].reduce((acc, d, i) => acc + Number(d) * weights[i], 0);
  return id17 + '10X98765432'[sum % 11];
}

function fieldError(page, label) {
  return page
    .locator('.register-form .el-form-item.is-error')
    .filter({ has: page.locator('.el-form-item__label', { hasText: new RegExp(`^${label}$`) }) })
    .locator('.el-form-item__error');
}

async function submit(page) {
  await page.getByRole('button', { name: '注册', exact: true }).click();
}

export async function run({ page, outDir, expect }) {
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/login');
  await page.getByRole('link', { name: '考生注册' }).click();
  await page.waitForURL((u) => u.pathname === '/register');
  await page.getByRole('heading', { name: '考生注册' }).waitFor();
  // No horizontal scrolling on a phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, 'horizontal overflow (px)').toBe(0);

  // Nothing filled: each field says what it needs, consent included.
  await submit(page);
  await fieldError(page, '姓名').waitFor();
  await page.getByText('请确认本人自愿参加专项职业能力考核').waitFor();

  const phone = '13966660001';
  const password = 'Kaosheng#2026';
  await page.getByLabel('姓名').fill('王晓明');
  await page.getByLabel('身份证号码').fill('370211199001011230'); // wrong check digit
  await page.getByLabel('手机号').fill('13800000001'); // a demo candidate's phone
  await page.getByLabel('密码', { exact: true }).fill(password);
  await page.getByLabel('确认密码').fill(password);
  await page.locator('.register-form .consent').click();
  await submit(page);
  expect(await fieldError(page, '身份证号码').innerText(), 'client check of the ID').toContain('校验位');

  // A valid ID, a phone already registered: the server says so at 手机号.
  await page.getByLabel('身份证号码').fill(withCheckChar('37021119900101123'));
  const taken = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/register');
  taken.catch(() => {});
  await submit(page);
  expect((await taken).status(), 'phone already registered').toBe(409);
  await expect.poll(() => fieldError(page, '手机号').innerText(), { message: '手机号 error' }).toContain('已注册');

  // An impossible birth date (valid check digit): the server's message at the ID field.
  await page.getByLabel('手机号').fill(phone);
  await page.getByLabel('身份证号码').fill(withCheckChar('37021119901332123'));
  const badDate = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/register');
  badDate.catch(() => {});
  await submit(page);
  expect((await badDate).status(), 'impossible birth date').toBe(400);
  await expect.poll(() => fieldError(page, '身份证号码').innerText(), { message: 'ID error' }).toContain('出生日期');
  await shot(page, outDir, 'register-errors.png');

  await page.getByLabel('身份证号码').fill(withCheckChar('37021119900101123'));
  const created = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/auth/register');
  created.catch(() => {});
  await submit(page);
  expect((await created).status(), 'POST /api/auth/register').toBe(201);
  await page.getByText('注册成功').waitFor();
  await shot(page, outDir, 'register-done.png');

  await page.getByRole('button', { name: '去登录' }).click();
  await page.waitForURL((u) => u.pathname === '/login');
  expect(await loginUi(page, phone, password, { goto: false }), 'candidate login').toBe(200);
  await page.waitForURL((u) => u.pathname === '/admin');
  expect(await page.locator('.admin-header').innerText(), 'header').toContain('考生');
}
