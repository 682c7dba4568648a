import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { Notification } from '@tongxin/shared/schemas';
import { listNotifications, notificationStreamUrl } from '../api/notifications';

const RETRY_MS = 15_000;

/** `change`: something a page may show has changed (e.g. `{ topic: 'help_request', id, status }`). */
export interface LiveChange {
  topic: string;
  id: string;
  status?: string;
}

/**
 * The unread count on the 消息 tab and new messages as they arrive, over one Server-Sent-Events
 * stream per logged-in page. EventSource reconnects by itself after a dropped connection; when the
 * server refuses the stream (e.g. the session ended) it gives up, so we retry a little later.
 * The same stream says when something changed (`change`), so open pages re-fetch it, never poll.
 */
export const useInboxStore = defineStore('inbox', () => {
  const unread = ref(0);
  const listeners = new Set<(n: Notification) => void>();
  const changeListeners = new Map<string, Set<(change: LiveChange) => void>>();
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
    es.addEventListener('change', (e) => {
      const change = parse<LiveChange>(e);
      if (!change || typeof change.topic !== 'string') return;
      for (const listener of [...(changeListeners.get(change.topic) ?? [])]) listener(change);
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

  /** Hear of changes to one topic (e.g. 'help_request') while a page is open; returns the unsubscribe. */
  function onLiveChange(topic: string, listener: (change: LiveChange) => void): () => void {
    const set = changeListeners.get(topic) ?? new Set();
    changeListeners.set(topic, set);
    set.add(listener);
    return () => {
      set.delete(listener);
      if (!set.size && changeListeners.get(topic) === set) changeListeners.delete(topic);
    };
  }

  return { unread, connect, disconnect, refreshUnread, onNotification, onLiveChange };
});

function parse<T>(e: Event): T | null {
  try {
    return JSON.parse((e as MessageEvent<string>).data) as T;
  } catch {
    return null;
  }
}
