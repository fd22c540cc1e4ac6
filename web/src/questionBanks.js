// Question banks (题库, R-EXA-3) as the API serves them: version states, the
// rubric total the UI shows live (the server stays the judge), and the calls
// the pages share.
import { api } from './api.js';

export const VERSION_STATES = Object.freeze({
  draft: { label: '草稿', tag: 'info' },
  submitted: { label: '待市局审核', tag: 'warning' },
  returned: { label: '退回修改', tag: 'danger' },
  approved: { label: '已通过（使用中）', tag: 'success' },
  superseded: { label: '已被新版本替代', tag: 'info' },
});

export function versionState(v) {
  const s = VERSION_STATES[v?.state] ?? { label: v?.state ?? '', tag: 'info' };
  return { label: v?.state_title || s.label, tag: s.tag };
}

export const RUBRIC_TOTAL = 100;
export const MIN_SETS = 5;

// Sum of the rubric items' maximum points (non-numbers count as 0).
export function rubricTotal(rubric) {
  return (rubric || []).reduce((sum, r) => sum + (Number.isInteger(r.max_points) ? r.max_points : 0), 0);
}

export const TEMPLATE_URL = '/api/question-banks/template.xlsx';

export function exportUrl(versionId) {
  return `/api/question-banks/versions/${versionId}/export.xlsx`;
}

export function attachmentUrl(setId, attachmentId) {
  return `/api/question-banks/sets/${setId}/attachments/${attachmentId}`;
}

export const ATTACHMENT_ACCEPT = '.pdf,.png,.jpg,.jpeg,.docx,.xlsx';

export const banksApi = {
  list: (state) => api.get('/api/question-banks', { state }),
  create: (projectCode) => api.post('/api/question-banks', { project_code: projectCode }),
  bank: (id) => api.get(`/api/question-banks/${id}`),
  openVersion: (bankId) => api.post(`/api/question-banks/${bankId}/versions`),
  version: (id) => api.get(`/api/question-banks/versions/${id}`),
  addSet: (versionId, set) => api.post(`/api/question-banks/versions/${versionId}/sets`, set),
  updateSet: (versionId, setId, set) => api.put(`/api/question-banks/versions/${versionId}/sets/${setId}`, set),
  removeSet: (versionId, setId) => api.delete(`/api/question-banks/versions/${versionId}/sets/${setId}`),
  submit: (versionId) => api.post(`/api/question-banks/versions/${versionId}/submit`),
  approve: (versionId) => api.post(`/api/question-banks/versions/${versionId}/approve`),
  giveBack: (versionId, reason) => api.post(`/api/question-banks/versions/${versionId}/return`, { reason }),
  importXlsx: (versionId, file) =>
    api.upload(`/api/question-banks/versions/${versionId}/import`, file, undefined, {
      headers: { 'X-File-Name': encodeURIComponent(file.name || 'bank.xlsx') },
    }),
  uploadAttachment: (setId, task, file) =>
    api.upload(`/api/question-banks/sets/${setId}/attachments`, file, { task }, {
      headers: { 'X-File-Name': encodeURIComponent(file.name || '附件') },
    }),
  papers: () => api.get('/api/papers'),
  assignPaper: (body) => api.post('/api/papers', body),
  paper: (id) => api.get(`/api/papers/${id}`),
};
