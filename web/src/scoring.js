// Scoring and results (评分、考核结果, R-EXA-10, R-EXA-11): labels and the
// tenths ↔ points conversion shared by the pages.

export const RESULTS_STATES = Object.freeze({
  publicizing: { label: '公示中', tag: 'warning' },
  publicity_closed: { label: '公示结束，待报送', tag: 'primary' },
  submitted: { label: '待区(市)初审', tag: 'warning' },
  returned: { label: '已退回', tag: 'danger' },
  district_approved: { label: '区(市)已初审，待市局审核', tag: 'primary' },
  approved: { label: '已批准', tag: 'success' },
});

export function resultsState(state) {
  if (!state) return { label: '未公示', tag: 'info' };
  return RESULTS_STATES[state] ?? { label: state, tag: 'info' };
}

export const ATTENDANCE = Object.freeze({
  pending: { label: '未签到', tag: 'info' },
  present: { label: '实到', tag: 'success' },
  absent: { label: '缺考', tag: 'danger' },
});

// 87.5 → 875 (points are kept in tenths).
export function toTenths(points) {
  return Math.round(Number(points || 0) * 10);
}

// 875 → "87.5".
export function fromTenths(tenths) {
  if (tenths === null || tenths === undefined) return '';
  return (tenths / 10).toFixed(1);
}
