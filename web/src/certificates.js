// Certificates (issue 7) in the UI: public verification, "我的证书", the
// PDF and roster download links, batch issuance from approved results, and
// the Chinese labels of their states.
import api, { buildUrl } from './api.js';

export const STATE_LABELS = Object.freeze({ valid: '有效', revoked: '已撤销' });

// The public answer for number + name: { status: valid|revoked|not_found, … }.
export function verifyCertificate(number, name) {
  return api.get(`/api/public/certificates/${encodeURIComponent(number.trim())}`, { name: name.trim() });
}

export function myCertificates() {
  return api.get('/api/my/certificates');
}

// A batch's certificates: { results_approved, passing, pending, items }.
export function batchCertificates(batchId) {
  return api.get(`/api/batches/${encodeURIComponent(batchId)}/certificates`);
}

// The city issues the batch (one transaction; already issued ones are
// skipped): { issued, already_issued, items }.
export function issueBatchCertificates(batchId) {
  return api.post(`/api/batches/${encodeURIComponent(batchId)}/certificates`);
}

export function pdfHref(number) {
  return `/api/certificates/${encodeURIComponent(number)}/pdf`;
}

// { year, institution (code, optional for institution accounts), from, to, format }.
export function rosterHref(query) {
  return buildUrl('/api/certificates/roster', query);
}

// Which verify-form field an API error belongs to: the number's check
// character, length and characters come back as certificate.* codes.
export function errorField(err) {
  if (!err?.code) return null;
  if (err.code === 'certificate.name_required') return 'name';
  if (['certificate.length', 'certificate.chars', 'certificate.check_char'].includes(err.code)) return 'number';
  return null;
}
