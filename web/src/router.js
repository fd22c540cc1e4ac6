// Routes. Every page is lazy-loaded (one chunk per route); the two layouts
// are small and loaded eagerly. History mode: the server answers index.html
// for any GET outside /api that is not a file in dist/.
import { createRouter, createWebHistory } from 'vue-router';
import { ElMessage } from 'element-plus';
import PublicLayout from './layouts/PublicLayout.vue';
import AdminLayout from './layouts/AdminLayout.vue';
import { loadMe, sessionWasExpired } from './session.js';
import { isAllowed } from './nav.js';

const NotFoundView = () => import('./views/NotFoundView.vue');

const routes = [
  {
    path: '/',
    component: PublicLayout,
    children: [
      { path: '', name: 'home', component: () => import('./views/HomeView.vue'), meta: { title: '首页' } },
      {
        path: 'catalog',
        name: 'catalog',
        component: () => import('./views/CatalogView.vue'),
        meta: { title: '考核项目目录' },
      },
      { path: 'login', name: 'login', component: () => import('./views/LoginView.vue'), meta: { title: '登录' } },
      {
        path: 'register',
        name: 'register',
        component: () => import('./views/RegisterView.vue'),
        meta: { title: '考生注册' },
      },
      {
        path: 'institution-register',
        name: 'institution-register',
        component: () => import('./views/InstitutionRegisterView.vue'),
        meta: { title: '考核机构申报注册' },
      },
      {
        path: 'results-publicity',
        name: 'results-publicity',
        component: () => import('./views/ResultsPublicityView.vue'),
        meta: { title: '考核结果公示' },
      },
      {
        path: 'publicity',
        name: 'publicity',
        component: () => import('./views/PublicityView.vue'),
        meta: { title: '考核机构遴选结果公示' },
      },
      {
        path: 'institutions',
        name: 'institutions',
        component: () => import('./views/DirectoryView.vue'),
        meta: { title: '考核机构名录' },
      },
      // Annual plan announcements (R-EXA-5): /announcements picks the newest.
      {
        path: 'announcements/:year(\\d{4})?',
        name: 'announcements',
        component: () => import('./views/AnnouncementView.vue'),
        meta: { title: '年度考核计划公告' },
      },
      {
        path: 'institutions/:code',
        name: 'institution',
        component: () => import('./views/InstitutionView.vue'),
        meta: { title: '考核机构' },
      },
      // Certificates (issue 7): public verification by number and name.
      {
        path: 'verify',
        name: 'verify',
        component: () => import('./views/VerifyView.vue'),
        meta: { title: '证书查询核验' },
      },
      // Registration (issue 5): open plan items, self-registration, 我的报名.
      {
        path: 'registration',
        name: 'registration',
        component: () => import('./views/RegistrationView.vue'),
        meta: { title: '考生报名' },
      },
    ],
  },
  {
    path: '/admin',
    component: AdminLayout,
    meta: { requiresAuth: true },
    children: [
      {
        path: '',
        name: 'admin-home',
        component: () => import('./views/admin/AdminHomeView.vue'),
        meta: { title: '工作台' },
      },
      {
        path: 'catalog',
        name: 'admin-catalog',
        component: () => import('./views/admin/CatalogAdminView.vue'),
        meta: { title: '目录管理' },
      },
      {
        path: 'staff',
        name: 'admin-staff',
        component: () => import('./views/admin/StaffView.vue'),
        meta: { title: '考评人员库' },
      },
      {
        path: 'password',
        name: 'admin-password',
        component: () => import('./views/admin/PasswordView.vue'),
        meta: { title: '修改密码' },
      },
      {
        path: 'accounts',
        name: 'admin-accounts',
        component: () => import('./views/admin/AccountsView.vue'),
        meta: { title: '账号管理' },
      },
      {
        path: 'accounts/:id',
        name: 'admin-account',
        component: () => import('./views/admin/AccountDetailView.vue'),
        meta: { title: '账号详情' },
      },
      {
        path: 'logs/operations',
        name: 'admin-operation-logs',
        component: () => import('./views/admin/OperationLogsView.vue'),
        meta: { title: '操作日志' },
      },
      {
        path: 'logs/logins',
        name: 'admin-login-logs',
        component: () => import('./views/admin/LoginLogsView.vue'),
        meta: { title: '登录日志' },
      },
      {
        path: 'recruitment/applications',
        name: 'admin-my-applications',
        component: () => import('./views/admin/recruitment/MyApplicationsView.vue'),
        meta: { title: '我的申报' },
      },
      {
        path: 'recruitment/applications/:id',
        name: 'admin-my-application',
        component: () => import('./views/admin/recruitment/ApplicationEditView.vue'),
        meta: { title: '考核机构申请' },
      },
      {
        path: 'recruitment/review',
        name: 'admin-review-list',
        component: () => import('./views/admin/recruitment/ReviewListView.vue'),
        meta: { title: '机构申报初审' },
      },
      {
        path: 'recruitment/review/:id',
        name: 'admin-review',
        component: () => import('./views/admin/recruitment/ReviewView.vue'),
        meta: { title: '申请初审' },
      },
      {
        path: 'recruitment/evaluation',
        name: 'admin-evaluation-list',
        component: () => import('./views/admin/recruitment/EvaluationListView.vue'),
        meta: { title: '遴选评估' },
      },
      {
        path: 'recruitment/evaluation/:id',
        name: 'admin-evaluation',
        component: () => import('./views/admin/recruitment/EvaluationView.vue'),
        meta: { title: '遴选评估' },
      },
      {
        path: 'recruitment/publicity',
        name: 'admin-publicity',
        component: () => import('./views/admin/recruitment/PublicityAdminView.vue'),
        meta: { title: '公示管理' },
      },
      {
        path: 'recruitment/approval',
        name: 'admin-approval',
        component: () => import('./views/admin/recruitment/ApprovalView.vue'),
        meta: { title: '确定考核机构' },
      },
      {
        path: 'recruitment/report',
        name: 'admin-report',
        component: () => import('./views/admin/recruitment/ReportView.vue'),
        meta: { title: '报送省厅' },
      },
      {
        path: 'recruitment/publish',
        name: 'admin-publish',
        component: () => import('./views/admin/recruitment/PublishView.vue'),
        meta: { title: '机构公布' },
      },
      // Annual plans (R-EXA-5): one list page adapting to the role, one detail.
      {
        path: 'plans',
        name: 'admin-plans',
        component: () => import('./views/admin/plans/PlansView.vue'),
        meta: { title: '年度考核计划' },
      },
      {
        path: 'plans/:id',
        name: 'admin-plan',
        component: () => import('./views/admin/plans/PlanDetailView.vue'),
        meta: { title: '年度考核计划' },
      },
      // Registration (issue 5): lists, entry, bulk import, export.
      {
        path: 'registrations',
        name: 'admin-registrations',
        component: () => import('./views/admin/registration/RegistrationsAdminView.vue'),
        meta: { title: '报名管理' },
      },
      // The candidate's registrations live on the phone-friendly public page.
      // Certificates (issue 7): 我的证书 and the paper-certificate roster.
      {
        path: 'my-certificates',
        name: 'admin-my-certificates',
        component: () => import('./views/admin/certificates/MyCertificatesView.vue'),
        meta: { title: '我的证书' },
      },
      {
        path: 'certificates/roster',
        name: 'admin-certificate-roster',
        component: () => import('./views/admin/certificates/RosterView.vue'),
        meta: { title: '发证名册' },
      },
      { path: 'my-registrations', redirect: { path: '/registration', query: { tab: 'mine' } } },
      // Batch plans (issue 6 point 2): one list adapting to the role, one
      // detail that edits (institution, also 'new') or reviews.
      {
        path: 'batches',
        name: 'admin-batches',
        component: () => import('./views/admin/batches/BatchesView.vue'),
        meta: { title: '考核批次' },
      },
      {
        path: 'batches/:id',
        name: 'admin-batch',
        component: () => import('./views/admin/batches/BatchDetailView.vue'),
        meta: { title: '考核批次' },
      },
      // Exam day (issue 6 point 3): the institution assigns candidates; the
      // proctors, examiners and supervisors work from "my sessions"; the same
      // session page is reached from a batch by the institution and reviewers.
      {
        path: 'batches/:id/candidates',
        name: 'admin-batch-candidates',
        component: () => import('./views/admin/exam/ExamAssignmentView.vue'),
        meta: { title: '考生安排' },
      },
      {
        path: 'batches/:batch/sessions/:id',
        name: 'admin-batch-session',
        component: () => import('./views/admin/exam/ExamSessionView.vue'),
        meta: { title: '场次考务' },
      },
      {
        path: 'exam-day',
        name: 'admin-exam-day',
        component: () => import('./views/admin/exam/MySessionsView.vue'),
        meta: { title: '我的场次' },
      },
      {
        path: 'exam-day/sessions/:id',
        name: 'admin-exam-session',
        component: () => import('./views/admin/exam/ExamSessionView.vue'),
        meta: { title: '场次考务' },
      },
      // Scoring and results (issue 6 points 4, 5).
      {
        path: 'scoring',
        name: 'admin-scoring',
        component: () => import('./views/admin/scoring/MySessionsView.vue'),
        meta: { title: '我的评分' },
      },
      {
        path: 'scoring/sessions/:id',
        name: 'admin-scoring-session',
        component: () => import('./views/admin/scoring/SessionScoringView.vue'),
        meta: { title: '评分' },
      },
      {
        path: 'results',
        name: 'admin-results',
        component: () => import('./views/admin/scoring/ResultsView.vue'),
        meta: { title: '考核结果' },
      },
      {
        path: 'results/:id',
        name: 'admin-results-detail',
        component: () => import('./views/admin/scoring/ResultsDetailView.vue'),
        meta: { title: '考核结果' },
      },
      {
        path: 'notifications',
        name: 'admin-notifications',
        component: () => import('./views/admin/NotificationsView.vue'),
        meta: { title: '消息通知' },
      },
      // Question banks (issue 5).
      {
        path: 'question-banks',
        name: 'admin-question-banks',
        component: () => import('./views/admin/banks/BanksView.vue'),
        meta: { title: '题库管理' },
      },
      {
        path: 'question-banks/versions/:id',
        name: 'admin-question-bank-version',
        component: () => import('./views/admin/banks/VersionView.vue'),
        meta: { title: '题库版本' },
      },
      // Unknown back-office page, or one outside the role's menu.
      { path: ':pathMatch(.*)*', name: 'admin-not-found', component: NotFoundView, meta: { title: '页面不存在' } },
    ],
  },
  {
    path: '/:pathMatch(.*)*',
    component: PublicLayout,
    children: [{ path: '', name: 'not-found', component: NotFoundView, meta: { title: '页面不存在' } }],
  },
];

