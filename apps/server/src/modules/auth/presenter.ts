import { isRole, ROLES, type Role } from '@tongxin/shared';
import type { Me, RoleGrant } from '@tongxin/shared/schemas';
import type { Kysely } from 'kysely';
import type { AccountRow, DB } from '../../platform/db/schema.js';
import { permissionsOf } from '../../platform/auth/actor.js';
import { describeRegions } from '../regions/index.js';
import { listGrants } from './repository.js';

/** Role grants with the names of their regions, for any number of accounts in two queries. */
export async function presentGrants(db: Kysely<DB>, accountIds: string[]): Promise<Map<string, RoleGrant[]>> {
  const grants = await listGrants(db, accountIds);
  const regions = await describeRegions(
    db,
    grants.map((g) => g.region_id),
  );
  const out = new Map<string, RoleGrant[]>(accountIds.map((id) => [id, []]));
  for (const g of grants) {
    const r = regions.get(g.region_id);
    if (!r || !isRole(g.role)) continue;
    out.get(g.account_id)!.push({
      id: g.id,
      role: g.role,
      regionId: g.region_id,
      regionName: r.name,
      regionPath: r.pathNames,
      levelName: r.levelName,
      townId: g.town_id,
    });
  }
  const order = (role: Role) => ROLES.indexOf(role);
  for (const list of out.values()) list.sort((a, b) => order(a.role) - order(b.role));
  return out;
}

export async function presentMe(db: Kysely<DB>, account: AccountRow): Promise<Me> {
  const grants = (await presentGrants(db, [account.id])).get(account.id) ?? [];
  return {
    id: account.id,
    name: account.name,
    mobileMasked: account.mobile_masked,
    locale: account.locale === 'en' ? 'en' : 'zh-CN',
    largeText: account.large_text,
    grants,
    permissions: permissionsOf({ grants: grants.map((g) => ({ ...g, regionPath: '' })) }),
  };
}
