import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import { levelName as levelNameAt } from '@tongxin/shared';
import type { Region } from '@tongxin/shared/schemas';
import { listRegionSubtree } from '../api/regions';
import { buildRegionTree, regionPathNames } from '../utils/region-tree';

/**
 * The caller's visible region subtree, loaded once and shared by the region page and every region
 * picker (accounts, audit filters). Writes call `load(true)` afterwards.
 */
export const useRegionStore = defineStore('regions', () => {
  const items = shallowRef<Region[]>([]);
  const levelNames = ref<Record<string, string[]>>({});
  const loading = ref(false);
  const loaded = ref(false);
  let pending: Promise<void> | null = null;

  const byId = computed(() => new Map(items.value.map((r) => [r.id, r])));
  const tree = computed(() => buildRegionTree(items.value));

  async function load(force = false): Promise<void> {
    if (loaded.value && !force) return;
    if (pending) return pending;
    loading.value = true;
    pending = listRegionSubtree()
      .then((list) => {
        items.value = list.items;
        levelNames.value = list.levelNames;
        loaded.value = true;
      })
      .finally(() => {
        loading.value = false;
        pending = null;
      });
    return pending;
  }

  function reset() {
    items.value = [];
    levelNames.value = {};
    loaded.value = false;
  }

  function pathOf(id: string | null | undefined): string[] {
    return id ? regionPathNames(id, byId.value) : [];
  }

  /** How many levels the region's town has. */
  function levelCount(region: Region): number {
    return levelNames.value[region.townId]?.length ?? 0;
  }

  function levelNameOf(region: Region, depth: number): string {
    return levelNameAt(levelNames.value[region.townId] ?? [], depth);
  }

  return { items, levelNames, loading, loaded, byId, tree, load, reset, pathOf, levelCount, levelNameOf };
});
