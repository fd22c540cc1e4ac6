// Institution recruitment (考核机构征集, R-INS-1 … R-INS-6) as the API serves
// it: states, material types, findings, the calls shared by the pages, and
// the small rules the UI shows before asking the server (which stays the
// judge: every refusal it answers is shown as it words it).
import { api } from './api.js';

// Application states: the server's title is shown when present; these are
// for filters and tags.
export const STATES = Object.freeze({
  draft: { label: '草稿', tag: 'info' },
  submitted: { label: '已提交，待区(市)初审', tag: 'warning' },
  returned: { label: '已退回修改', tag: 'danger' },
  rejected: { label: '初审不通过', tag: 'info' },
  forwarded: { label: '已报市局，待遴选评估', tag: 'warning' },
  not_selected: { label: '未入选', tag: 'info' },
  evaluated: { label: '评估入选，待公示', tag: 'primary' },
  publicizing: { label: '公示中', tag: 'primary' },
  approved: { label: '已确定为考核机构', tag: 'success' },
  reported: { label: '已报省厅', tag: 'success' },
  published: { label: '已公布', tag: 'success' },
});

export function stateOf(app) {
  const s = STATES[app?.state] ?? { label: app?.state ?? '', tag: 'info' };
  return { label: app?.state_title || s.label, tag: s.tag };
}

// The six materials of R-INS-2, in the order of the application.
export const MATERIAL_TYPES = Object.freeze([
  { type: 'application_form', title: '申请表', hint: '加盖公章的考核机构申请表' },
  { type: 'work_plan', title: '工作方案', hint: '考核工作方案（组织机构、考核流程、质量保障等）' },
  { type: 'question_bank', title: '题库', hint: '每个申报项目一份，每个项目不少于 5 套试题', perProject: true },
  { type: 'training_capability', title: '培训能力证明', hint: '师资、场地、设施设备，培训计划、大纲、教材和管理制度' },
  { type: 'legal_registration', title: '法人登记证书', hint: '营业执照或事业单位/社会组织法人登记证书复印件' },
  { type: 'credit_report', title: '信用报告', hint: '信用中国等渠道出具的信用报告' },
]);

export function materialTitle(type) {
  return MATERIAL_TYPES.find((m) => m.type === type)?.title ?? type;
}

// "题库（ZX01001 胶东花饽饽制作）" for a question bank, the title otherwise.
export function materialLabel(item, projects = []) {
  const title = item?.type_title || materialTitle(item?.type);
  if (!item?.project_code) return title;
  const p = projects.find((x) => x.code === item.project_code);
  return `${title}（${item.project_code}${p ? ' ' + p.name : ''}）`;
}

export const MATERIAL_ACCEPT =
  '.pdf,.png,.jpg,.jpeg,.docx,.xlsx,application/pdf,image/png,image/jpeg,' +
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document,' +
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const MAX_MATERIAL_BYTES = 50 * 1024 * 1024;

// District findings on a material.
export const FINDINGS = Object.freeze({
  ok: { label: '合格', tag: 'success' },
  missing: { label: '缺失', tag: 'warning' },
  invalid: { label: '不合格', tag: 'danger' },
});

export const INSTITUTION_TYPES = Object.freeze([
  { value: 'enterprise', label: '企业' },
  { value: 'college', label: '院校' },
  { value: 'social_org', label: '社会团体' },
  { value: 'training', label: '职业技能培训机构' },
]);

export const INSTITUTION_STATUS = Object.freeze({
  active: { label: '正常', tag: 'success' },
  suspended: { label: '暂停', tag: 'warning' },
  removed: { label: '已取消', tag: 'info' },
  applicant: { label: '申报中', tag: 'info' },
});

export const OBJECTION_STATUS = Object.freeze({
  open: { label: '待处理', tag: 'warning' },
  upheld: { label: '异议成立', tag: 'danger' },
  dismissed: { label: '异议不成立', tag: 'success' },
});

// Chinese names of the flow records (application events).
const EVENT_ACTIONS = {
  create: '新建申请',
  submit: '提交申请',
  resubmit: '重新提交',
  recall: '撤回申请',
  return: '退回修改',
  reject: '初审不通过',
  forward: '初审通过，报送市局',
  conclude: '作出评估结论',
  publicize: '进入公示',
  objection_upheld: '异议成立',
  approve: '确定为考核机构',
  report: '报送省厅',
  publish: '省厅公布',
};

const EVENT_ROLES = {
  INSTITUTION_ADMIN: '考核机构',
  INSTITUTION_OPERATOR: '考核机构',
  DISTRICT: '区(市)人社局',
  CITY: '市人社局',
  PROVINCE: '省人社厅',
};

export function eventTitle(e) {
  return EVENT_ACTIONS[e?.action] ?? e?.action ?? '';
}

export function eventActor(e) {
  return EVENT_ROLES[e?.role] ?? e?.role ?? '';
}

// The return/reject reasons of an application, newest first.
export function districtReasons(app) {
  return (app?.events || []).filter((e) => ['return', 'reject'].includes(e.action) && e.reason).reverse();
}

// ---------------------------------------------------------------- dates

// "2026-11-27T09:15:00.000+08:00" → "2026-11-27 09:15".
export function formatTime(iso) {
  if (!iso || typeof iso !== 'string') return '';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(iso);
  return m ? `${m[1]} ${m[2]}` : iso;
}

export function formatDate(iso) {
  if (!iso || typeof iso !== 'string') return '';
  return iso.slice(0, 10);
}

