import { listAccounts } from '../api/accounts';
import { listHouseholds } from '../api/households';
import { listPartyMembers } from '../api/party';
import { listResidents } from '../api/residents';
import { accountLabel, householdLabel, partyMemberLabel, residentLabel, type RemoteOption } from './people';

/** Search functions for remote-select: a query in, the first page of matches out. */
const PAGE = { page: 1, pageSize: 20 };
const q = (text: string) => text || undefined;

export const findHouseholds =
  (regionId?: string) =>
  async (text: string): Promise<RemoteOption[]> =>
    (await listHouseholds({ ...PAGE, q: q(text), regionId })).items.map((h) => ({ value: h.id, label: householdLabel(h) }));

export const findResidents =
  (regionId?: string) =>
  async (text: string): Promise<RemoteOption[]> =>
    (await listResidents({ ...PAGE, q: q(text), regionId })).items.map((r) => ({ value: r.id, label: residentLabel(r) }));

export const findAccounts =
  (regionId?: string) =>
  async (text: string): Promise<RemoteOption[]> =>
    (await listAccounts({ ...PAGE, q: q(text), regionId })).items.map((a) => ({ value: a.id, label: accountLabel(a) }));

export const findPartyMembers =
  (filters: { regionId?: string; orgId?: string } = {}) =>
  async (text: string): Promise<RemoteOption[]> =>
    (await listPartyMembers({ ...PAGE, q: q(text), ...filters })).items.map((m) => ({ value: m.id, label: partyMemberLabel(m) }));
