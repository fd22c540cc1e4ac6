// Catalog maintenance by the city bureau (/admin/catalog) against
// `zxkh serve --demo`: create, edit, retire and reinstate with confirmation,
// import a CSV whose bad row is reported in a table, export link.
import { loginAs, shot } from './helpers.mjs';

export const name = 'catalog-admin';

const ROWS = '.catalog-table .el-table__body-wrapper tbody tr.el-table__row';

async function search(page, text) {
  const answer = page.waitForResponse((r) => {
    const u = new URL(r.url());
    return u.pathname === '/api/public/catalog' && u.searchParams.get('q') === text;
  });
  answer.catch(() => {});
  await page.getByPlaceholder('项目名称或代码').fill(text);
  await page.getByPlaceholder('项目名称或代码').press('Enter');
  await answer;
}

export async function run({ page, outDir, expect }) {
  await loginAs(page, 'city');
  await page.getByRole('menuitem', { name: '目录管理' }).click();
  await page.waitForURL((u) => u.pathname === '/admin/catalog');
  await page.locator(ROWS).first().waitFor();

  // Create.
  await page.getByRole('button', { name: '新增项目' }).click();
  const dialog = page.locator('.project-dialog');
  await dialog.waitFor();
  // First a code the demo catalog already has: the server's message shows at the field.
  await dialog.getByLabel('项目代码').fill('ZX01001');
  await dialog.getByLabel('项目名称').fill('胶州剪纸（测试）');
  const dup = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/catalog/projects');
  dup.catch(() => {});
  await dialog.getByRole('button', { name: '新增' }).click();
  expect((await dup).status(), 'duplicate code').toBe(409);
  const codeError = dialog.locator('.el-form-item.is-error', { hasText: '已存在' });
  await codeError.waitFor();
  expect((await codeError.locator('.el-form-item__label').innerText()).trim(), 'field of the error').toBe('项目代码');

  await dialog.getByLabel('项目代码').fill('ZX03901'); // the category follows the code: 03 手工制作
  const created = page.waitForResponse(
    (r) => new URL(r.url()).pathname === '/api/catalog/projects' && r.request().method() === 'POST',
  );
  created.catch(() => {});
  await dialog.getByRole('button', { name: '新增' }).click();
  expect((await created).status(), 'POST /api/catalog/projects').toBe(201);
  await dialog.waitFor({ state: 'hidden' });

  await search(page, 'ZX03901');
  const row = page.locator(ROWS, { hasText: 'ZX03901' });
  await row.waitFor();
  expect(await row.innerText(), 'new project row').toContain('手工制作');

  // Edit the name.
  await row.getByRole('button', { name: '编辑' }).click();
  await dialog.waitFor();
  expect(await dialog.getByLabel('项目代码').isDisabled(), 'code is read-only when editing').toBe(true);
  await dialog.getByLabel('项目名称').fill('胶州剪纸（测试修订）');
  const patched = page.waitForResponse((r) => r.request().method() === 'PATCH');
  patched.catch(() => {});
  await dialog.getByRole('button', { name: '保存' }).click();
  expect((await patched).status(), 'PATCH /api/catalog/projects/ZX03901').toBe(200);
  await dialog.waitFor({ state: 'hidden' });
  await expect.poll(() => row.innerText(), { message: 'row after editing' }).toContain('胶州剪纸（测试修订）');

  // Retire, then reinstate, each confirmed.
  const box = page.locator('.el-message-box');
  await row.getByRole('button', { name: '停用' }).click();
  await box.getByText('确定停用项目').waitFor();
  await box.getByRole('button', { name: '停用' }).click();
  await expect.poll(() => row.innerText(), { message: 'row after retiring' }).toContain('已停用');
  await row.getByRole('button', { name: '恢复' }).click();
  await box.getByText('确定恢复项目').waitFor();
  await box.getByRole('button', { name: '恢复' }).click();
  await expect.poll(() => row.innerText(), { message: 'row after reinstating' }).toContain('有效');

  // Export link follows the filters.
  expect(await page.getByRole('link', { name: '导出 Excel' }).getAttribute('href'), 'export link').toBe(
    '/api/public/catalog/export.xlsx?q=ZX03901',
  );

  // Import: one good row, one bad row reported with its row number.
  await page.getByRole('button', { name: '导入' }).click();
  const imp = page.locator('.import-dialog');
  await imp.waitFor();
  const csv = '项目代码,项目名称,类别,目录版本\nZX02901,崂山茶园管护（测试）,种植,2023版\nZX09001,代码有误的项目,其它,2023版\n';
  await imp.locator('input[type=file]').setInputFiles({
    name: '目录导入.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(csv, 'utf8'),
  });
  await imp.getByText('目录导入.csv').waitFor();
  const imported = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/catalog/import');
  imported.catch(() => {});
  await imp.getByRole('button', { name: '开始导入' }).click();
  expect((await imported).status(), 'POST /api/catalog/import').toBe(200);
  await imp.locator('.import-summary', { hasText: '新增 1 个' }).waitFor();
  const errRows = imp.locator('.import-errors .el-table__body tr');
  await errRows.first().waitFor();
  expect(await errRows.count(), 'reported bad rows').toBe(1);
  expect(await errRows.first().innerText(), 'bad row report').toContain('3');
  await shot(page, outDir, 'catalog-admin-import.png', { messages: true });
  await imp.locator('.el-dialog__footer').getByRole('button', { name: '关闭' }).click();
  await imp.waitFor({ state: 'hidden' });

  await search(page, 'ZX02901');
  await page.locator(ROWS, { hasText: '崂山茶园管护（测试）' }).waitFor();
  await shot(page, outDir, 'catalog-admin.png', { messages: true });
}
