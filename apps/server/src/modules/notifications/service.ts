import type { NotificationListQuery, NotificationPage, NotificationPreferences, Notification } from '@tongxin/shared/schemas';
import type { Database } from '../../platform/db/index.js';
import type { NotificationRow } from '../../platform/db/schema.js';
import type { DataCipher } from '../../platform/crypto.js';
import type { RequestContext } from '../../platform/context.js';
import { recordAudit } from '../../platform/audit.js';
import { notFound } from '../../platform/errors.js';
import { signalUnreadChanged } from '../../platform/notify/notifier.js';
import * as repo from './repository.js';

export function presentNotification(r: NotificationRow): Notification {
  return {
    id: r.id,
    kind: r.kind,
    title: r.title,
    body: r.body,
    link: r.link,
    createdAt: r.created_at.toISOString(),
    readAt: r.read_at ? r.read_at.toISOString() : null,
  };
}

function maskEmail(email: string): string {
  const [user = '', domain = ''] = email.split('@');
  return `${user.slice(0, 1)}***@${domain}`;
}

export class NotificationService {
  constructor(
    private readonly db: Database,
    private readonly cipher: DataCipher,
  ) {}

  async inbox(ctx: RequestContext, q: NotificationListQuery): Promise<NotificationPage> {
    const page = q.page ?? 1;
    const pageSize = q.pageSize ?? 20;
    const r = await repo.findInbox(this.db, ctx.actor.accountId, {
      unreadOnly: !!q.unreadOnly,
      offset: (page - 1) * pageSize,
      limit: pageSize,
    });
    return { items: r.items.map(presentNotification), total: r.total, unread: r.unread };
  }

  async markRead(ctx: RequestContext, id: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if (!(await repo.markRead(trx, ctx.actor.accountId, id))) throw notFound();
      await signalUnreadChanged(trx, ctx.actor.accountId);
    });
  }

  async markAllRead(ctx: RequestContext): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      if ((await repo.markAllRead(trx, ctx.actor.accountId)) > 0) await signalUnreadChanged(trx, ctx.actor.accountId);
    });
  }

  async preferences(ctx: RequestContext, db: Database = this.db): Promise<NotificationPreferences> {
    const p = await repo.getPreference(db, ctx.actor.accountId);
    return {
      email: { enabled: p?.email_enabled ?? false, address: p?.email_cipher ? this.cipher.decrypt(p.email_cipher) : null },
      webhook: { enabled: p?.webhook_enabled ?? false },
      quietHours: p?.quiet_start && p.quiet_end ? { start: p.quiet_start, end: p.quiet_end } : null,
    };
  }

  async updatePreferences(ctx: RequestContext, body: NotificationPreferences): Promise<NotificationPreferences> {
    const address = body.email.address?.trim().toLowerCase() || null;
    const masked = (p: NotificationPreferences) => ({
      ...p,
      email: { ...p.email, address: p.email.address ? maskEmail(p.email.address) : null },
    });
    await this.db.transaction().execute(async (trx) => {
      const before = await this.preferences(ctx, trx);
      await repo.upsertPreference(trx, {
        account_id: ctx.actor.accountId,
        town_id: ctx.actor.townId,
        email_enabled: body.email.enabled && !!address,
        email_cipher: address ? this.cipher.encrypt(address) : null,
        webhook_enabled: body.webhook.enabled,
        quiet_start: body.quietHours?.start ?? null,
        quiet_end: body.quietHours?.end ?? null,
      });
      await recordAudit(trx, ctx, {
        action: 'notification.preferences',
        entity: 'account',
        entityId: ctx.actor.accountId,
        townId: ctx.actor.townId,
        regionId: ctx.actor.homeRegionId,
        before: masked(before),
        after: masked({ ...body, email: { enabled: body.email.enabled && !!address, address } }),
      });
    });
    return this.preferences(ctx);
  }
}
