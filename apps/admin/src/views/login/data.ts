import type { FormRules } from 'element-plus';
import { checkRule, requiredRule } from '../../utils/form-rules';
import { checkMobile } from '../../utils/validators';

type Translate = (key: string, params?: Record<string, unknown>) => string;

export function loginRules(t: Translate): FormRules {
  return {
    mobile: [requiredRule(t, 'login.mobile'), checkRule(checkMobile, t)],
    password: [requiredRule(t, 'login.password')],
  };
}

/** Only same-site paths: never send someone to another origin after login. */
export function safeRedirect(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/login')) return '/';
  return value;
}
