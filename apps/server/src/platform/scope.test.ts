import { describe, expect, it } from 'vitest';
import { Scope } from './scope.js';
import { DataCipher } from './crypto.js';
import { randomBytes } from 'node:crypto';

describe('Scope', () => {
  const scope = new Scope('region.read', [
    { regionId: 'b', path: '/t/b/' },
    { regionId: 't', path: '/t/' },
    { regionId: 'x', path: '/u/x/' },
  ]);
  it('keeps only the outermost roots', () => {
    expect(scope.roots.map((r) => r.regionId)).toEqual(['t', 'x']);
  });
  it('contains its subtrees and nothing else', () => {
    expect(scope.containsPath('/t/b/c/')).toBe(true);
    expect(scope.containsPath('/u/x/')).toBe(true);
    expect(scope.containsPath('/u/')).toBe(false);
    expect(scope.containsPath('/u/y/')).toBe(false);
  });
  it('knows its roots', () => {
    expect(scope.isRoot('/t/')).toBe(true);
    expect(scope.isRoot('/t/b/')).toBe(false);
  });
  it('an empty scope reaches nothing', () => {
    expect(new Scope('audit.read', []).isEmpty).toBe(true);
  });
  it('narrows to one subtree inside it, to nothing outside it, and stays itself without one', () => {
    const narrowed = scope.within('/t/b/c/');
    expect(narrowed.roots).toEqual([{ regionId: 'c', path: '/t/b/c/' }]);
    expect(narrowed.permission).toBe('region.read');
    expect(narrowed.containsPath('/t/b/c/d/')).toBe(true);
    expect(narrowed.containsPath('/t/b/')).toBe(false);
    expect(scope.within('/u/y/').isEmpty).toBe(true);
    expect(scope.within(undefined)).toBe(scope);
  });
});

describe('DataCipher', () => {
  const cipher = new DataCipher(randomBytes(32));
  it('round-trips and never repeats a ciphertext', () => {
    const a = cipher.encrypt('13800000001');
    expect(a).not.toContain('13800000001');
    expect(cipher.decrypt(a)).toBe('13800000001');
    expect(cipher.encrypt('13800000001')).not.toBe(a);
  });
  it('detects tampering', () => {
    const [v, iv, tag, body] = cipher.encrypt('秘密').split('.');
    const flipped = body!.slice(0, -2) + (body!.endsWith('A') ? 'BB' : 'AA');
    expect(() => cipher.decrypt([v, iv, tag, flipped].join('.'))).toThrow();
  });
  it('keyed hashes are stable per key and differ across keys', () => {
    expect(cipher.keyedHash('x')).toBe(cipher.keyedHash('x'));
    expect(new DataCipher(randomBytes(32)).keyedHash('x')).not.toBe(cipher.keyedHash('x'));
  });
});
