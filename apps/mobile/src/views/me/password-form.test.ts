import { describe, expect, it } from 'vitest';
import { checkPasswordForm } from './password-form';

describe('change password form', () => {
  it('passes a strong, confirmed, different password', () => {
    expect(checkPasswordForm({ current: 'Tongxin2026', next: 'Jinwan2027', confirm: 'Jinwan2027' })).toEqual({});
  });

  it('flags each field in the server’s words', () => {
    expect(checkPasswordForm({ current: '', next: '', confirm: '' })).toEqual({
      current: 'password.required',
      next: 'password.required',
      confirm: 'password.required',
    });
    expect(checkPasswordForm({ current: 'a', next: 'short1', confirm: 'short1' }).next).toBe('password.weak');
    expect(checkPasswordForm({ current: 'a', next: 'onlyletters', confirm: 'onlyletters' }).next).toBe('password.weak');
    expect(checkPasswordForm({ current: 'Tongxin2026', next: 'Tongxin2026', confirm: 'Tongxin2026' }).next).toBe('password.same');
    expect(checkPasswordForm({ current: 'a', next: 'Jinwan2027', confirm: 'Jinwan2028' }).confirm).toBe('password.mismatch');
  });
});
