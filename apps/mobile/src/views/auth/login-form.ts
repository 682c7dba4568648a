import { isMobile, normalizeMobile } from '@tongxin/shared';

/** i18n keys of the login form's messages. */
export type LoginProblem = 'login.mobileRequired' | 'login.mobileInvalid' | 'login.passwordRequired';

/** The same mobile rule as the server (`@tongxin/shared`): spaces, dashes and +86 are forgiven. */
export function checkMobile(input: string): LoginProblem | null {
  const mobile = normalizeMobile(input.trim());
  if (!mobile) return 'login.mobileRequired';
  return isMobile(mobile) ? null : 'login.mobileInvalid';
}

export function checkLoginPassword(input: string): LoginProblem | null {
  return input ? null : 'login.passwordRequired';
}

/** What the server gets: the normalised number and the password as typed. */
export function loginBody(mobile: string, password: string): { mobile: string; password: string } {
  return { mobile: normalizeMobile(mobile.trim()), password };
}
