import { listHelpRequests } from '../../api/help';
import { listVolunteers } from '../../api/volunteers';
import type { RemoteOption } from '../../utils/people';
import { requestOption, volunteerOption } from './data';

/** Approved volunteers by name, number or mobile, for the dispatch dialog's remote-select. */
export const findVolunteers =
  (partyText: string) =>
  async (text: string): Promise<RemoteOption[]> =>
    (await listVolunteers({ status: 'approved', q: text || undefined, page: 1, pageSize: 20 })).items.map((v) =>
      volunteerOption(v, partyText),
    );

/** Other requests by number (or text), for marking a duplicate; the request itself is left out. */
export const findOtherRequests =
  (selfId: string) =>
  async (text: string): Promise<RemoteOption[]> =>
    (await listHelpRequests({ q: text || undefined, page: 1, pageSize: 20 })).items.filter((r) => r.id !== selfId).map(requestOption);
