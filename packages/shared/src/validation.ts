/** Mainland mobile numbers: 11 digits, 1 then 3–9 (domain-rules §8.6: loose check, strip +86). */
export const MOBILE_PATTERN = '^1[3-9][0-9]{9}$';

export function normalizeMobile(input: string): string {
  return input.replace(/[\s-]/g, '').replace(/^(\+86|0086)/, '');
}

export function isMobile(input: string): boolean {
  return new RegExp(MOBILE_PATTERN).test(input);
}

/** Mask a mobile number for display: 138****5678. */
export function maskMobile(mobile: string): string {
  return mobile.length === 11 ? `${mobile.slice(0, 3)}****${mobile.slice(7)}` : '****';
}

export const PASSWORD_MIN_LENGTH = 8;
export function isStrongPassword(pw: string): boolean {
  return pw.length >= PASSWORD_MIN_LENGTH && pw.length <= 128 && /[A-Za-z]/.test(pw) && /[0-9]/.test(pw);
}
