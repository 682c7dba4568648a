import type { FormRules } from 'element-plus';
import { GRID_DUTIES, type GridDuty } from '@tongxin/shared';
import type { CreateGridDutyBody, GridDutyAssignment } from '@tongxin/shared/schemas';
import { maxLengthRule, requiredRule } from '../../utils/form-rules';
import { textOrNull } from '../../utils/people';
import { withArabicNumerals } from '../../utils/region-tree';

type Translate = (key: string, params?: Record<string, unknown>) => string;

/** Who may hold each duty: grid workers are accounts, building and unit heads residents, central households party members. */
export type DutyHolder = 'account' | 'resident' | 'partyMember';
export const DUTY_HOLDER: Record<GridDuty, DutyHolder> = {
  grid_worker: 'account',
  building_head: 'resident',
  unit_head: 'resident',
  party_center_household: 'partyMember',
};

export const needsBuilding = (duty: GridDuty | '') => duty === 'building_head' || duty === 'unit_head';
export const needsUnit = (duty: GridDuty | '') => duty === 'unit_head';

export interface DutyFormModel {
  duty: GridDuty | '';
  personId: string;
  building: string;
  unit: string;
}

export function emptyDutyForm(duty: GridDuty | '' = ''): DutyFormModel {
  return { duty, personId: '', building: '', unit: '' };
}

export function dutyRules(t: Translate, form: DutyFormModel): FormRules {
  return {
    duty: [requiredRule(t, 'gridDuties.duty', 'change')],
    personId: [requiredRule(t, `gridDuties.holders.${form.duty ? DUTY_HOLDER[form.duty] : 'account'}`, 'change')],
    building: [requiredRule(t, 'households.building'), maxLengthRule(t, 20)],
    unit: [requiredRule(t, 'households.unit'), maxLengthRule(t, 20)],
  };
}

export function dutyBody(regionId: string, form: DutyFormModel): CreateGridDutyBody | null {
  if (!form.duty || !form.personId) return null;
  const holder = DUTY_HOLDER[form.duty];
  return {
    regionId,
    duty: form.duty,
    ...(holder === 'account' ? { accountId: form.personId } : {}),
    ...(holder === 'resident' ? { residentId: form.personId } : {}),
    ...(holder === 'partyMember' ? { partyMemberId: form.personId } : {}),
    ...(needsBuilding(form.duty) ? { building: textOrNull(form.building) } : {}),
    ...(needsUnit(form.duty) ? { unit: textOrNull(form.unit) } : {}),
  };
}

/** The assignments in the four duty sections, each in building/unit then name order. */
export function groupByDuty(items: readonly GridDutyAssignment[]): Array<{ duty: GridDuty; items: GridDutyAssignment[] }> {
  const collator = new Intl.Collator('zh-CN', { numeric: true });
  return GRID_DUTIES.map((duty) => ({
    duty,
    items: items
      .filter((a) => a.duty === duty)
      .sort(
        (a, b) =>
          collator.compare(withArabicNumerals(a.building ?? ''), withArabicNumerals(b.building ?? '')) ||
          collator.compare(withArabicNumerals(a.unit ?? ''), withArabicNumerals(b.unit ?? '')) ||
          collator.compare(a.personName, b.personName),
      ),
  }));
}
