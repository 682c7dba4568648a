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
  'care_tags.update',
  'household.create',
  'household.update',
  'household.move',
  'household.delete',
  'household.contact',
  'resident.create',
  'resident.update',
  'resident.move',
  'resident.delete',
  'personal_data.reveal',
  'personal_data.read',
  'party_org.create',
  'party_org.update',
  'party_org.delete',
  'party_member.create',
  'party_member.update',
  'party_member.delete',
  'party_member.contact_households',
  'grid_duty.create',
  'grid_duty.delete',
  'volunteer.register',
  'volunteer.approve',
  'volunteer.reject',
  'team.create',
  'team.update',
  'team.delete',
  'team.join',
  'team.leave',
  'team.member_approve',
  'team.member_reject',
  'activity.create',
  'activity.update',
  'activity.publish',
  'activity.cancel',
  'activity_category.create',
  'activity_occurrence.update',
  'activity_occurrence.cancel',
  'activity_signup.create',
  'activity_signup.cancel',
  'activity_signup.check_in',
  'activity_signup.check_out',
  'service_record.confirm',
  'service_correction.request',
  'service_correction.accept',
  'service_correction.refuse',
  'volunteer.training.add',
  'volunteer.award.add',
  'volunteer.evaluation.add',
  'personal_data.export',
  'calendar.create',
  'calendar.reissue',
  'calendar.rotate',
  'pairing.create',
  'pairing.update',
  'pairing.end',
  'pairing.delete',
  'pairing.theme_set',
  'pairing.theme_delete',
  'pairing.list_set',
  'pairing.list_delete',
  'practical_matter.create',
  'practical_matter.update',
  'practical_matter.delete',
] as const;

export const KNOWN_ENTITIES = [
  'region',
  'account',
  'town',
  'household',
  'resident',
  'party_org',
  'party_member',
  'grid_duty',
  'import_run',
  'volunteer',
  'team',
  'activity',
  'activity_category',
  'activity_occurrence',
  'activity_signup',
  'service_record',
  'service_correction',
  'calendar_feed',
  'pairing',
  'practical_matter',
] as const;

export const PAGE_SIZES = [20, 50, 100];

/** i18n key of an action's label: 'region.create' → 'audit.actions.region_create'. */
export function actionKey(action: string): string {
  return `audit.actions.${action.replace(/\./g, '_')}`;
}

export function entityKey(entity: string): string {
  return `audit.entities.${entity}`;
}

/** Colour of an action's tag: failures and reveals of personal data stand out, removals are red, sign-ins and settings are grey. */
export function actionTone(action: string): 'success' | 'danger' | 'warning' | 'info' | 'primary' {
  if (action === 'auth.login_failed' || action === 'auth.account_locked' || action === 'auth.login_locked') return 'warning';
  // Protected personal data seen in clear: what an auditor looks for first.
  if (action.startsWith('personal_data.')) return 'warning';
  if (action.endsWith('.delete') || action.endsWith('.revoke')) return 'danger';
  if (action.endsWith('.create') || action.endsWith('.grant') || action.endsWith('.register') || action.endsWith('.approve'))
    return 'success';
  if (action.startsWith('auth.') || action.endsWith('.preferences') || action.startsWith('system.')) return 'info';
  return 'primary';
}

/** A date-range picker's value → the API's ISO `from`/`to`. */
export function rangeToQuery(range: [Date, Date] | null | undefined): { from?: string; to?: string } {
  if (!range) return {};
  return { from: range[0].toISOString(), to: range[1].toISOString() };
}
