import { describe, expect, it } from 'vitest';
import { isStrongPassword } from '@tongxin/shared';
import { checkDivisionCode, checkEmail, checkMobile, checkPassword, generatePassword, parseCentre, parsePolygon } from './validators';
import { problemText } from './form-rules';
import { i18n } from '../locales';

const t = (key: string, params?: Record<string, unknown>) => i18n.global.t(key, params ?? {});

describe('field checks follow the shared rules', () => {
  it('accepts mainland mobiles with spaces, dashes or +86', () => {
    for (const ok of ['13800000001', '138 0000 0001', '138-0000-0001', '+8613800000001', '008613800000001'])
      expect(checkMobile(ok)).toBeNull();
    for (const bad of ['12800000001', '1380000000', '138000000012', 'abc', ''])
      expect(checkMobile(bad)).toEqual({ key: 'validation.mobile' });
  });

  it('wants 8+ characters with letters and digits', () => {
    expect(checkPassword('Tongxin2026')).toBeNull();
    expect(checkPassword('short1')).not.toBeNull();
    expect(checkPassword('onlyletters')).not.toBeNull();
    expect(checkPassword('12345678')).not.toBeNull();
  });

  it('takes an empty division code or exactly 12 digits', () => {
    expect(checkDivisionCode('')).toBeNull();
    expect(checkDivisionCode('440605124000')).toBeNull();
    expect(checkDivisionCode('44060512400')).not.toBeNull();
    expect(checkDivisionCode('44060512400a')).not.toBeNull();
  });

  it('checks e-mail addresses loosely', () => {
    expect(checkEmail('liang@example.org')).toBeNull();
    expect(checkEmail('liang@example')).not.toBeNull();
    expect(checkEmail('liang example.org')).not.toBeNull();
  });

  it('generates passwords the server accepts', () => {
    for (let i = 0; i < 50; i++) expect(isStrongPassword(generatePassword())).toBe(true);
    expect(generatePassword(16)).toHaveLength(16);
  });
});

describe('parseCentre', () => {
  it('is both numbers or neither', () => {
    expect(parseCentre(null, null)).toBeNull();
    expect(parseCentre(113.3, 22.2)).toEqual({ lng: 113.3, lat: 22.2 });
    expect(parseCentre(113.3, null)).toEqual({ key: 'validation.centre' });
    expect(parseCentre(190, 22)).toEqual({ key: 'validation.centre' });
  });
});

describe('parsePolygon', () => {
  const ring = [
    [113.3, 22.2],
    [113.31, 22.2],
    [113.31, 22.21],
    [113.3, 22.2],
  ];

  it('treats blank as no boundary', () => {
    expect(parsePolygon('  ')).toEqual({ ok: true, polygon: null });
  });

  it('accepts a closed GeoJSON Polygon', () => {
    const r = parsePolygon(JSON.stringify({ type: 'Polygon', coordinates: [ring] }));
    expect(r).toEqual({ ok: true, polygon: { type: 'Polygon', coordinates: [ring] } });
  });

  it.each([
    ['{not json', 'validation.polygonJson'],
    [JSON.stringify({ type: 'Point', coordinates: [1, 2] }), 'validation.polygonType'],
    [JSON.stringify({ type: 'Polygon', coordinates: [] }), 'validation.polygonRings'],
    [JSON.stringify({ type: 'Polygon', coordinates: [ring.slice(0, 3)] }), 'validation.polygonRings'],
    [JSON.stringify({ type: 'Polygon', coordinates: [[[200, 1], ...ring.slice(1)]] }), 'validation.polygonPosition'],
    [JSON.stringify({ type: 'Polygon', coordinates: [[...ring.slice(0, 3), [113.4, 22.3]]] }), 'validation.polygonClosed'],
  ])('refuses %s', (text, reason) => {
    const r = parsePolygon(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problem.params?.reasonKey).toBe(reason);
  });

  it('explains the problem in words', () => {
    const r = parsePolygon('{not json');
    if (r.ok) throw new Error('expected a problem');
    expect(problemText(r.problem, t)).toBe('边界须为 GeoJSON Polygon：不是有效的 JSON');
  });
});
