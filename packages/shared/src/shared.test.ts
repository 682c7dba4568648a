import { describe, expect, it } from 'vitest';
import {
  ERRORS,
  ERROR_CODES,
  errorMessage,
  isMobile,
  isStrongPassword,
  maskMobile,
  normalizeMobile,
  ROLES,
  ROLE_PERMISSIONS,
  GRANTABLE_ROLES,
} from './index.js';

describe('errors', () => {
  it('every code has a status and both messages', () => {
    for (const code of ERROR_CODES) {
      expect(ERRORS[code].status).toBeGreaterThanOrEqual(400);
      expect(ERRORS[code].zh).toMatch(/[\u4e00-\u9fff]/);
      expect(ERRORS[code].en).toMatch(/[a-z]/i);
    }
    expect(errorMessage('NOT_FOUND', 'en')).toBe('Not found');
  });
});

describe('validation', () => {
  it('mobile numbers', () => {
    expect(isMobile(normalizeMobile('+86 138-0000-0001'))).toBe(true);
    expect(isMobile('12800000001')).toBe(false);
    expect(isMobile('1380000000')).toBe(false);
    expect(maskMobile('13812345678')).toBe('138****5678');
  });
  it('passwords need 8+ characters with letters and digits', () => {
    expect(isStrongPassword('abcdefg1')).toBe(true);
    expect(isStrongPassword('abcdefgh')).toBe(false);
    expect(isStrongPassword('1234567a'.slice(0, 7))).toBe(false);
  });
});

describe('roles', () => {
  it('nobody can grant a role that reads more than their own', () => {
    for (const role of ROLES) {
      for (const granted of GRANTABLE_ROLES[role]) {
        for (const p of ROLE_PERMISSIONS[granted]) expect(ROLE_PERMISSIONS[role], `${role} grants ${granted}`).toContain(p);
      }
    }
  });
});
