// Annual plans (年度考核计划, R-EXA-5): labels and formatting shared by the
// back-office pages and the public announcement.

export const PLAN_STATES = Object.freeze({
  draft: { label: '草稿', tag: 'info' },
  submitted: { label: '待区(市)审核', tag: 'warning' },
  returned: { label: '已退回修改', tag: 'danger' },
  approved: { label: '已审核，待发布', tag: 'primary' },
  published: { label: '已发布', tag: 'success' },
});

export function planState(state) {
  return PLAN_STATES[state] ?? { label: state, tag: 'info' };
}

// The years a plan may be made for: this year and the next two (the
// server's rule; it stays the judge).
export function planYears(today = new Date()) {
  const y = today.getFullYear();
  return [y, y + 1, y + 2];
}

// 20000 → "200元/人"; null or 0 → "不收费".
export function feeTitle(fen) {
  if (!fen) return '不收费';
  const yuan = fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2);
  return `${yuan}元/人`;
}

// The assessment specification as the announcement prints it.
export function specTitle(item) {
  let name = item.spec_file_name ? item.spec_file_name.replace(/\.[^.]+$/, '') : '';
  if (!name) name = `${item.project_name}专项职业能力考核规范`;
  return item.catalog_version ? `${name}（${item.catalog_version}）` : name;
}

export const EVENT_ACTIONS = Object.freeze({
  create: '新建',
  submit: '提交',
  resubmit: '重新提交',
  return: '退回修改',
  approve: '审核通过',
  publish: '发布公告',
});
