import { onBeforeUnmount, onMounted } from 'vue';
import { useInboxStore, type LiveChange } from '../../stores/inbox';

/**
 * While the page is open, call `handler` when the server says a help request changed (the SSE
 * `change` event). Changes that arrive together (a claim touches one request, a sweep many) are
 * gathered for `gatherMs`, so a list is fetched once, not once per change.
 */
export function useHelpChanges(handler: (changes: LiveChange[]) => void, gatherMs = 300): void {
  const inbox = useInboxStore();
  let pending: LiveChange[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let off: (() => void) | undefined;
  onMounted(() => {
    off = inbox.onLiveChange('help_request', (change) => {
      pending.push(change);
      clearTimeout(timer);
      timer = setTimeout(() => {
        const batch = pending;
        pending = [];
        handler(batch);
      }, gatherMs);
    });
  });
  onBeforeUnmount(() => {
    off?.();
    clearTimeout(timer);
  });
}
