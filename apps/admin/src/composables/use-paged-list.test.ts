import { describe, expect, it } from 'vitest';
import { ApiError } from '@tongxin/shared/client';
import { usePagedList } from './use-paged-list';

describe('usePagedList', () => {
  it('loads the current page, goes back to page 1 on search, and keeps the last page on failure', async () => {
    const asked: Array<{ page: number; pageSize: number }> = [];
    let fail = false;
    let seenUnread = -1;
    const list = usePagedList(
      async (paging) => {
        asked.push(paging);
        if (fail) throw new ApiError(0, 'SERVICE_UNAVAILABLE', '服务暂不可用');
        return { items: [`item-${paging.page}`], total: 42, unread: 3 };
      },
      { pageSize: 10, onLoaded: (r) => (seenUnread = r.unread) },
    );
    list.page.value = 3;
    await list.load();
    expect(list.items.value).toEqual(['item-3']);
    expect(list.total.value).toBe(42);
    expect(list.totalCapped.value).toBe(false);
    expect(seenUnread).toBe(3);
    list.search();
    await new Promise((r) => setTimeout(r, 0));
    expect(asked.at(-1)).toEqual({ page: 1, pageSize: 10 });
    fail = true;
    await list.load();
    expect(list.items.value).toEqual(['item-1']);
    expect(list.loading.value).toBe(false);
  });

  it('knows when the total is only the cap, and forgets it when the next answer is exact', async () => {
    let capped = true;
    const list = usePagedList(async () =>
      capped ? { items: ['a'], total: 10000, totalCapped: true as const } : { items: ['b'], total: 7 },
    );
    await list.load();
    expect(list.total.value).toBe(10000);
    expect(list.totalCapped.value).toBe(true);
    capped = false;
    await list.load();
    expect(list.total.value).toBe(7);
    expect(list.totalCapped.value).toBe(false);
  });
});
