import { defineStore } from 'pinia';
import { ref, shallowRef } from 'vue';
import type { Notification } from '@tongxin/shared/schemas';
import { listNotifications, notificationStreamUrl } from '../api/notifications';

const RECONNECT_MS = 15_000;

/**
 * A record changed (SSE event `change`): `{ topic: 'help_request', id, status }`. After the
 * stream reconnects, listeners get `id: null` once: anything may have changed while it was down.
 */
export interface LiveChange {
  topic: string;
  id: string | null;
  status?: string | null;
}

/**
 * The unread badge and live inbox: one EventSource per logged-in tab. The server sends `unread`
 * on connect and after each new message, `notification` with the message itself, and `change`
 * when a record the person follows changed (pages re-fetch it: see `onLiveChange`).
 */
export const useNotificationStore = defineStore('notifications', () => {
  const unread = ref(0);
  /** The last message that arrived live; pages watch it to refresh. */
  const latest = shallowRef<Notification | null>(null);
  let source: EventSource | null = null;
  let wanted = false;
  let retry: ReturnType<typeof setTimeout> | undefined;
  const listeners = new Set<(n: Notification) => void>();
  const changeListeners = new Map<string, Set<(c: LiveChange) => void>>();
  /** Whether the stream was open before: a later `open` is a reconnection. */
  let opened = false;

  function emitChange(change: LiveChange) {
    for (const l of changeListeners.get(change.topic) ?? []) l(change);
  }

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
    es.addEventListener('change', (e) => {
      const data = JSON.parse((e as MessageEvent<string>).data) as Partial<LiveChange>;
      if (typeof data.topic === 'string') emitChange({ topic: data.topic, id: data.id ?? null, status: data.status ?? null });
    });
    es.addEventListener('open', () => {
      // Changes sent while the stream was down are lost: tell every page to re-fetch once.
      if (opened) for (const topic of changeListeners.keys()) emitChange({ topic, id: null, status: null });
      opened = true;
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
    opened = false;
    unread.value = 0;
    latest.value = null;
  }

  /** For callers that show each new message (the layout's toast). */
  function onNotification(listener: (n: Notification) => void): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  /**
   * Live changes of one topic (e.g. 'help_request'), for pages that re-fetch what they show;
   * returns the unsubscribe. No polling: the server pushes these over the same stream.
   */
  function onLiveChange(topic: string, listener: (c: LiveChange) => void): () => void {
    const set = changeListeners.get(topic) ?? new Set<(c: LiveChange) => void>();
    changeListeners.set(topic, set);
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && changeListeners.get(topic) === set) changeListeners.delete(topic);
    };
  }

  async function refreshUnread() {
    const page = await listNotifications({ page: 1, pageSize: 1 });
    unread.value = page.unread;
  }

  return { unread, latest, connect, disconnect, onNotification, onLiveChange, refreshUnread };
});
