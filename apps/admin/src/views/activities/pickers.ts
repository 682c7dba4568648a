import type { TeamKind } from '@tongxin/shared';
import { listTeams } from '../../api/teams';
import type { RemoteOption } from '../../utils/people';

/** Team search for remote-select (GET /teams answers every match of the caller's town, unpaged). */
export const findTeams =
  (kind?: TeamKind) =>
  async (text: string): Promise<RemoteOption[]> =>
    (await listTeams({ q: text || undefined, kind })).items.map((team) => ({ value: team.id, label: team.name }));
