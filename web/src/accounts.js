// Accounts (账号) as the API serves them, and who may create what.
import { api } from './api.js';

// The roles each administrator creates and manages (the server decides; the
// UI offers only these). DISTRICT accounts need a district, INSTITUTION_*
// accounts created by a district need an institution id; an institution
// administrator's operators belong to its own institution.
export const MANAGED_ROLES = Object.freeze({
  PROVINCE: ['CITY'],
  CITY: ['DISTRICT', 'EXAMINER', 'PROCTOR', 'SUPERVISOR'],
  DISTRICT: ['INSTITUTION_ADMIN', 'INSTITUTION_OPERATOR', 'EXAMINER', 'PROCTOR', 'SUPERVISOR'],
  INSTITUTION_ADMIN: ['INSTITUTION_OPERATOR'],
});

export function managedRoles(role) {
  return MANAGED_ROLES[role] ?? [];
}

export function needsDistrict(role) {
  return role === 'DISTRICT';
}

export function needsInstitution(creatorRole, role) {
  return creatorRole === 'DISTRICT' && (role === 'INSTITUTION_ADMIN' || role === 'INSTITUTION_OPERATOR');
}

// Account state for display: disabled > locked > must change password > normal.
export function accountState(user, now = Date.now()) {
  if (user?.disabled) return { label: '已停用', tag: 'info' };
  if (user?.locked_until && Date.parse(user.locked_until) > now) return { label: '已锁定', tag: 'danger' };
  if (user?.must_change_password) return { label: '待修改密码', tag: 'warning' };
  return { label: '正常', tag: 'success' };
}

// "2026-11-27T09:15:00.000+08:00" → "2026-11-27 09:15" (server times are
// China Standard Time already; shown as written).
export function formatTime(iso) {
  if (!iso || typeof iso !== 'string') return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(:\d{2})?/.exec(iso);
  return m ? `${m[1]} ${m[2]}${m[3] || ''}` : iso;
}

let districtsPromise = null;

// The ten districts of Qingdao: [{code, name}], cached; [] on failure.
export function loadDistricts() {
  districtsPromise ??= api
    .get('/api/public/regions')
    .then((data) =>
      (Array.isArray(data?.items) ? data.items : [])
        .filter((r) => r.level === 'district')
        .map((r) => ({ code: r.code, name: r.name })),
    )
    .catch((err) => {
      districtsPromise = null;
      throw err;
    });
  return districtsPromise;
}
