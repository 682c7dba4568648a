import { defineStore } from 'pinia';
import { ref } from 'vue';
import type { HouseholdContact, MyHousehold, MyHouseholdDetail } from '@tongxin/shared/schemas';
import { getMyHousehold, listMyHouseholds } from '../api/households';

/**
 * 我的网格户: the households a grid worker serves and a party member keeps in touch with. Held here
 * so the home page knows whether to offer the entry, and so a contact logged on the form shows on
 * the detail and in the list without waiting for the server.
 */
export const useMyHouseholdsStore = defineStore('myHouseholds', () => {
  /** null until the first answer. */
  const items = ref<MyHousehold[] | null>(null);
  const detail = ref<MyHouseholdDetail | null>(null);
  /** The contact just logged, marked on the timeline. */
  const justLogged = ref<string | null>(null);
  let loading: Promise<MyHousehold[]> | null = null;

  function load(): Promise<MyHousehold[]> {
    loading ??= listMyHouseholds()
      .then((list) => (items.value = list.items))
      .finally(() => (loading = null));
    return loading;
  }

  async function loadDetail(id: string): Promise<MyHouseholdDetail> {
    const next = await getMyHousehold(id);
    detail.value = next;
    return next;
  }

  /** The detail of this household when already here (e.g. coming from its page to the form). */
  function cachedDetail(id: string): MyHouseholdDetail | null {
    return detail.value?.household.id === id ? detail.value : null;
  }

  function recordContact(contact: HouseholdContact): void {
    const later = (known: string | null) => (known && known > contact.contactedOn ? known : contact.contactedOn);
    const item = items.value?.find((h) => h.id === contact.householdId);
    if (item) item.lastContactOn = later(item.lastContactOn);
    const d = cachedDetail(contact.householdId);
    if (d) {
      d.contacts = [contact, ...d.contacts.filter((c) => c.id !== contact.id)];
      d.household.lastContactOn = later(d.household.lastContactOn);
    }
    justLogged.value = contact.id;
  }

  /** Forget everything (another account may log in on this phone). */
  function clear(): void {
    items.value = null;
    detail.value = null;
    justLogged.value = null;
  }

  return { items, detail, justLogged, load, loadDetail, cachedDetail, recordContact, clear };
});
