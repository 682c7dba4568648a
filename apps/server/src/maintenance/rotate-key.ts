import type { Kysely } from 'kysely';
import type { DB } from '../platform/db/schema.js';
import { DataCipher } from '../platform/crypto.js';
import { PersonalData } from '../modules/people/index.js';

export interface RotationReport {
  table: string;
  rows: number;
}

const BATCH = 1000;

/**
 * Re-seal every protected value under a new data key, in one transaction: every ciphertext is
 * decrypted (under the old key, or the new one when a value was already rotated, so a re-run is
 * harmless) and encrypted again, and every keyed hash is recomputed from the clear value. Either
 * the whole database moves to the new key or nothing changes.
 */
export async function rotateDataKey(db: Kysely<DB>, oldKey: Buffer, newKey: Buffer): Promise<RotationReport[]> {
  const reader = new DataCipher(newKey, oldKey);
  const writer = new DataCipher(newKey);
  const sealer = new PersonalData(writer);
  const open = (c: string | null) => (c === null ? null : reader.decrypt(c));
  const seal = (v: string | null) => (v === null ? null : writer.encrypt(v));
  const report: RotationReport[] = [];

  await db.transaction().execute(async (trx) => {
    let n = 0;
    for await (const rows of batches(trx, 'account', ['id', 'mobile_cipher'])) {
      for (const r of rows) {
        const mobile = open(r.mobile_cipher as string)!;
        await trx
          .updateTable('account')
          .set({ mobile_cipher: seal(mobile)!, mobile_hash: sealer.mobileHash(mobile) })
          .where('id', '=', r.id as string)
          .execute();
      }
      n += rows.length;
    }
    report.push({ table: 'account', rows: n });

    n = 0;
    for await (const rows of batches(trx, 'notification_preference', ['account_id', 'email_cipher'])) {
      for (const r of rows) {
        await trx
          .updateTable('notification_preference')
          .set({ email_cipher: seal(open(r.email_cipher as string | null)) })
          .where('account_id', '=', r.account_id as string)
          .execute();
      }
      n += rows.length;
    }
    report.push({ table: 'notification_preference', rows: n });

    n = 0;
    for await (const rows of batches(trx, 'household', ['id', 'town_id', 'address_cipher', 'building', 'unit', 'room_cipher'])) {
      for (const r of rows) {
        const address = open(r.address_cipher as string)!;
        const room = open(r.room_cipher as string | null);
        const sealed = sealer.address(r.town_id as string, {
          address,
          building: r.building as string | null,
          unit: r.unit as string | null,
          room,
        });
        await trx
          .updateTable('household')
          .set({ address_cipher: sealed.address.cipher, address_hash: sealed.address.hash, room_cipher: sealed.room?.cipher ?? null })
          .where('id', '=', r.id as string)
          .execute();
      }
      n += rows.length;
    }
    report.push({ table: 'household', rows: n });

    n = 0;
    for await (const rows of batches(trx, 'resident', [
      'id',
      'town_id',
      'id_cipher',
      'mobile_cipher',
      'care_tags_cipher',
      'notes_cipher',
    ])) {
      for (const r of rows) {
        const idNumber = open(r.id_cipher as string | null);
        const mobile = open(r.mobile_cipher as string | null);
        const tags = r.care_tags_cipher ? (JSON.parse(open(r.care_tags_cipher as string)!) as string[]) : [];
        const careTags = sealer.careTags(r.town_id as string, tags);
        await trx
          .updateTable('resident')
          .set({
            id_cipher: seal(idNumber),
            id_hash: idNumber === null ? null : sealer.idHash(idNumber),
            mobile_cipher: seal(mobile),
            mobile_hash: mobile === null ? null : sealer.mobileHash(mobile),
            care_tags_cipher: careTags.cipher,
            care_tag_hashes: careTags.hashes,
            notes_cipher: seal(open(r.notes_cipher as string | null)),
          })
          .where('id', '=', r.id as string)
          .execute();
      }
      n += rows.length;
    }
    report.push({ table: 'resident', rows: n });

    n = 0;
    for await (const rows of batches(trx, 'volunteer', ['id', 'id_cipher'])) {
      for (const r of rows) {
        const idNumber = open(r.id_cipher as string)!;
        await trx
          .updateTable('volunteer')
          .set({ id_cipher: seal(idNumber)!, id_hash: sealer.idHash(idNumber) })
          .where('id', '=', r.id as string)
          .execute();
      }
      n += rows.length;
    }
    report.push({ table: 'volunteer', rows: n });

    n = 0;
    for await (const rows of batches(trx, 'household_contact', ['id', 'raised_cipher'])) {
      for (const r of rows) {
        if (r.raised_cipher === null) continue;
        await trx
          .updateTable('household_contact')
          .set({ raised_cipher: seal(open(r.raised_cipher as string)) })
          .where('id', '=', r.id as string)
          .execute();
      }
      n += rows.length;
    }
    report.push({ table: 'household_contact', rows: n });

    // Calendar links keep a sealed copy of their token so the owner can see the link again.
    n = 0;
    for await (const rows of batches(trx, 'calendar_feed', ['id', 'token_cipher'])) {
      for (const r of rows) {
        if (r.token_cipher === null) continue;
        await trx
          .updateTable('calendar_feed')
          .set({ token_cipher: seal(open(r.token_cipher as string)) })
          .where('id', '=', r.id as string)
          .execute();
      }
      n += rows.length;
    }
    report.push({ table: 'calendar_feed', rows: n });
  });
  return report;
}

/** Keyset-paged reads of one table (by its first column), so big tables never load at once. */
async function* batches(
  trx: Kysely<DB>,
  table: 'account' | 'notification_preference' | 'household' | 'resident' | 'household_contact' | 'volunteer' | 'calendar_feed',
  columns: string[],
): AsyncGenerator<Array<Record<string, unknown>>> {
  const key = columns[0]!;
  let after: string | null = null;
  for (;;) {
    // Dynamic table and columns: the list above is the whole vocabulary.
    let q = (trx as unknown as Kysely<Record<string, Record<string, unknown>>>).selectFrom(table).select(columns).orderBy(key).limit(BATCH);
    if (after) q = q.where(key, '>', after);
    const rows = await q.execute();
    if (rows.length === 0) return;
    yield rows;
    after = String(rows[rows.length - 1]![key]);
    if (rows.length < BATCH) return;
  }
}
