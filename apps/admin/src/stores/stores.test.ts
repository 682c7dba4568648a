import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import type { Me, Notification } from '@tongxin/shared/schemas';
import { useNotificationStore } from './notifications';
import { useSessionStore } from './session';
import * as authApi from '../api/auth';

vi.mock('../api/auth', () => ({ login: vi.fn(), logout: vi.fn(), getMe: vi.fn(), changePassword: vi.fn(), updateMyPreferences: vi.fn() }));

/** Just enough of EventSource to drive the store. */
class FakeEventSource {
  static CLOSED = 2;
  static last: FakeEventSource | null = null;
  readyState = 1;
  closed = false;
  onerror: (() => void) | null = null;
  private listeners = new Map<string, Array<(e: MessageEvent<string>) => void>>();
  constructor(readonly url: string) {
    FakeEventSource.last = this;
  }
  addEventListener(type: string, fn: (e: MessageEvent<string>) => void) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), fn]);
  }
  emit(type: string, data: unknown) {
    for (const fn of this.listeners.get(type) ?? []) fn(new MessageEvent(type, { data: JSON.stringify(data) }));
  }
  close() {
    this.closed = true;
  }
}

const grant = (role: Me['grants'][number]['role'], regionPath: string[]) => ({
  id: `g-${role}`,
  role,
  regionId: 'r',
  regionName: regionPath.at(-1)!,
  regionPath,
  levelName: '村（社区）',
  townId: 'town-1',
});

describe('notification store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.stubGlobal('EventSource', FakeEventSource);
  });
  afterEach(() => vi.unstubAllGlobals());

  it('follows the unread count and hands new messages to listeners', () => {
    const store = useNotificationStore();
    const seen: Notification[] = [];
    store.onNotification((n) => seen.push(n));
    store.connect();
    store.connect(); // one stream per tab
    const es = FakeEventSource.last!;
    expect(es.url).toBe('/api/notifications/stream');
    es.emit('unread', { unread: 3 });
    expect(store.unread).toBe(3);
    const n: Notification = {
      id: 'n1',
      kind: 'test',
      title: '新任务',
      body: '…',
      link: null,
      createdAt: '2026-03-01T00:00:00Z',
      readAt: null,
    };
    es.emit('notification', n);
    expect(seen).toEqual([n]);
    expect(store.latest).toEqual(n);
    store.disconnect();
    expect(es.closed).toBe(true);
    expect(store.unread).toBe(0);
  });

  it('hands live changes to the listeners of their topic, and asks for a re-fetch after a reconnection', () => {
    const store = useNotificationStore();
    const help: unknown[] = [];
    const other: unknown[] = [];
    const stop = store.onLiveChange('help_request', (c) => help.push(c));
    store.onLiveChange('activity', (c) => other.push(c));
    store.connect();
    const es = FakeEventSource.last!;
    es.emit('open', {});
    expect(help).toEqual([]); // the first open is no reconnection
    es.emit('change', { topic: 'help_request', id: 'h1', status: 'open' });
    expect(help).toEqual([{ topic: 'help_request', id: 'h1', status: 'open' }]);
    expect(other).toEqual([]);
    es.emit('open', {});
    expect(help.at(-1)).toEqual({ topic: 'help_request', id: null, status: null });
    expect(other).toEqual([{ topic: 'activity', id: null, status: null }]);
    stop();
    es.emit('change', { topic: 'help_request', id: 'h2', status: 'closed' });
    expect(help).toHaveLength(2);
    store.disconnect();
  });
});

describe('session store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    vi.mocked(authApi.getMe).mockReset();
    document.cookie = 'tx_csrf=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/';
  });

  it('does not ask the server who is logged in when there is no session cookie', async () => {
    const session = useSessionStore();
    expect(await session.restore()).toBeNull();
    expect(authApi.getMe).not.toHaveBeenCalled();
  });

  it('restores the session, applying the saved language and large text', async () => {
    document.cookie = 'tx_csrf=abc; path=/';
    vi.mocked(authApi.getMe).mockResolvedValue({
      id: 'a',
      name: '陈慧敏',
      mobileMasked: '138****0002',
      locale: 'en',
      largeText: true,
      grants: [grant('community_admin', ['青樵镇', '上金湾社区'])],
      permissions: ['region.read', 'region.manage', 'account.read', 'account.manage'],
    });
    const session = useSessionStore();
    await session.restore();
    expect(session.loggedIn).toBe(true);
    expect(document.documentElement.lang).toBe('en');
    expect(document.documentElement.classList.contains('tx-large-text')).toBe(true);
    expect(session.can('account.manage')).toBe(true);
    expect(session.can('audit.read')).toBe(false);
    // A community admin hands out community-level roles only, never town admin or auditor.
    expect(session.grantableRoles).toContain('grid_worker');
    expect(session.grantableRoles).not.toContain('town_admin');
    expect(session.grantableRoles).not.toContain('auditor');
    expect(session.managedTownIds).toEqual([]);
    expect(session.scopeNames).toEqual(['青樵镇 / 上金湾社区']);
    session.clear();
    expect(session.loggedIn).toBe(false);
  });
});
