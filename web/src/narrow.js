// A reactive "narrow screen" flag (≤ 600 px wide), for layouts that switch
// to one column on phones.
import { onBeforeUnmount, onMounted, ref } from 'vue';

export function useNarrow(query = '(max-width: 600px)') {
  const narrow = ref(false);
  let mq = null;
  const update = () => (narrow.value = !!mq?.matches);
  onMounted(() => {
    mq = window.matchMedia(query);
    update();
    mq.addEventListener('change', update);
  });
  onBeforeUnmount(() => mq?.removeEventListener('change', update));
  return narrow;
}
