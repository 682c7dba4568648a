import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Notification } from '@tongxin/shared/schemas';
import { listNotifications, notificationStreamUrl } from '../api/notifications';

const RECONNECT_MS = 15_000;

/**
 * The unread badge and live inbox: one EventSource per logged-in tab. The server sends `unread`
 * on connect and after each new message, and `notification` with the message itself.
 */
export const useNotificationStore = defineStore('notifications', () => {
  const unread = ref(0);
  /** The last message that arrived live; pages watch it to refresh. */
  const latest = shallowRef<Notification | null>(null);
  let source: EventSource | null = null;
  let wanted = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<(n: Notification) => void>();

  function connect() {
    wanted = true;
    if (source || typeof EventSource === 'undefined') return;
    const es = new EventSource(notificationStreamUrl());
    source = es;
    es.addEventListener('unread', (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as { unread: number };
      unread.value = data.unread;
    });
    es.addEventListener('notification', (e) => {
      const n = JSON.parse((e as MessageEvent<string>).data) as Notification;
      latest.value = n;
      for (const l of listeners) l(n);
    });
    es.onerror = () => {
      // The browser retries network errors itself; a refused stream (e.g. 401) ends CLOSED.
      if (es.readyState !== EventSource.CLOSED) return;
      source = null;
      if (wanted) retry = setTimeout(connect, RECONNECT_MS);
    };
  }

  function disconnect() {
    wanted = false;
    clearTimeout(retry);
    source?.close();
    source = null;
    unread.value = 0;
    latest.value = null;
  }

  /** For callers that show each new message (the layout's toast). */
  function onNotification(listener: (n: Notification) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  async function refreshUnread() {
    const page = await listNotifications({ page: 1, pageSize: 1 });
    unread.value = page.unread;
  }

  return { unread, latest, connect, disconnect, onNotification, refreshUnread };
});
