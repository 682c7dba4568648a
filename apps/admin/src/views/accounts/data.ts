import type { FormRules } from 'element-plus';
import type { Locale, Role } from '@tongxin/shared';
import type { Account, RoleGrant } from '@tongxin/shared/schemas';
import { roleLabel } from '../../locales';
import { checkRule, maxLengthRule, requiredRule } from '../../utils/form-rules';
import { checkMobile, checkPassword } from '../../utils/validators';

type Translate = (key: string, params?: Record<string, unknown>) => string;

export const PAGE_SIZES = [10, 20, 50, 100];

export interface AccountFilters {
  regionId: string;
  role: Role | '';
  q: string;
}

export function createAccountRules(t: Translate): FormRules {
  return {
    name: [requiredRule(t, 'accounts.name'), maxLengthRule(t, 40)],
    mobile: [requiredRule(t, 'accounts.mobile'), checkRule(checkMobile, t)],
    password: [requiredRule(t, 'accounts.password'), checkRule(checkPassword, t)],
    homeRegionId: [requiredRule(t, 'accounts.homeRegion', 'change')],
  };
}

export function editAccountRules(t: Translate): FormRules {
  return {
    name: [requiredRule(t, 'accounts.name'), maxLengthRule(t, 40)],
    homeRegionId: [requiredRule(t, 'accounts.homeRegion', 'change')],
  };
}

export function resetPasswordRules(t: Translate): FormRules {
  return { password: [requiredRule(t, 'accounts.newPassword'), checkRule(checkPassword, t)] };
}

/** "网格员 @ 青樵镇 / 上金湾社区" */
export function grantLabel(grant: Pick<RoleGrant, 'role' | 'regionPath' | 'regionName'>, locale: Locale): string {
  const path = grant.regionPath.length ? grant.regionPath.join(' / ') : grant.regionName;
  return `${roleLabel(grant.role, locale)} @ ${path}`;
}

export type AccountStatus = { kind: 'disabled' } | { kind: 'locked'; until: string } | { kind: 'active' };

export function accountStatus(account: Pick<Account, 'disabled' | 'lockedUntil'>, now: Date = new Date()): AccountStatus {
  if (account.disabled) return { kind: 'disabled' };
  if (account.lockedUntil && new Date(account.lockedUntil) > now) return { kind: 'locked', until: account.lockedUntil };
  return { kind: 'active' };
}

/** The server gives the home region as a path ("青樵镇 / 上金湾社区"): its last part and what is above it. */
export function splitRegionPath(parts: readonly string[]): { name: string; parent: string } {
  return { name: parts[parts.length - 1] ?? '', parent: parts.slice(0, -1).join(' / ') };
}
