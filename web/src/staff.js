// The staff pool (考评人员库) as the API serves it: roles, document types and
// the resident-ID check the server also makes (the server stays the judge).
import { api } from './api.js';

export const STAFF_ROLES = Object.freeze({
  examiner: '考评员',
  proctor: '监考人员',
  supervisor: '督导员',
});

export const ID_TYPES = Object.freeze({
  resident_id: '居民身份证',
  other: '其他证件',
});

// GB 11643 MOD 11-2: why an 18-character resident ID is refused, or ''.
export function residentIdProblem(id) {
  const s = String(id || '').trim().toUpperCase();
  if (s.length !== 18) return '身份证号码应为 18 位';
  if (!/^\d{17}[\dX]$/.test(s)) return '身份证号码应为 17 位数字加 1 位数字或 X';
  const y = Number(s.slice(6, 10));
  const m = Number(s.slice(10, 12));
  const d = Number(s.slice(12, 14));
  const birth = new Date(Date.UTC(y, m - 1, d));
  if (y < 1900 || birth.getUTCMonth() !== m - 1 || birth.getUTCDate() !== d || birth.getTime() > Date.now()) {
    return '身份证号码中的出生日期无效';
  }
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(s[i]) * weights[i];
  if ('10X98765432'[sum % 11] !== s[17]) return '身份证号码校验位不正确，请核对';
  return '';
}

let institutionsPromise = null;

// Approved assessment institutions [{id, code, name, district_code}], cached.
export function loadEmployerInstitutions() {
  institutionsPromise ??= api
    .get('/api/staff/institutions')
    .then((data) => (Array.isArray(data?.items) ? data.items : []))
    .catch((err) => {
      institutionsPromise = null;
      throw err;
    });
  return institutionsPromise;
}

let projectsPromise = null;

// Active catalog projects [{code, name}] for qualifications, cached.
export function loadActiveProjects() {
  projectsPromise ??= api
    .get('/api/public/catalog', { status: 'active', page_size: 200 })
    .then((data) => (Array.isArray(data?.items) ? data.items : []).map((p) => ({ code: p.code, name: p.name })))
    .catch((err) => {
      projectsPromise = null;
      throw err;
    });
  return projectsPromise;
}