// Today in China Standard Time as YYYY-MM-DD (the server's business date).
export function todayInChina(now = new Date()) {
  const shifted = new Date(now.getTime() + 8 * 3600 * 1000);
  return shifted.toISOString().slice(0, 10);
}

// "2026-12-02" → "2026-12-03".
export function nextDay(date) {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

// Why a publicizing application cannot be approved yet (the server's rule
// and wording, R-INS-4/5), or '' when it may be.
export function approvalBlock(app, today = todayInChina()) {
  if (app?.state !== 'publicizing') return `申请当前状态为「${stateOf(app).label}」，不能确定为考核机构`;
  const end = app?.publicity?.end_date;
  if (end && !(end < today)) return `公示期至 ${end} 结束，${nextDay(end)} 起方可确定考核机构`;
  const open = Number(app?.open_objections) || 0;
  if (open > 0) return `尚有 ${open} 件异议未处理，处理完毕后方可确定考核机构`;
  return '';
}

// ---------------------------------------------------------------- credit code

const CREDIT_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const CREDIT_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

// GB 32100-2015 check character of the first 17 characters ('' if invalid).
export function creditCheckChar(first17) {
  if (first17.length !== 17) return '';
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_ALPHABET.indexOf(first17[i]);
    if (v < 0) return '';
    sum += v * CREDIT_WEIGHTS[i];
  }
  return CREDIT_ALPHABET[(31 - (sum % 31)) % 31];
}

// Why a unified social credit code is refused, or ''.
export function creditCodeProblem(raw) {
  const code = String(raw || '').trim().toUpperCase();
  if (code.length !== 18) return `统一社会信用代码应为 18 位，当前为 ${code.length} 位`;
  for (let i = 0; i < 18; i++) {
    if (!CREDIT_ALPHABET.includes(code[i])) {
      return `统一社会信用代码第 ${i + 1} 位「${code[i]}」无效：只能使用数字和大写字母（不含 I、O、S、V、Z）`;
    }
  }
  const expected = creditCheckChar(code.slice(0, 17));
  if (code[17] !== expected) return `统一社会信用代码校验位错误：应为 ${expected}，实际为 ${code[17]}`;
  return '';
}

// ---------------------------------------------------------------- API calls

export const applicationPath = (id) => `/api/recruitment/applications/${id}`;

export function fetchApplication(id, signal) {
  return api.get(applicationPath(id), undefined, { signal });
}

export function listApplications({ state, district, q, page, pageSize }, signal) {
  return api.get(
    '/api/recruitment/applications',
    { state, district, q, page, page_size: pageSize },
    { signal },
  );
}

// Every application in `state` (paging through the list), for the city's
// work lists where a page of 200 is plenty but not guaranteed.
export async function allApplications(state, signal) {
  const out = [];
  for (let page = 1; page <= 50; page++) {
    const data = await api.get('/api/recruitment/applications', { state, page, page_size: 200 }, { signal });
    const items = Array.isArray(data?.items) ? data.items : [];
    out.push(...items);
    if (out.length >= (Number(data?.total) || 0) || items.length === 0) break;
  }
  return out;
}

// Uploads one material: the file is the raw body, its name percent-encoded
// in X-File-Name, the type (and the project of a question bank) in the query.
export function uploadMaterial(id, type, projectCode, file) {
  return api.upload(
    `${applicationPath(id)}/materials`,
    file,
    { type, project: projectCode || undefined },
    {
      headers: { 'X-File-Name': encodeURIComponent(file.name) },
      rawType: file.type || 'application/octet-stream',
    },
  );
}

export function materialHref(appId, materialId) {
  return `${applicationPath(appId)}/materials/${materialId}`;
}

export function receiptHref(appId) {
  return `${applicationPath(appId)}/receipt.pdf`;
}

// Catalog projects [{code, name, category, status}] (all pages): the active
// ones by default, every one with status ''.
export async function activeProjects(status = 'active') {
  const out = [];
  for (let page = 1; page <= 20; page++) {
    const data = await api.get('/api/public/catalog', { status, page, page_size: 200 });
    const items = Array.isArray(data?.items) ? data.items : [];
    out.push(...items);
    if (out.length >= (Number(data?.total) || 0) || items.length === 0) break;
  }
  return out;
}

export function formatSize(bytes) {
  const n = Number(bytes) || 0;
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

// The back-office page of a notification's link ("/recruitment/…" from the
// server) for the user's role, or '' when it has none.
export function notificationTarget(link, role) {
  if (!link || typeof link !== 'string') return '';
  let m = /^\/recruitment\/applications\/(\d+)$/.exec(link);
  if (m) {
    const base = APPLICATION_PAGE[role];
    return base ? `${base}/${m[1]}` : '';
  }
  m = /^\/recruitment\/reports\/(\d+)$/.exec(link);
  if (m) {
    if (role === 'PROVINCE') return '/admin/recruitment/publish';
    if (role === 'CITY') return '/admin/recruitment/report';
    return '';
  }
  return link.startsWith('/admin/') ? link : '';
}

// Where each role opens one application.
export const APPLICATION_PAGE = Object.freeze({
  INSTITUTION_ADMIN: '/admin/recruitment/applications',
  INSTITUTION_OPERATOR: '/admin/recruitment/applications',
  DISTRICT: '/admin/recruitment/review',
  CITY: '/admin/recruitment/evaluation',
});

// The identity of a required material: its type and, for a question bank,
// its project.
export function materialKey(item) {
  return `${item.type}:${item.project_code || ''}`;
}
