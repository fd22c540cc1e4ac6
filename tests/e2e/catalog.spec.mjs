// Public catalog page (/catalog) against the demo data of `zxkh serve --demo`:
// the list shows 胶东花饽饽制作, and a search for 剪纸 leaves only matching rows.
import path from 'node:path';

export const name = 'catalog';

const ROWS = '.catalog-table .el-table__body-wrapper tbody tr.el-table__row';

async function names(page) {
  return page.locator(`${ROWS} td.col-name`).allInnerTexts();
}

export async function run({ page, outDir, expect }) {
  const firstLoad = page.waitForResponse((r) => new URL(r.url()).pathname === '/api/public/catalog');
  firstLoad.catch(() => {}); // awaited below; not an unhandled rejection if an earlier check fails
  const nav = await page.goto('/catalog');
  expect(nav?.status(), 'GET /catalog (the server answers index.html for UI routes)').toBe(200);
  expect((await firstLoad).status(), 'GET /api/public/catalog').toBe(200);

  await page.getByRole('heading', { name: '考核项目目录' }).waitFor();
  const cell = page.locator(`${ROWS} td.col-name`, { hasText: '胶东花饽饽制作' });
  await cell.first().waitFor({ state: 'visible' });
  expect(await page.locator('.catalog-error').count(), 'error banners').toBe(0);
  expect(await page.locator(ROWS).count(), 'rows on the first page').toBeGreaterThan(1);
  await page.screenshot({ path: path.join(outDir, 'catalog.png'), fullPage: true });

  const searched = page.waitForResponse((r) => {
    const u = new URL(r.url());
    return u.pathname === '/api/public/catalog' && u.searchParams.get('q') === '剪纸';
  });
  searched.catch(() => {});
  await page.getByPlaceholder('项目名称或代码').fill('剪纸');
  await page.getByPlaceholder('项目名称或代码').press('Enter');
  expect((await searched).status(), 'GET /api/public/catalog?q=剪纸').toBe(200);

  const rows = await expect
    .poll(() => names(page), { message: 'project names after searching 剪纸' })
    .toSatisfy((n) => n.length > 0 && n.every((t) => t.includes('剪纸')), 'to be non-empty, each containing 剪纸');
  expect(rows.length, 'matching rows').toBeGreaterThanOrEqual(1);
  expect(rows, 'rows after searching 剪纸').not.toContain('胶东花饽饽制作');
  expect(new URL(page.url()).searchParams.get('q'), 'q in the address bar').toBe('剪纸');
  await page.screenshot({ path: path.join(outDir, 'catalog-search.png'), fullPage: true });
}
