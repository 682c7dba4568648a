import { describe, expect, it } from 'vitest';
import { safeRedirect } from './redirect';

describe('safeRedirect', () => {
  it('keeps paths inside the app', () => {
    expect(safeRedirect('/regions')).toBe('/regions');
    expect(safeRedirect('/me/password?x=1')).toBe('/me/password?x=1');
  });

  it('refuses anything that could leave it', () => {
    for (const bad of ['//evil.example', '/\\evil.example', 'https://evil.example', 'regions', '', undefined, ['/a']])
      expect(safeRedirect(bad)).toBe('/');
  });
});
