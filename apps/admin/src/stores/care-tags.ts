import { defineStore } from 'pinia';
import { computed, shallowRef } from 'vue';
import type { CareTag } from '@tongxin/shared/schemas';
import { getCareTags } from '../api/towns';

/**
 * Each town's care tags (独居老人, 空巢老人, …), loaded once per town and shared by every page that
 * filters by them or shows them. The town page's tag editor calls `set` after saving.
 */
export const useCareTagStore = defineStore('careTags', () => {
  const byTown = shallowRef<Record<string, CareTag[]>>({});
  const pending = new Map<string, Promise<void>>();

  /** Every tag of every loaded town, the first label of a code winning. */
  const all = computed(() => {
    const seen = new Map<string, CareTag>();
    for (const tags of Object.values(byTown.value)) for (const tag of tags) if (!seen.has(tag.code)) seen.set(tag.code, tag);
    return [...seen.values()];
  });
  const labels = computed(() => new Map(all.value.map((t) => [t.code, t.label])));

  function load(townId: string, force = false): Promise<void> {
    if (!townId) return Promise.resolve();
    if (!force && byTown.value[townId]) return Promise.resolve();
    const running = pending.get(townId);
    if (running) return running;
    const job = getCareTags(townId)
      .then((list) => set(townId, list.items))
      .finally(() => pending.delete(townId));
    pending.set(townId, job);
    return job;
  }

  function set(townId: string, items: CareTag[]) {
    byTown.value = { ...byTown.value, [townId]: items };
  }

  function tagsOf(townId: string): CareTag[] {
    return byTown.value[townId] ?? [];
  }

  /** The label of a code; an unknown code shows as itself. */
  function label(code: string): string {
    return labels.value.get(code) ?? code;
  }

  function reset() {
    byTown.value = {};
  }

  return { byTown, all, load, set, tagsOf, label, reset };
});
