import { ROLE_LABELS, type Locale, type Role } from '@tongxin/shared';
import type { RoleGrant } from '@tongxin/shared/schemas';

export function roleLabel(role: Role, locale: Locale): string {
  return ROLE_LABELS[role][locale === 'en' ? 'en' : 'zh'];
}

export const PATH_SEPARATOR = ' › ';

/** "村（社区）管理员 · 青樵镇 › 上金湾社区": what the person is, and where. */
export function grantLabel(grant: Pick<RoleGrant, 'role' | 'regionPath' | 'regionName'>, locale: Locale): string {
  const path = grant.regionPath.length ? grant.regionPath.join(PATH_SEPARATOR) : grant.regionName;
  return `${roleLabel(grant.role, locale)} · ${path}`;
}
