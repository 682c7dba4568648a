import { ref, type Ref } from 'vue';
import { showError } from '../utils/feedback';

/**
 * The state every paged console list shares: the current page of items, the total (and whether
 * it is only the server's cap: more rows match, "10,000+"), the page and page size, a loading flag;
 * `load` fetches the current page, `search` goes back to the first one (after the filters changed).
 * Failures show the server's message and keep the last page.
 */
export function usePagedList<T, R extends { items: T[]; total: number; totalCapped?: boolean }>(
  fetchPage: (paging: { page: number; pageSize: number }) => Promise<R>,
  options: { pageSize?: number; onLoaded?: (result: R) => void } = {},
) {
  const items = ref([]) as Ref<T[]>;
  const total = ref(0);
  const totalCapped = ref(false);
  const page = ref(1);
  const pageSize = ref(options.pageSize ?? 20);
  const loading = ref(false);

  async function load(): Promise<void> {
    loading.value = true;
    try {
      const result = await fetchPage({ page: page.value, pageSize: pageSize.value });
      items.value = result.items;
      total.value = result.total;
      totalCapped.value = result.totalCapped === true;
      options.onLoaded?.(result);
    } catch (error) {
      showError(error);
    } finally {
      loading.value = false;
    }
  }

  function search(): void {
    page.value = 1;
    void load();
  }

  return { items, total, totalCapped, page, pageSize, loading, load, search };
}
