import type { FormItemRule, FormRules } from 'element-plus';
import type { CreateHouseholdBody, Household, HouseholdListQuery, Point, UpdateHouseholdBody } from '@tongxin/shared/schemas';
import { maxLengthRule, problemText, requiredRule } from '../../utils/form-rules';
import { textOrNull } from '../../utils/people';
import { parseCentre } from '../../utils/validators';

type Translate = (key: string, params?: Record<string, unknown>) => string;

export const PAGE_SIZES = [10, 20, 50, 100];

export interface HouseholdFilters {
  regionId: string;
  q: string;
  careTag: string;
}

export function emptyHouseholdFilters(): HouseholdFilters {
  return { regionId: '', q: '', careTag: '' };
}

/** The list's (and the export's) query from the filter form: empty filters left out. */
export function householdQuery(f: HouseholdFilters): Omit<HouseholdListQuery, 'page' | 'pageSize'> {
  return { regionId: f.regionId || undefined, q: f.q.trim() || undefined, careTag: f.careTag || undefined };
}

export interface HouseholdFormModel {
  regionId: string;
  householdNo: string;
  /** On edit the stored address is masked: left empty, it stays as it is. */
  address: string;
  building: string;
  unit: string;
  /** Like the address: empty on edit keeps the stored room. */
  room: string;
  lng: number | null;
  lat: number | null;
}

export function emptyHouseholdForm(regionId = ''): HouseholdFormModel {
  return { regionId, householdNo: '', address: '', building: '', unit: '', room: '', lng: null, lat: null };
}

export function householdToForm(h: Household): HouseholdFormModel {
  return {
    regionId: h.regionId,
    householdNo: h.householdNo ?? '',
    address: '',
    building: h.building ?? '',
    unit: h.unit ?? '',
    room: '',
    lng: h.location?.lng ?? null,
    lat: h.location?.lat ?? null,
  };
}

function location(form: HouseholdFormModel): Point | null {
  const c = parseCentre(form.lng, form.lat);
  return c && 'key' in c ? null : c;
}

export function createHouseholdBody(form: HouseholdFormModel): CreateHouseholdBody {
  const loc = location(form);
  return {
    ...(form.regionId ? { regionId: form.regionId } : {}),
    householdNo: textOrNull(form.householdNo),
    address: form.address.trim(),
    building: textOrNull(form.building),
    unit: textOrNull(form.unit),
    room: textOrNull(form.room),
    location: loc,
  };
}

/** Only what changed, with the version the edit started from (the server refuses a stale one). */
export function updateHouseholdBody(form: HouseholdFormModel, h: Household): UpdateHouseholdBody {
  const body: UpdateHouseholdBody = { version: h.version };
  const no = textOrNull(form.householdNo);
  if (no !== h.householdNo) body.householdNo = no;
  if (form.address.trim()) body.address = form.address.trim();
  const building = textOrNull(form.building);
  if (building !== h.building) body.building = building;
  const unit = textOrNull(form.unit);
  if (unit !== h.unit) body.unit = unit;
  if (form.room.trim()) body.room = form.room.trim();
  const loc = location(form);
  if (loc?.lng !== h.location?.lng || loc?.lat !== h.location?.lat) body.location = loc;
  return body;
}

export function householdRules(t: Translate, mode: 'create' | 'edit', form: HouseholdFormModel): FormRules {
  const centre: FormItemRule = {
    trigger: 'blur',
    validator: (_r, _v, cb) => {
      const c = parseCentre(form.lng, form.lat);
      cb(c && 'key' in c ? new Error(problemText(c, t)) : undefined);
    },
  };
  return {
    regionId:
      mode === 'create'
        ? [
            {
              trigger: 'change',
              validator: (_r, value: string, cb) =>
                cb(!value && (form.lng === null || form.lat === null) ? new Error(t('households.gridOrLocation')) : undefined),
            },
          ]
        : [],
    address: mode === 'create' ? [requiredRule(t, 'households.address'), maxLengthRule(t, 200)] : [maxLengthRule(t, 200)],
    householdNo: [maxLengthRule(t, 40)],
    building: [maxLengthRule(t, 20)],
    unit: [maxLengthRule(t, 20)],
    room: [maxLengthRule(t, 20)],
    lng: [centre],
    lat: [centre],
  };
}
