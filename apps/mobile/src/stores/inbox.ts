import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Notification } from '@tongxin/shared/schemas';
import { listNotifications, notificationStreamUrl } from '../api/notifications';

const RETRY_MS = 15_000;

/**
 * The unread count on the 消息 tab and new messages as they arrive, over one Server-Sent-Events
 * stream per logged-in page. EventSource reconnects by itself after a dropped connection; when the
 * server refuses the stream (e.g. the session ended) it gives up, so we retry a little later.
 */
export const useInboxStore = defineStore('inbox', () => {
  const unread = ref(0);
  const listeners = new Set<(n: Notification) => void>();
  let source: EventSource | null = null;
  let retry: ReturnType<typeof setTimeout> | undefined;
  let wanted = false;

  function connect(): void {
    wanted = true;
    if (source || typeof EventSource === 'undefined') return;
    clearTimeout(retry);
    const es = new EventSource(notificationStreamUrl());
    source = es;
    es.addEventListener('unread', (e) => {
      const data = parse<{ unread: number }>(e);
      if (data) unread.value = data.unread;
    });
    es.addEventListener('notification', (e) => {
      const n = parse<Notification>(e);
      if (n) for (const listener of listeners) listener(n);
    });
    es.addEventListener('error', () => {
      if (es.readyState !== EventSource.CLOSED) return;
      source = null;
      if (wanted) retry = setTimeout(connect, RETRY_MS);
    });
  }

  function disconnect(): void {
    wanted = false;
    clearTimeout(retry);
    source?.close();
    source = null;
    unread.value = 0;
  }

  /** Ask the server again, e.g. when the app comes back to the foreground. */
  async function refreshUnread(): Promise<void> {
    if (!wanted) return;
    try {
      unread.value = (await listNotifications({ page: 1, pageSize: 1 })).unread;
    } catch {
      // The badge keeps its last value; the stream will correct it.
    }
  }

  function onNotification(listener: (n: Notification) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  return { unread, connect, disconnect, refreshUnread, onNotification };
});

function parse<T>(e: Event): T | null {
  try {
    return JSON.parse((e as MessageEvent<string>).data) as T;
  } catch {
    return null;
  }
}
