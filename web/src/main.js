import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import zhCn from 'element-plus/es/locale/lang/zh-cn';
import 'element-plus/dist/index.css';
import './styles.css';
import App from './App.vue';
import router from './router.js';
import { setAuthProblemHandler } from './api.js';
import { clearSession, loadMe } from './session.js';

// A request answered "not signed in" (the session expired, was revoked or the
// account disabled): back to the login page, then back here after login.
// A request refused because the password must be changed first: to that page.
let redirecting = false;
setAuthProblemHandler((err) => {
  if (redirecting) return;
  const current = router.currentRoute.value;
  if (err.status === 401) {
    if (current.name === 'login') return;
    redirecting = true;
    clearSession();
    const query = { expired: '1' };
    if (current.fullPath.startsWith('/admin')) query.redirect = current.fullPath;
    router.replace({ name: 'login', query }).finally(() => (redirecting = false));
  } else if (current.name !== 'admin-password') {
    redirecting = true;
    loadMe({ force: true })
      .catch(() => null)
      .then(() => router.replace({ name: 'admin-password' }))
      .finally(() => (redirecting = false));
  }
});

createApp(App).use(ElementPlus, { locale: zhCn }).use(router).mount('#app');