const router = createRouter({
  history: createWebHistory('/'),
  routes,
  scrollBehavior(to, from, saved) {
    if (saved) return saved;
    if (to.path === from.path) return false; // query change (filters, paging): keep position
    return { top: 0 };
  },
});

router.beforeEach(async (to) => {
  if (!to.matched.some((r) => r.meta.requiresAuth)) return true;
  let me;
  try {
    me = await loadMe();
  } catch (err) {
    ElMessage.error(err?.title || '无法获取登录状态，请稍后重试');
    me = null;
  }
  if (!me) {
    const query = { redirect: to.fullPath };
    if (sessionWasExpired()) query.expired = '1';
    return { name: 'login', query };
  }
  // An initial or reset password must be changed before anything else;
  // afterwards the user lands on the home page.
  if (me.mustChangePassword && to.name !== 'admin-password') {
    return { name: 'admin-password', replace: true };
  }
  if (to.name !== 'admin-not-found' && !isAllowed(me.role, to.path)) {
    // Same URL, 404 page: a page outside the role's menu does not exist for it.
    return {
      name: 'admin-not-found',
      params: { pathMatch: to.path.replace(/^\/admin\/?/, '').split('/') },
      query: to.query,
      hash: to.hash,
      replace: true,
    };
  }
  return true;
});

router.afterEach((to) => {
  const title = to.meta?.title;
  document.title = title ? `${title} - 青岛市专项职业能力考核管理平台` : '青岛市专项职业能力考核管理平台';
});

export default router;
