import { ROLE_PERMISSIONS, type Permission, type Role } from '@tongxin/shared';
import { Scope } from '../scope.js';

export interface ActorGrant {
  id: string;
  role: Role;
  regionId: string;
  regionPath: string;
  townId: string;
}

/** The signed-in person behind a request. */
export interface Actor {
  accountId: string;
  name: string;
  townId: string;
  homeRegionId: string;
  sessionId: string;
  csrfToken: string;
  grants: ActorGrant[];
}

export function permissionsOf(actor: Pick<Actor, 'grants'>): Permission[] {
  const all = new Set<Permission>();
  for (const g of actor.grants) for (const p of ROLE_PERMISSIONS[g.role]) all.add(p);
  return [...all];
}

export function scopeFor(actor: Pick<Actor, 'grants'>, permission: Permission): Scope {
  return new Scope(
    permission,
    actor.grants.filter((g) => ROLE_PERMISSIONS[g.role].includes(permission)).map((g) => ({ regionId: g.regionId, path: g.regionPath })),
  );
}
