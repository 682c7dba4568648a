import { createHash, randomBytes } from 'node:crypto';
import type { CalendarLink } from '@tongxin/shared/schemas';
import type { Kysely } from 'kysely';
import type { Database } from '../../platform/db/index.js';
import type { DB } from '../../platform/db/schema.js';
import type { DataCipher } from '../../platform/crypto.js';
import type { RequestContext } from '../../platform/context.js';
import type { Scope } from '../../platform/scope.js';
import { recordAudit } from '../../platform/audit.js';
import { AppError, notFound } from '../../platform/errors.js';
import { renderCalendar, type IcsEvent } from './ics.js';
import * as repo from './repository.js';

const DAY_MS = 86_400_000;
/** What a feed shows: from 90 days back to 400 days ahead; cancelled occurrences for 30 days. */
export const FEED_PAST_DAYS = 90;
export const FEED_FUTURE_DAYS = 400;
export const FEED_CANCELLED_DAYS = 30;
/** Subscribers are asked to poll this often. */
const REFRESH_MINUTES = 60;

/** The secret link's token: 32 random bytes, base64url (43 characters). */
function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this is stored to find a feed (and the token sealed, to show the link again). */
export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function feedUrl(origin: string, token: string): string {
  return `${origin}/api/calendar/${token}.ics`;
}

interface Owner {
  kind: repo.OwnerKind;
  id: string;
  townId: string;
  regionId: string;
}

/**
 * iCalendar subscriptions behind secret links: one per volunteer (what they signed up for) and
 * one per community (what is published in its subtree). A link is shown as often as asked and
 * changes only when rotated; the public feed is found by the token's hash.
 */
export class CalendarService {
  constructor(
    private readonly db: Database,
    private readonly cipher: DataCipher,
  ) {}

  /** The caller's own link (created on the first call). */
  async myLink(ctx: RequestContext, origin: string): Promise<CalendarLink> {
    return this.link(ctx, await this.volunteerOwner(ctx), origin);
  }

  async rotateMine(ctx: RequestContext, origin: string): Promise<CalendarLink> {
    return this.rotate(ctx, await this.volunteerOwner(ctx), origin);
  }

  async communityLink(ctx: RequestContext, scope: Scope, regionId: string, origin: string): Promise<CalendarLink> {
    return this.link(ctx, await this.communityOwner(scope, regionId), origin);
  }

  async rotateCommunity(ctx: RequestContext, scope: Scope, regionId: string, origin: string): Promise<CalendarLink> {
    return this.rotate(ctx, await this.communityOwner(scope, regionId), origin);
  }

  /** The feed text for a token (with or without ".ics"); an unknown token is not found. */
  async feed(rawToken: string, origin: string, now = new Date()): Promise<string> {
    const token = rawToken.endsWith('.ics') ? rawToken.slice(0, -4) : rawToken;
    const feed = await repo.feedByTokenHash(this.db, tokenHash(token));
    if (!feed) throw notFound();
    const window: repo.FeedWindow = {
      from: new Date(now.getTime() - FEED_PAST_DAYS * DAY_MS),
      cancelledFrom: new Date(now.getTime() - FEED_CANCELLED_DAYS * DAY_MS),
      to: new Date(now.getTime() + FEED_FUTURE_DAYS * DAY_MS),
    };
    if (feed.owner_kind === 'volunteer') {
      const v = await repo.volunteerForFeed(this.db, feed.owner_id);
      if (!v || v.disabled || v.status !== 'approved') throw notFound();
      const rows = await repo.volunteerOccurrences(this.db, { id: v.id, townId: v.town_id, accountId: v.account_id }, window);
      return renderCalendar({
        name: `${v.name}的志愿活动`,
        timezone: v.timezone,
        stamp: now,
        refreshMinutes: REFRESH_MINUTES,
        events: rows.map((r) => toEvent(r, origin, r.waitlisted)),
      });
    }
    const c = await repo.communityForFeed(this.db, feed.owner_id);
    if (!c || c.depth !== 1) throw notFound();
    const rows = await repo.communityOccurrences(this.db, { townId: c.town_id, path: c.path }, window);
    return renderCalendar({
      name: `${c.name}志愿活动`,
      timezone: c.timezone,
      stamp: now,
      refreshMinutes: REFRESH_MINUTES,
      events: rows.map((r) => toEvent(r, origin, false)),
    });
  }

