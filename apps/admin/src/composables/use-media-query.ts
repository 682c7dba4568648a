import { onBeforeUnmount, ref, type Ref } from 'vue';

/** A reactive `matchMedia`; false where there is no window (tests without a DOM). */
export function useMediaQuery(query: string): Ref<boolean> {
  const supported = typeof window !== 'undefined' && typeof window.matchMedia === 'function';
  const list = supported ? window.matchMedia(query) : null;
  const matches = ref(list?.matches ?? false);
  const update = (e: MediaQueryListEvent) => {
    matches.value = e.matches;
  };
  list?.addEventListener('change', update);
  onBeforeUnmount(() => list?.removeEventListener('change', update));
  return matches;
}

/** Below this the left menu becomes a drawer behind a hamburger button. */
export const useNarrowScreen = () => useMediaQuery('(max-width: 767px)');
