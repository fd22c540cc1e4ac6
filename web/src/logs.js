// The operation log (操作日志) and the login log (登录日志) as the API serves them.
import { buildUrl } from './api.js';

// Chinese names of the recorded actions; unknown ones are shown as recorded.
export const ACTIONS = Object.freeze({
  'account.create': '创建账号',
  'account.reset_password': '重置密码',
  'account.disable': '停用账号',
  'account.enable': '启用账号',
  'account.change_password': '修改本人密码',
  'account.register': '考生注册',
  'catalog.create': '新增考核项目',
  'catalog.update': '修改考核项目',
  'catalog.retire': '停用考核项目',
  'catalog.reinstate': '恢复考核项目',
  'catalog.import': '导入考核项目',
  'calendar.replace_year': '维护工作日历',
});

// Whole groups (the API's `action` filter is a prefix).
export const ACTION_GROUPS = Object.freeze({
  'account.': '账号类操作（全部）',
  'catalog.': '考核项目目录类操作（全部）',
  'calendar.': '工作日历类操作（全部）',
});

export function actionLabel(action) {
  return ACTIONS[action] ?? action ?? '';
}

export const TARGET_TYPES = Object.freeze({
  user: '账号',
  catalog_project: '考核项目',
  calendar_year: '工作日历',
});

export function targetLabel(row) {
  const type = TARGET_TYPES[row?.target_type] ?? row?.target_type ?? '';
  return [type, row?.target_id].filter(Boolean).join(' ');
}

// Why a login attempt failed (or "ok").
export const LOGIN_REASONS = Object.freeze({
  ok: '登录成功',
  unknown_user: '用户不存在',
  bad_password: '密码错误',
  locked_now: '密码连续错误，账号被锁定',
  'auth.locked': '账号锁定期间尝试登录',
  'auth.disabled': '账号已停用',
});

export function reasonLabel(reason) {
  return LOGIN_REASONS[reason] ?? reason ?? '';
}

// The export link with the list's filters (no paging).
export function exportUrl(path, filters) {
  return buildUrl(path, filters);
}

// Quick ranges for the date pickers.
function daysBack(n) {
  const end = new Date();
  const start = new Date();
  start.setDate(start.getDate() - (n - 1));
  return [start, end];
}

export const DATE_SHORTCUTS = [
  { text: '今天', value: () => daysBack(1) },
  { text: '最近 7 天', value: () => daysBack(7) },
  { text: '最近 30 天', value: () => daysBack(30) },
  { text: '最近 90 天', value: () => daysBack(90) },
];
