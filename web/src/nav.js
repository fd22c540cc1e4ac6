// Back-office navigation: which menu items each role sees. This table is the
// only place that decides it; the router guard also uses it, so an /admin page
// that is not in a role's menu answers 页面不存在 for that role (the same
// "404, not 403" rule as the API). To add a page: add its route in router.js
// and an item here for every role that may open it.
//
// An item is { title, path } (path under /admin, also matches its sub-paths,
// e.g. "/admin/catalog" allows "/admin/catalog/ZX01001"), or a group
// { title, children: [items] } rendered as a sub-menu.

export const ROLES = Object.freeze({
  PROVINCE: '省人社厅',
  CITY: '市人社局',
  DISTRICT: '区(市)人社局',
  INSTITUTION_ADMIN: '考核机构（管理员）',
  INSTITUTION_OPERATOR: '考核机构（经办人）',
  EXAMINER: '考评员',
  PROCTOR: '监考员',
  SUPERVISOR: '督导员',
  CANDIDATE: '考生',
});

const HOME = { title: '工作台', path: '/admin' };
const ACCOUNTS = { title: '账号管理', path: '/admin/accounts' };
const LOGS = {
  title: '日志查询',
  children: [
    { title: '操作日志', path: '/admin/logs/operations' },
    { title: '登录日志', path: '/admin/logs/logins' },
  ],
};

const NOTIFICATIONS = { title: '消息通知', path: '/admin/notifications' };

// Institution recruitment (考核机构征集), one entry or group per role.
const MY_APPLICATIONS = { title: '我的申报', path: '/admin/recruitment/applications' };
const RECRUITMENT_CITY = {
  title: '考核机构征集',
  children: [
    { title: '遴选评估', path: '/admin/recruitment/evaluation' },
    { title: '公示管理', path: '/admin/recruitment/publicity' },
    { title: '确定考核机构', path: '/admin/recruitment/approval' },
    { title: '报送省厅', path: '/admin/recruitment/report' },
  ],
};

// Annual plans (年度考核计划): one page per role at the same path.
const PLANS_INSTITUTION = { title: '年度考核计划', path: '/admin/plans' };
const PLANS_DISTRICT = { title: '年度计划审核', path: '/admin/plans' };
const PLANS_CITY = { title: '年度计划公告', path: '/admin/plans' };
// Staff pool (考评人员库, issue 6): the city and the districts keep theirs.
const STAFF_POOL = { title: '考评人员库', path: '/admin/staff' };
// Registration (报名, issue 5): the back-office list for every role that
// sees registrations; candidates use the public /registration page.
const REGISTRATIONS = { title: '报名管理', path: '/admin/registrations' };
const MY_REGISTRATIONS = { title: '我的报名', path: '/admin/my-registrations' };

export const NAV = Object.freeze({
  PROVINCE: [HOME, { title: '机构公布', path: '/admin/recruitment/publish' }, PLANS_CITY, REGISTRATIONS, ACCOUNTS, LOGS, NOTIFICATIONS],
  CITY: [HOME, RECRUITMENT_CITY, PLANS_CITY, REGISTRATIONS, { title: '目录管理', path: '/admin/catalog' }, STAFF_POOL, ACCOUNTS, LOGS, NOTIFICATIONS],
  DISTRICT: [HOME, { title: '机构申报初审', path: '/admin/recruitment/review' }, PLANS_DISTRICT, REGISTRATIONS, STAFF_POOL, ACCOUNTS, LOGS, NOTIFICATIONS],
  INSTITUTION_ADMIN: [HOME, MY_APPLICATIONS, PLANS_INSTITUTION, REGISTRATIONS, ACCOUNTS, LOGS, NOTIFICATIONS],
  INSTITUTION_OPERATOR: [HOME, MY_APPLICATIONS, PLANS_INSTITUTION, REGISTRATIONS, NOTIFICATIONS],
  EXAMINER: [HOME, NOTIFICATIONS],
  PROCTOR: [HOME, NOTIFICATIONS],
  SUPERVISOR: [HOME, NOTIFICATIONS],
  CANDIDATE: [HOME, MY_REGISTRATIONS, NOTIFICATIONS],
});

