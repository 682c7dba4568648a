/** Roles are granted on a region node and reach that node's whole subtree. */
export const ROLES = [
  'town_admin',
  'community_admin',
  'grid_worker',
  'team_leader',
  'volunteer',
  'resident',
  'merchant',
  'lecturer',
  'department_handler',
  'auditor',
] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role, { zh: string; en: string }> = {
  town_admin: { zh: '镇（街道）管理员', en: 'Town admin' },
  community_admin: { zh: '村（社区）管理员', en: 'Community admin' },
  grid_worker: { zh: '网格员', en: 'Grid worker' },
  team_leader: { zh: '志愿服务队队长', en: 'Team leader' },
  volunteer: { zh: '志愿者', en: 'Volunteer' },
  resident: { zh: '居民', en: 'Resident' },
  merchant: { zh: '爱心商家', en: 'Merchant' },
  lecturer: { zh: '尖兵讲师', en: 'Lecturer' },
  department_handler: { zh: '部门办理人', en: 'Department handler' },
  auditor: { zh: '审计员', en: 'Auditor' },
};

/**
 * Which roles a holder of a role may grant (always on a node inside its own scope).
 * Nobody may hand out a role that reads more than their own does.
 */
export const GRANTABLE_ROLES: Record<Role, readonly Role[]> = {
  town_admin: ROLES,
  community_admin: ['community_admin', 'grid_worker', 'team_leader', 'volunteer', 'resident', 'merchant', 'lecturer'],
  grid_worker: [],
  team_leader: [],
  volunteer: [],
  resident: [],
  merchant: [],
  lecturer: [],
  department_handler: [],
  auditor: [],
};

export function isRole(x: string): x is Role {
  return (ROLES as readonly string[]).includes(x);
}
