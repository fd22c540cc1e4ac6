// Exam day (R-EXA-9): labels shared by the assignment, session and my-sessions pages.

export const ATTENDANCE = Object.freeze({
  pending: { label: '待签到', tag: 'info' },
  present: { label: '已到', tag: 'success' },
  absent: { label: '缺考', tag: 'danger' },
});

export function attendance(a) {
  return ATTENDANCE[a] ?? { label: a || '—', tag: 'info' };
}

export const INCIDENT_KINDS = Object.freeze([
  { value: 'discipline', label: '违纪' },
  { value: 'cheating', label: '作弊' },
  { value: 'equipment', label: '设备故障' },
  { value: 'safety', label: '安全' },
  { value: 'other', label: '其他' },
]);

export const STAFF_ROLES = Object.freeze({ proctor: '监考', examiner: '考评', supervisor: '督导' });

// "2026-12-14T08:30:00+08:00" → "2026-12-14 08:30"
export function shortTime(iso) {
  return iso ? String(iso).slice(0, 16).replace('T', ' ') : '—';
}

// Milliseconds → "HH:MM" in China Standard Time.
export function hm(ms) {
  const d = new Date(Number(ms) + 8 * 3600 * 1000);
  return d.toISOString().slice(11, 16);
}

// "YYYY-MM-DD" + "HH:MM" (China Standard Time) → milliseconds.
export function msOf(date, time) {
  return Date.parse(`${date}T${time}:00+08:00`);
}

// A 64-digit hexadecimal SHA-256.
export function isSha256(s) {
  return /^[0-9a-fA-F]{64}$/.test(String(s || '').trim());
}
