import type { Kysely } from 'kysely';
import type { DB } from './db/schema.js';

/** A listener runs inside the writer's transaction: its effects commit (or roll back) with the write. */
export type TxListener<E> = (trx: Kysely<DB>, event: E) => Promise<void>;

/**
 * An in-process event raised inside a transaction. Modules that write something another module
 * reacts to raise it; the reacting module subscribes at composition (app.ts), so dependencies
 * still point one way (the writer never imports the reader).
 */
export class TxEvent<E> {
  private readonly listeners: TxListener<E>[] = [];

  on(listener: TxListener<E>): void {
    this.listeners.push(listener);
  }

  async emit(trx: Kysely<DB>, event: E): Promise<void> {
    for (const listener of this.listeners) await listener(trx, event);
  }
}

/** A service record was confirmed, or the minutes of a confirmed one changed (activities, help, corrections). */
export interface ServiceRecordChanged {
  townId: string;
  recordId: string;
}

export interface DomainEvents {
  serviceRecordChanged: TxEvent<ServiceRecordChanged>;
}

export function createDomainEvents(): DomainEvents {
  return { serviceRecordChanged: new TxEvent<ServiceRecordChanged>() };
}
