// List pages keep their filters and paging in the URL query, so a filtered
// page can be linked, reloaded and navigated with the back button.
//
//   const list = useListQuery({ q: '', role: '' }, (p) => load(p));
//   list.params.value → { q, role, page, pageSize }
//   list.push({ q: 'x', page: 1 })   // navigate (or reload when unchanged)
//
// `load` runs immediately and whenever the query of this page changes.
import { computed, watch } from 'vue';
import { useRoute, useRouter } from 'vue-router';

export const PAGE_SIZES = Object.freeze([10, 20, 50]);
export const DEFAULT_PAGE_SIZE = 20;

function str(v) {
  return typeof v === 'string' ? v : '';
}

function positiveInt(v, fallback) {
  const n = Number.parseInt(str(v), 10);
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

export function useListQuery(filterDefaults, load) {
  const route = useRoute();
  const router = useRouter();
  const ownPath = route.path;
  const keys = Object.keys(filterDefaults);

  const params = computed(() => {
    const q = route.query;
    const size = positiveInt(q.page_size, DEFAULT_PAGE_SIZE);
    const out = {};
    for (const k of keys) out[k] = str(q[k]).trim() || filterDefaults[k];
    out.page = positiveInt(q.page, 1);
    out.pageSize = PAGE_SIZES.includes(size) ? size : DEFAULT_PAGE_SIZE;
    return out;
  });

  function push(next) {
    const merged = { ...params.value, ...next };
    const query = {};
    for (const k of keys) {
      const v = merged[k] == null ? '' : String(merged[k]).trim();
      if (v && v !== filterDefaults[k]) query[k] = v;
    }
    if (merged.page > 1) query.page = String(merged.page);
    if (merged.pageSize !== DEFAULT_PAGE_SIZE) query.page_size = String(merged.pageSize);
    const same =
      Object.keys(query).length === Object.keys(route.query).length &&
      Object.entries(query).every(([k, v]) => route.query[k] === v);
    if (same) load(params.value);
    else router.push({ path: ownPath, query });
  }

  watch(
    params,
    (p) => {
      if (route.path !== ownPath) return; // leaving the page
      load(p);
    },
    { immediate: true },
  );

  return { params, push, ownPath };
}

// Aborts the previous load when a new one starts (last request wins).
export function latest() {
  let controller = null;
  return {
    next() {
      controller?.abort();
      controller = new AbortController();
      return controller;
    },
    isCurrent(c) {
      return controller === c;
    },
    abort() {
      controller?.abort();
    },
  };
}