// Question banks (题库, issue 5), in their own block: the city reviews, the
// districts see their institutions' banks (metadata), institutions edit theirs.
const QUESTION_BANKS = { title: '题库管理', path: '/admin/question-banks' };
const QUESTION_BANK_REVIEW = { title: '题库审核', path: '/admin/question-banks' };
for (const [role, item] of [
  ['CITY', QUESTION_BANK_REVIEW],
  ['DISTRICT', QUESTION_BANKS],
  ['INSTITUTION_ADMIN', QUESTION_BANKS],
  ['INSTITUTION_OPERATOR', QUESTION_BANKS],
]) {
  NAV[role].splice(2, 0, item); // after the home page and the first entry
}

// Batch plans (考核批次, issue 6 point 2): institutions plan them, the
// districts review, the city approves, the province reads.
const BATCHES = { title: '考核批次', path: '/admin/batches' };
for (const [role, item] of [
  ['PROVINCE', { title: '考核批次', path: '/admin/batches' }],
  ['CITY', { title: '考核批次审批', path: '/admin/batches' }],
  ['DISTRICT', { title: '考核批次审核', path: '/admin/batches' }],
  ['INSTITUTION_ADMIN', BATCHES],
  ['INSTITUTION_OPERATOR', BATCHES],
]) {
  const plans = NAV[role].findIndex((i) => i.path === '/admin/plans');
  NAV[role].splice(plans >= 0 ? plans + 1 : 1, 0, item); // after the annual plans
}

// Exam day (R-EXA-9, issue 6 point 3): proctors, examiners and supervisors
// work from their sessions; the others reach a session from its batch.
const MY_SESSIONS = { title: '我的场次', path: '/admin/exam-day' };
for (const role of ['EXAMINER', 'PROCTOR', 'SUPERVISOR']) {
  NAV[role].splice(1, 0, MY_SESSIONS); // after the home page
}

// Certificates (证书, issue 7): candidates see theirs; the institutions,
// districts and the city export the paper-certificate roster.
const ROSTER = { title: '发证名册', path: '/admin/certificates/roster' };
for (const [role, item] of [
  ['CANDIDATE', { title: '我的证书', path: '/admin/my-certificates' }],
  ['PROVINCE', ROSTER],
  ['CITY', ROSTER],
  ['DISTRICT', ROSTER],
  ['INSTITUTION_ADMIN', ROSTER],
  ['INSTITUTION_OPERATOR', ROSTER],
]) {
  const notes = NAV[role].findIndex((i) => i.path === '/admin/notifications');
  NAV[role].splice(notes >= 0 ? notes : NAV[role].length, 0, item); // before the messages
}

// Scoring and results (评分、考核结果, issue 6 points 4, 5): examiners score
// their sessions; institutions publicize and submit, districts and the city
// review, the province reads.
NAV.EXAMINER.splice(1, 0, { title: '我的评分', path: '/admin/scoring' });
for (const role of ['PROVINCE', 'CITY', 'DISTRICT', 'INSTITUTION_ADMIN', 'INSTITUTION_OPERATOR']) {
  const batches = NAV[role].findIndex((i) => i.path === '/admin/batches');
  NAV[role].splice(batches >= 0 ? batches + 1 : 1, 0, { title: '考核结果', path: '/admin/results' });
}

// Back-office pages every signed-in user may open, whatever the role (not in
// the menu: reached from the user menu in the header).
export const ALWAYS_ALLOWED = Object.freeze(['/admin/password']);

// Where a role lands after login (when no other page was asked for).
export function homeFor() {
  return HOME.path;
}

// Chinese label of a role code; the code itself when unknown.
export function roleLabel(role) {
  return ROLES[role] ?? role ?? '';
}

// Menu items of a role ([] for an unknown role).
export function navFor(role) {
  return NAV[role] ?? [];
}

function leaves(items) {
  return items.flatMap((item) => (item.children ? leaves(item.children) : [item]));
}

// True when `path` is an /admin page the role's menu grants: the exact item
// path, or a sub-path of an item other than the /admin home itself.
export function isAllowed(role, path) {
  const clean = path.replace(/\/+$/, '') || '/';
  if (ALWAYS_ALLOWED.includes(clean)) return true;
  return leaves(navFor(role)).some((item) => {
    if (clean === item.path) return true;
    return item.path !== HOME.path && clean.startsWith(item.path + '/');
  });
}
