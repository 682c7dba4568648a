import type { Role } from './roles.js';

/**
 * Permission names. A route names exactly one; the caller's scope for it is the union of the
 * subtrees of the nodes where they hold a role that carries it.
 */
export const PERMISSIONS = ['region.read', 'region.manage', 'town.manage', 'account.read', 'account.manage', 'audit.read'] as const;
export type Permission = (typeof PERMISSIONS)[number];

const everyone: Permission[] = ['region.read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  town_admin: ['region.read', 'region.manage', 'town.manage', 'account.read', 'account.manage', 'audit.read'],
  community_admin: ['region.read', 'region.manage', 'account.read', 'account.manage'],
  grid_worker: everyone,
  team_leader: everyone,
  volunteer: everyone,
  resident: everyone,
  merchant: everyone,
  lecturer: everyone,
  department_handler: everyone,
  auditor: ['region.read', 'account.read', 'audit.read'],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