  private async volunteerOwner(ctx: RequestContext): Promise<Owner> {
    const v = await repo.volunteerOfAccount(this.db, ctx.actor.accountId);
    if (!v || v.status !== 'approved') throw new AppError('NOT_A_VOLUNTEER');
    return { kind: 'volunteer', id: v.id, townId: v.town_id, regionId: v.region_id };
  }

  private async communityOwner(scope: Scope, regionId: string): Promise<Owner> {
    const region = await repo.regionInScope(this.db, scope, regionId);
    if (!region) throw notFound();
    if (region.depth !== 1) {
      throw new AppError('VALIDATION_FAILED', {
        details: [{ path: 'params/id', message: 'a calendar feed belongs to a village or community' }],
      });
    }
    return { kind: 'community', id: region.id, townId: region.town_id, regionId: region.id };
  }

  private async link(ctx: RequestContext, owner: Owner, origin: string): Promise<CalendarLink> {
    const existing = await repo.feedByOwner(this.db, owner.kind, owner.id);
    const shown = existing && this.reveal(existing.token_cipher);
    if (shown) return { url: feedUrl(origin, shown) };
    return this.db.transaction().execute(async (trx) => {
      const token = newToken();
      const values = { townId: owner.townId, kind: owner.kind, ownerId: owner.id, tokenHash: tokenHash(token) };
      if (!existing) {
        const id = await repo.insertFeedIfAbsent(trx, { ...values, tokenCipher: this.cipher.encrypt(token) });
        if (id) {
          await this.audit(trx, ctx, owner, 'calendar.create', id);
          return { url: feedUrl(origin, token) };
        }
        // Another request created it a moment ago (its row is committed now): show that one.
        const created = await repo.feedByOwner(trx, owner.kind, owner.id);
        const theirs = created && this.reveal(created.token_cipher);
        if (theirs) return { url: feedUrl(origin, theirs) };
      }
      // A feed whose token cannot be shown (sealed under a key since retired): issue a new one.
      const id = await repo.upsertFeedToken(trx, { ...values, tokenCipher: this.cipher.encrypt(token) });
      await this.audit(trx, ctx, owner, 'calendar.reissue', id);
      return { url: feedUrl(origin, token) };
    });
  }

  private async rotate(ctx: RequestContext, owner: Owner, origin: string): Promise<CalendarLink> {
    return this.db.transaction().execute(async (trx) => {
      const token = newToken();
      const id = await repo.upsertFeedToken(trx, {
        townId: owner.townId,
        kind: owner.kind,
        ownerId: owner.id,
        tokenHash: tokenHash(token),
        tokenCipher: this.cipher.encrypt(token),
      });
      await this.audit(trx, ctx, owner, 'calendar.rotate', id);
      return { url: feedUrl(origin, token) };
    });
  }

  private reveal(stored: string | null): string | null {
    if (!stored) return null;
    try {
      return this.cipher.decrypt(stored);
    } catch {
      return null;
    }
  }

  /** The log names whose feed it was, never the token. */
  private audit(db: Kysely<DB>, ctx: RequestContext, owner: Owner, action: string, feedId: string): Promise<void> {
    return recordAudit(db, ctx, {
      action,
      entity: 'calendar_feed',
      entityId: feedId,
      townId: owner.townId,
      regionId: owner.regionId,
      after: { ownerKind: owner.kind, ownerId: owner.id },
    });
  }
}

function toEvent(r: repo.FeedOccurrenceRow, origin: string, waitlisted: boolean): IcsEvent {
  const lines = [`组织：${r.team_name}${r.partner_name ? `、${r.partner_name}` : ''}`, `类别：${r.category_label}`];
  if (waitlisted && !r.cancelled) lines.push('报名状态：候补中');
  if (r.note) lines.push(`备注：${r.note}`);
  const description = r.description ? `${lines.join('\n')}\n\n${r.description}` : lines.join('\n');
  return {
    uid: `${r.id}@tongxin`,
    start: new Date(r.starts_at),
    end: new Date(r.ends_at),
    summary: r.monthly_theme ? `${r.title}（${r.monthly_theme}）` : r.title,
    location: r.occurrence_site || r.activity_site,
    geo: r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng } : null,
    description,
    categories: [r.category_label],
    sequence: r.sequence,
    status: r.cancelled ? 'CANCELLED' : 'CONFIRMED',
    url: `${origin}/m/activities/${r.id}`,
  };
}
