// Routes. Every page is lazy-loaded (one chunk per route); the two layouts
// are small and loaded eagerly. History mode: the server answers index.html
// for any GET outside /api that is not a file in dist/.
import { createRouter, createWebHistory } from 'vue-router';
import { ElMessage } from 'element-plus';
import PublicLayout from './layouts/PublicLayout.vue';
import AdminLayout from './layouts/AdminLayout.vue';
import { loadMe } from './session.js';
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
  if (!me) return { name: 'login', query: { redirect: to.fullPath } };
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
