import { Type, type Static } from 'typebox';
import { ROLES } from '../roles.js';
import { Id, PageQuery, Text, SearchText } from './common.js';
import { RoleGrant } from './auth.js';

export const Account = Type.Object({
  id: Id,
  name: Type.String(),
  mobileMasked: Type.String(),
  homeRegionId: Id,
  homeRegionName: Type.String(),
  /** Names from the town root down to the home region, e.g. ["青樵镇","上金湾社区"]. */
  homeRegionPath: Type.Array(Type.String()),
  disabled: Type.Boolean(),
  lockedUntil: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  grants: Type.Array(RoleGrant),
  createdAt: Type.String({ format: 'date-time' }),
});
export type Account = Static<typeof Account>;

export const AccountPage = Type.Object({ items: Type.Array(Account), total: Type.Integer({ minimum: 0 }) });
export type AccountPage = Static<typeof AccountPage>;

export const AccountListQuery = Type.Object({
  ...PageQuery.properties,
  regionId: Type.Optional(Id),
  role: Type.Optional(Type.Enum(ROLES)),
  /** Name fragment, or a full mobile number. */
  q: Type.Optional(SearchText),
});
export type AccountListQuery = Static<typeof AccountListQuery>;

export const GrantBody = Type.Object({ role: Type.Enum(ROLES), regionId: Id });
export type GrantBody = Static<typeof GrantBody>;

export const CreateAccountBody = Type.Object({
  name: Text(40),
  mobile: Type.String({ minLength: 11, maxLength: 20 }),
  password: Type.String({ minLength: 1, maxLength: 128 }),
  homeRegionId: Id,
  grants: Type.Optional(Type.Array(GrantBody, { maxItems: 20 })),
});
export type CreateAccountBody = Static<typeof CreateAccountBody>;

export const UpdateAccountBody = Type.Object({
  name: Type.Optional(Text(40)),
  disabled: Type.Optional(Type.Boolean()),
  homeRegionId: Type.Optional(Id),
});
export type UpdateAccountBody = Static<typeof UpdateAccountBody>;

export const ResetPasswordBody = Type.Object({ password: Type.String({ minLength: 1, maxLength: 128 }) });
export type ResetPasswordBody = Static<typeof ResetPasswordBody>;

export const GrantParams = Type.Object({ id: Id, grantId: Id });
export type GrantParams = Static<typeof GrantParams>;
