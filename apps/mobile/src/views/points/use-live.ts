import { onBeforeUnmount, onMounted } from 'vue';
import { useInboxStore, type LiveChange } from '../../stores/inbox';

/**
 * While the page is open, call `handler` when the server says one of my redemptions changed (the
 * SSE `change` event with topic 'redemption': a merchant verified the code, it expired, I cancelled
 * it on another phone). Changes that arrive together are gathered for `gatherMs`, so a list is
 * fetched once, not once per change.
 */
export function useRedemptionChanges(handler: (changes: LiveChange[]) => void, gatherMs = 300): void {
  const inbox = useInboxStore();
  let pending: LiveChange[] = [];
  let timer: ReturnType<typeof setTimeout> | undefined;
  let off: (() => void) | undefined;
  onMounted(() => {
    off = inbox.onLiveChange('redemption', (change) => {
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
