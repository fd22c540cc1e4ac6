// Registration (报名, R-EXA-6) helpers shared by the candidate page and the
// back-office list: state labels and tags, fees, the import template's
// columns.

export const REGISTRATION_STATES = Object.freeze([
  { value: 'registered', label: '已报名', tag: 'primary' },
  { value: 'sat', label: '已参考', tag: 'info' },
  { value: 'absent', label: '缺考', tag: 'warning' },
  { value: 'passed', label: '合格', tag: 'success' },
  { value: 'failed', label: '不合格', tag: 'danger' },
  { value: 'cancelled', label: '已取消', tag: 'info' },
]);

export function stateOf(value) {
  return REGISTRATION_STATES.find((s) => s.value === value) ?? { value, label: value, tag: 'info' };
}

// "免费" or "200.00 元".
export function feeText(fen) {
  if (fen === null || fen === undefined) return '免费';
  return `${(Number(fen) / 100).toFixed(2)} 元`;
}

// The bulk import's columns (the template's header row), in order.
export const IMPORT_COLUMNS = Object.freeze(['姓名', '证件类型', '证件号码', '出生日期', '手机号', '工作单位']);

// Import job phases as the progress bar shows them.
export const IMPORT_PHASES = Object.freeze({
  reading: '读取文件',
  validating: '逐行校验',
  writing: '写入报名',
  done: '完成',
  failed: '失败',
});
