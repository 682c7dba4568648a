import { Type, type Static } from 'typebox';
import { ROLES, type Role } from '../roles.js';
import { PERMISSIONS } from '../permissions.js';
import { Id } from './common.js';

export const LoginBody = Type.Object({
  mobile: Type.String({ minLength: 11, maxLength: 20 }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
});
export type LoginBody = Static<typeof LoginBody>;

export const RoleGrant = Type.Object({
  id: Id,
  role: Type.Enum(ROLES),
  regionId: Id,
  regionName: Type.String(),
  /** Names from the town root down to the node, e.g. ["青樵镇","上金湾社区"]. */
  regionPath: Type.Array(Type.String()),
  levelName: Type.String(),
  townId: Id,
});
export type RoleGrant = Static<typeof RoleGrant> & { role: Role };

export const Me = Type.Object({
  id: Id,
  name: Type.String(),
  mobileMasked: Type.String(),
  locale: Type.Enum(['zh-CN', 'en']),
  largeText: Type.Boolean(),
  grants: Type.Array(RoleGrant),
  permissions: Type.Array(Type.Enum(PERMISSIONS)),
});
export type Me = Static<typeof Me>;

export const ChangePasswordBody = Type.Object({
  currentPassword: Type.String({ minLength: 1, maxLength: 128 }),
  newPassword: Type.String({ minLength: 1, maxLength: 128 }),
});
export type ChangePasswordBody = Static<typeof ChangePasswordBody>;

export const UpdateMyPreferencesBody = Type.Object({
  locale: Type.Optional(Type.Enum(['zh-CN', 'en'])),
  largeText: Type.Optional(Type.Boolean()),
});
export type UpdateMyPreferencesBody = Static<typeof UpdateMyPreferencesBody>;
