// Loads one recruitment application by the route's :id: `app` (the detail
// the API answers), `loading`, `error`, `notFound` (a missing id and one
// outside the caller's scope look the same: 页面不存在), `load()`, and
// `set(detail)` for the detail an action answers.
import { onBeforeUnmount, ref, watch } from 'vue';
import { useRoute } from 'vue-router';
import { fetchApplication } from './recruitment.js';

export function useApplication() {
  const route = useRoute();
  const app = ref(null);
  const loading = ref(false);
  const error = ref('');
  const notFound = ref(false);
  let controller = null;

  async function load({ quiet = false } = {}) {
    const id = String(route.params.id || '');
    controller?.abort();
    const mine = (controller = new AbortController());
    error.value = '';
    notFound.value = false;
    if (!/^[1-9]\d{0,9}$/.test(id)) {
      app.value = null;
      notFound.value = true;
      return;
    }
    if (!quiet) loading.value = true;
    try {
      app.value = await fetchApplication(id, mine.signal);
    } catch (err) {
      if (err?.name === 'AbortError') return;
      if (err?.status === 404 || err?.status === 400) {
        app.value = null;
        notFound.value = true;
      } else error.value = err?.title || '申请信息加载失败，请稍后重试';
    } finally {
      if (controller === mine) loading.value = false;
    }
  }

  function set(detail) {
    if (detail && typeof detail === 'object' && detail.id) app.value = detail;
  }

  watch(
    () => route.params.id,
    (id, old) => {
      if (id !== old && id !== undefined) load();
    },
    { immediate: true },
  );
  onBeforeUnmount(() => controller?.abort());

  return { app, loading, error, notFound, load, set };
}
