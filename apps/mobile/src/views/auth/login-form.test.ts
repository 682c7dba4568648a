import { describe, expect, it } from 'vitest';
import { checkLoginPassword, checkMobile, loginBody } from './login-form';

describe('login form', () => {
  it('accepts mainland mobile numbers however they are typed', () => {
    for (const input of ['13800000002', '138 0000 0002', '138-0000-0002', '+8613800000002', ' 13800000002 '])
      expect(checkMobile(input), input).toBeNull();
  });

  it('asks for a number, then for a valid one', () => {
    expect(checkMobile('')).toBe('login.mobileRequired');
    expect(checkMobile('   ')).toBe('login.mobileRequired');
    expect(checkMobile('1380000000')).toBe('login.mobileInvalid');
    expect(checkMobile('12800000002')).toBe('login.mobileInvalid');
    expect(checkMobile('abc')).toBe('login.mobileInvalid');
  });

  it('needs a password but does not judge its strength at login', () => {
    expect(checkLoginPassword('')).toBe('login.passwordRequired');
    expect(checkLoginPassword('x')).toBeNull();
  });

  it('sends the normalised number', () => {
    expect(loginBody('+86 138-0000-0002', 'Tongxin2026')).toEqual({ mobile: '13800000002', password: 'Tongxin2026' });
  });
});
