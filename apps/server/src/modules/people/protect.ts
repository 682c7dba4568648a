import { pinyin } from 'pinyin-pro';
import {
  isMobile,
  maskAddress,
  maskIdNumber,
  maskMobile,
  normalizeIdNumber,
  normalizeMobile,
  parseIdNumber,
  type IdType,
} from '@tongxin/shared';
import type { DataCipher } from '../../platform/crypto.js';
import { AppError } from '../../platform/errors.js';

/** A protected value as it is stored: ciphertext, keyed hash (to find it) and mask (to show it). */
export interface Sealed {
  cipher: string;
  hash: string;
  masked: string;
}

/**
 * The one place people's protected values are sealed: ID numbers, mobile numbers, exact
 * addresses, care tags and notes. Keyed hashes carry a purpose prefix, so equal strings of
 * different kinds never share a hash; mobile numbers hash bare, as accounts do, so a resident
 * and an account with one number can be matched.
 */
export class PersonalData {
  constructor(private readonly cipher: DataCipher) {}

  /** Validate and seal an ID document number. Resident ID cards also yield birth date and sex. */
  idNumber(idType: IdType, raw: string) {
    const number = normalizeIdNumber(raw);
    let facts = null;
    if (idType === 'resident_id') {
      facts = parseIdNumber(number);
      if (!facts) throw new AppError('ID_NUMBER_INVALID');
    } else if (!/^[0-9A-Z()-]{5,40}$/.test(number)) {
      throw new AppError('ID_NUMBER_INVALID');
    }
    return { sealed: this.seal(number, this.idHash(number), maskIdNumber(number)), facts };
  }

  idHash(number: string): string {
    return this.cipher.keyedHash(`id:${normalizeIdNumber(number)}`);
  }

  mobile(raw: string): Sealed {
    const m = normalizeMobile(raw);
    if (!isMobile(m)) throw new AppError('MOBILE_INVALID');
    return this.seal(m, this.mobileHash(m), maskMobile(m));
  }

  mobileHash(mobile: string): string {
    return this.cipher.keyedHash(normalizeMobile(mobile));
  }

  /** The full address of a household: street address plus building, unit and room. */
  address(townId: string, parts: { address: string; building?: string | null; unit?: string | null; room?: string | null }) {
    const address = parts.address.trim();
    const key = [address, parts.building ?? '', parts.unit ?? '', parts.room ?? ''].map(normalizeAddressPart).join('|');
    return {
      address: this.seal(address, this.cipher.keyedHash(`addr:${townId}:${key}`), maskAddress(address)),
      room: parts.room ? { cipher: this.cipher.encrypt(parts.room), masked: maskRoom(parts.room) } : null,
    };
  }

  careTags(townId: string, codes: readonly string[]): { cipher: string | null; hashes: string[] } {
    const unique = [...new Set(codes)].sort();
    if (unique.length === 0) return { cipher: null, hashes: [] };
    return { cipher: this.cipher.encrypt(JSON.stringify(unique)), hashes: unique.map((c) => this.careTagHash(townId, c)) };
  }

  careTagHash(townId: string, code: string): string {
    return this.cipher.keyedHash(`care:${townId}:${code}`);
  }

  readCareTags(cipher: string | null): string[] {
    if (!cipher) return [];
    return JSON.parse(this.cipher.decrypt(cipher)) as string[];
  }

  encrypt(text: string): string {
    return this.cipher.encrypt(text);
  }

  decrypt(cipher: string | null): string | null {
    return cipher === null ? null : this.cipher.decrypt(cipher);
  }

  private seal(value: string, hash: string, masked: string): Sealed {
    return { cipher: this.cipher.encrypt(value), hash, masked };
  }
}

function normalizeAddressPart(s: string): string {
  return s
    .normalize('NFKC')
    .replace(/\s+/g, '')
    .replace(/[号室栋幢单元楼]$/u, '')
    .toLowerCase();
}

function maskRoom(room: string): string {
  return room.length <= 1 ? '*' : `${'*'.repeat(room.length - 1)}${room.slice(-1)}`;
}

/** Pinyin initials of a Chinese name (张三 → zs, 曾志伟 → zzw); other letters kept, lower-cased. */
export function nameInitials(name: string): string {
  return pinyin(name, { pattern: 'first', toneType: 'none', type: 'array', surname: 'head', nonZh: 'consecutive' })
    .join('')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}
