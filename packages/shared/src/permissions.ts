import type { Role } from './roles.js';

/**
 * Permission names. A route names exactly one; the caller's scope for it is the union of the
 * subtrees of the nodes where they hold a role that carries it.
 */
export const PERMISSIONS = [
  'region.read',
  'region.manage',
  'town.manage',
  'account.read',
  'account.manage',
  'audit.read',
  // People on the grid: read (masked), keep up to date, see protected values in clear (audited).
  'people.read',
  'people.manage',
  'people.reveal',
  // Grid duties (grid workers, building and unit heads, central households, 户联系 links).
  'grid.manage',
  'party.read',
  'party.manage',
  // Volunteers: read the roll and applications; approve or reject applications.
  'volunteer.read',
  'volunteer.manage',
  // Activities: create, publish and run them; check people in; confirm service hours.
  'activity.manage',
  // Help requests: accept, refuse, dispatch and follow up (grid workers up); confirm as the community.
  'help.manage',
  'help.confirm',
  // Points bank: read ledgers and statements; grant, deduct, reverse, moderate the catalogue and
  // keep merchants; approve adjustments above the threshold (a second person).
  'points.read',
  'points.manage',
  'points.approve',
  // Region figures (the dashboard's numbers: activities, hours, people served, …) for the scope.
  'figures.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const everyone: Permission[] = ['region.read'];

export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  town_admin: [
    'region.read',
    'region.manage',
    'town.manage',
    'account.read',
    'account.manage',
    'audit.read',
    'people.read',
    'people.manage',
    'people.reveal',
    'grid.manage',
    'party.read',
    'party.manage',
    'volunteer.read',
    'volunteer.manage',
    'activity.manage',
    'help.manage',
    'help.confirm',
    'points.read',
    'points.manage',
    'points.approve',
    'figures.read',
  ],
  community_admin: [
    'region.read',
    'region.manage',
    'account.read',
    'account.manage',
    'people.read',
    'people.manage',
    'people.reveal',
    'grid.manage',
    'party.read',
    'party.manage',
    'volunteer.read',
    'volunteer.manage',
    'activity.manage',
    'help.manage',
    'help.confirm',
    'points.read',
    'points.manage',
    'figures.read',
  ],
  grid_worker: [
    'region.read',
    'people.read',
    'people.manage',
    'people.reveal',
    'party.read',
    'volunteer.read',
    'help.manage',
    'figures.read',
  ],
  team_leader: ['region.read', 'volunteer.read', 'activity.manage'],
  volunteer: everyone,
  resident: everyone,
  merchant: everyone,
  lecturer: everyone,
  department_handler: everyone,
  auditor: ['region.read', 'account.read', 'audit.read', 'points.read'],
};

export function roleHas(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}
