import { Type, type Static } from 'typebox';
import { DIVISION_CODE_PATTERN, MAX_REGION_LEVELS } from '../regions.js';
import { Id, Text } from './common.js';

const Longitude = Type.Number({ minimum: -180, maximum: 180 });
const Latitude = Type.Number({ minimum: -90, maximum: 90 });
export const Point = Type.Object({ lng: Longitude, lat: Latitude });
export type Point = Static<typeof Point>;

/** GeoJSON Polygon: rings of [lng, lat] positions, each ring closed (first = last). */
export const Polygon = Type.Object({
  type: Type.Literal('Polygon'),
  coordinates: Type.Array(Type.Array(Type.Tuple([Longitude, Latitude]), { minItems: 4, maxItems: 5000 }), {
    minItems: 1,
    maxItems: 20,
  }),
});
export type Polygon = Static<typeof Polygon>;

export const DivisionCode = Type.String({ pattern: DIVISION_CODE_PATTERN, description: '12-digit division code' });

export const Region = Type.Object({
  id: Id,
  townId: Id,
  parentId: Type.Union([Id, Type.Null()]),
  depth: Type.Integer({ minimum: 0, maximum: MAX_REGION_LEVELS - 1 }),
  levelName: Type.String(),
  name: Type.String(),
  code: Type.Union([Type.String(), Type.Null()]),
  boundary: Type.Union([Polygon, Type.Null()]),
  centre: Type.Union([Point, Type.Null()]),
  childCount: Type.Integer({ minimum: 0 }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export type Region = Static<typeof Region>;

export const RegionList = Type.Object({
  items: Type.Array(Region),
  /** Level names of each town that appears in items, by town id. */
  levelNames: Type.Record(Type.String(), Type.Array(Type.String())),
});
export type RegionList = Static<typeof RegionList>;

export const RegionListQuery = Type.Object({
  parentId: Type.Optional(Id),
  /**
   * Return the caller's whole visible subtree, flat, instead of one level: parents before their
   * children; siblings by division code, then in the order they were created.
   */
  subtree: Type.Optional(Type.Boolean()),
});
export type RegionListQuery = Static<typeof RegionListQuery>;

export const CreateRegionBody = Type.Object({
  parentId: Id,
  name: Text(60),
  code: Type.Optional(Type.Union([DivisionCode, Type.Null()])),
  boundary: Type.Optional(Type.Union([Polygon, Type.Null()])),
  centre: Type.Optional(Type.Union([Point, Type.Null()])),
});
export type CreateRegionBody = Static<typeof CreateRegionBody>;

export const UpdateRegionBody = Type.Object({
  name: Type.Optional(Text(60)),
  code: Type.Optional(Type.Union([DivisionCode, Type.Null()])),
  boundary: Type.Optional(Type.Union([Polygon, Type.Null()])),
  centre: Type.Optional(Type.Union([Point, Type.Null()])),
});
export type UpdateRegionBody = Static<typeof UpdateRegionBody>;

export const MoveRegionBody = Type.Object({ parentId: Id });
export type MoveRegionBody = Static<typeof MoveRegionBody>;

/** A town (the tenant) and the names it gives its region levels, from the root down. */
export const Town = Type.Object({
  id: Id,
  name: Type.String(),
  levelNames: Type.Array(Type.String(), { minItems: 2, maxItems: MAX_REGION_LEVELS }),
  /** How deep the town's tree goes today: level names above this cannot be removed. */
  deepestLevel: Type.Integer({ minimum: 0 }),
  timezone: Type.String(),
});
export type Town = Static<typeof Town>;

export const UpdateTownBody = Type.Object({
  name: Type.Optional(Text(60)),
  levelNames: Type.Optional(Type.Array(Text(20), { minItems: 2, maxItems: MAX_REGION_LEVELS })),
});
export type UpdateTownBody = Static<typeof UpdateTownBody>;
