import { wgs84ToGcj02, type LngLat } from '@tongxin/shared';
import type { Point, Polygon } from '@tongxin/shared/schemas';
import type { MapHousehold, MapRegion, MapTiles } from '../../api/map';

/** Leaflet's order: [lat, lng]. */
export type LatLng = [number, number];

/**
 * A WGS-84 position as the tiles want it: Chinese providers (GCJ-02) are offset by up to a few
 * hundred metres, so positions are shifted to match them; OSM-style tiles and the plain background
 * take WGS-84 as it is.
 */
export function toDisplay([lng, lat]: LngLat, crs: MapTiles['crs']): LatLng {
  const [x, y] = crs === 'gcj02' ? wgs84ToGcj02([lng, lat]) : [lng, lat];
  return [y, x];
}

export function pointToDisplay(p: Point, crs: MapTiles['crs']): LatLng {
  return toDisplay([p.lng, p.lat], crs);
}

/** A GeoJSON Polygon's rings (outer first, then holes) in Leaflet order, without the closing repeat. */
export function polygonToDisplay(polygon: Polygon, crs: MapTiles['crs']): LatLng[][] {
  return polygon.coordinates.map((ring) => {
    const open = ring.length > 1 && ring[0]![0] === ring[ring.length - 1]![0] && ring[0]![1] === ring[ring.length - 1]![1];
    return (open ? ring.slice(0, -1) : ring).map((pos) => toDisplay(pos as LngLat, crs));
  });
}

/** South-west and north-east corners around everything drawn, or null when there is nothing. */
export function boundsOf(points: readonly LatLng[]): [LatLng, LatLng] | null {
  if (points.length === 0) return null;
  let s = Infinity;
  let w = Infinity;
  let n = -Infinity;
  let e = -Infinity;
  for (const [lat, lng] of points) {
    s = Math.min(s, lat);
    n = Math.max(n, lat);
    w = Math.min(w, lng);
    e = Math.max(e, lng);
  }
  return [
    [s, w],
    [n, e],
  ];
}

/** Every display point of the map data (region boundaries and centres, households), to fit the view. */
export function allPoints(regions: readonly MapRegion[], households: readonly MapHousehold[], crs: MapTiles['crs']): LatLng[] {
  const out: LatLng[] = [];
  for (const r of regions) {
    if (r.boundary) for (const ring of polygonToDisplay(r.boundary, crs)) out.push(...ring);
    else if (r.centre) out.push(pointToDisplay(r.centre, crs));
  }
  for (const h of households) out.push(pointToDisplay(h.location, crs));
  return out;
}

/** Deeper regions draw thinner and lighter, so the town outline frames its grids. */
export function regionStyle(depth: number, deepest: number) {
  const fromBottom = Math.max(0, deepest - depth);
  return {
    color: fromBottom === 0 ? '#b3261e' : '#8f1e18',
    weight: fromBottom === 0 ? 1.5 : 2.5 + Math.min(fromBottom, 2),
    opacity: 0.9,
    fillColor: '#e9b949',
    fillOpacity: fromBottom === 0 ? 0.12 : 0,
    dashArray: fromBottom === 0 ? undefined : '6 4',
  };
}

export const HOUSEHOLD_STYLE = { radius: 5, color: '#3b3f46', weight: 1, fillColor: '#5c6068', fillOpacity: 0.75 };
export const CARE_STYLE = { radius: 8, color: '#6f1712', weight: 2, fillColor: '#e9b949', fillOpacity: 0.95 };
