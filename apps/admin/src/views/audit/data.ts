/** Actions the server writes today; others still show, under their raw code. */
export const KNOWN_ACTIONS = [
  'region.create',
  'region.update',
  'region.move',
  'region.delete',
  'town.update',
  'account.create',
  'account.update',
  'account.grant',
  'account.revoke',
  'account.reset_password',
  'account.preferences',
  'auth.login',
  'auth.logout',
  'auth.login_failed',
  'auth.login_locked',
  'auth.account_locked',
  'auth.password_change',
  'notification.preferences',
  'system.seed_demo',
] as const;

export const KNOWN_ENTITIES = ['region', 'account', 'town'] as const;

export const PAGE_SIZES = [20, 50, 100];

/** i18n key of an action's label: 'region.create' → 'audit.actions.region_create'. */
export function actionKey(action: string): string {
  return `audit.actions.${action.replace(/\./g, '_')}`;
}

export function entityKey(entity: string): string {
  return `audit.entities.${entity}`;
}

/** Colour of an action's tag: failures stand out, removals are red, sign-ins and settings are grey. */
export function actionTone(action: string): 'success' | 'danger' | 'warning' | 'info' | 'primary' {
  if (action === 'auth.login_failed' || action === 'auth.account_locked' || action === 'auth.login_locked') return 'warning';
  if (action.endsWith('.delete') || action.endsWith('.revoke')) return 'danger';
  if (action.endsWith('.create') || action.endsWith('.grant')) return 'success';
  if (action.startsWith('auth.') || action.endsWith('.preferences') || action.startsWith('system.')) return 'info';
  return 'primary';
}

/** A date-range picker's value → the API's ISO `from`/`to`. */
export function rangeToQuery(range: [Date, Date] | null | undefined): { from?: string; to?: string } {
  if (!range) return {};
  return { from: range[0].toISOString(), to: range[1].toISOString() };
}
