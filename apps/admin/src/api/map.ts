import type { MapLayers } from '@tongxin/shared/schemas';
import { http } from './http';

/** GET /api/map: region boundaries, located households (WGS-84) and the tile server to draw on. */
export type MapData = MapLayers;
export type MapRegion = MapLayers['regions'][number];
export type MapHousehold = MapLayers['households'][number];
export type MapTiles = MapLayers['tiles'];

export const getMap = (regionId?: string) => http.get<MapData>('/map', { regionId });
