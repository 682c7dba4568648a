import { computed, onMounted } from 'vue';
import { useCareTagStore } from '../stores/care-tags';
import { useSessionStore } from '../stores/session';
import { showError } from '../utils/feedback';

/** The care tags of the towns this person works in: options for filters and forms, and labels. */
export function useCareTags() {
  const store = useCareTagStore();
  const session = useSessionStore();
  const townIds = computed(() => [...new Set((session.me?.grants ?? []).map((g) => g.townId))]);
  const options = computed(() => store.all.map((t) => ({ value: t.code, label: t.label })));

  onMounted(() => {
    Promise.all(townIds.value.map((id) => store.load(id))).catch(showError);
  });

  return { options, label: store.label, store };
}
