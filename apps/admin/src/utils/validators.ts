import { DIVISION_CODE_PATTERN, isMobile, isStrongPassword, normalizeMobile } from '@tongxin/shared';
import type { Point, Polygon } from '@tongxin/shared/schemas';

/**
 * Field checks shared by the forms. Each returns null when the value is fine, otherwise an i18n key
 * (with params) so the message follows the UI language. The rules themselves come from
 * @tongxin/shared, the same functions the server applies.
 */
export interface Problem {
  key: string;
  params?: Record<string, unknown>;
}

export function checkMobile(value: string): Problem | null {
  return isMobile(normalizeMobile(value)) ? null : { key: 'validation.mobile' };
}

export function checkPassword(value: string): Problem | null {
  return isStrongPassword(value) ? null : { key: 'validation.password' };
}

export function checkDivisionCode(value: string): Problem | null {
  if (!value.trim()) return null;
  return new RegExp(DIVISION_CODE_PATTERN).test(value.trim()) ? null : { key: 'validation.divisionCode' };
}

export function checkEmail(value: string): Problem | null {
  return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value.trim()) && value.trim().length <= 254 ? null : { key: 'validation.email' };
}

const isLng = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= -180 && x <= 180;
const isLat = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x) && x >= -90 && x <= 90;

/** A centre is both numbers or neither. */
export function parseCentre(lng: number | null | undefined, lat: number | null | undefined): Point | null | Problem {
  const none = (x: unknown) => x === null || x === undefined;
  if (none(lng) && none(lat)) return null;
  if (isLng(lng) && isLat(lat)) return { lng, lat };
  return { key: 'validation.centre' };
}

export type PolygonResult = { ok: true; polygon: Polygon | null } | { ok: false; problem: Problem };

/** Parse the boundary textarea: empty means none; otherwise a GeoJSON Polygon with closed rings. */
export function parsePolygon(text: string): PolygonResult {
  if (!text.trim()) return { ok: true, polygon: null };
  const fail = (reason: string): PolygonResult => ({ ok: false, problem: { key: 'validation.polygon', params: { reasonKey: reason } } });
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return fail('validation.polygonJson');
  }
  if (typeof value !== 'object' || value === null || (value as { type?: unknown }).type !== 'Polygon')
    return fail('validation.polygonType');
  const rings = (value as { coordinates?: unknown }).coordinates;
  if (!Array.isArray(rings) || rings.length < 1 || rings.length > 20) return fail('validation.polygonRings');
  for (const ring of rings) {
    if (!Array.isArray(ring) || ring.length < 4 || ring.length > 5000) return fail('validation.polygonRings');
    for (const pos of ring) {
      if (!Array.isArray(pos) || pos.length !== 2 || !isLng(pos[0]) || !isLat(pos[1])) return fail('validation.polygonPosition');
    }
    const first = ring[0] as [number, number];
    const last = ring[ring.length - 1] as [number, number];
    if (first[0] !== last[0] || first[1] !== last[1]) return fail('validation.polygonClosed');
  }
  return { ok: true, polygon: { type: 'Polygon', coordinates: rings as Polygon['coordinates'] } };
}

/** A password that passes the shared rule, for "generate" buttons: no look-alike characters. */
export function generatePassword(length = 12, random: (n: number) => number = secureRandom): string {
  const letters = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ';
  const digits = '23456789';
  const all = letters + digits;
  for (;;) {
    let pw = '';
    for (let i = 0; i < length; i++) pw += all[random(all.length)];
    if (isStrongPassword(pw)) return pw;
  }
}

function secureRandom(n: number): number {
  const buf = new Uint32Array(1);
  crypto.getRandomValues(buf);
  return buf[0]! % n;
}
