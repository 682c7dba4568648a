/** A point from the phone's location service (WGS-84, as the server stores sites). */
export interface Point {
  lat: number;
  lng: number;
}

/**
 * Where the phone is, or null when it cannot say: no location service, the person (or an http
 * origin) refused, or no fix within the time. Never rejects, so a page can go on without it.
 */
export function currentPoint(timeoutMs = 10_000): Promise<Point | null> {
  const geo = typeof navigator === 'undefined' ? undefined : navigator.geolocation;
  if (!geo) return Promise.resolve(null);
  return new Promise((resolve) => {
    let settled = false;
    const finish = (point: Point | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(point);
    };
    // Some browsers never answer while their own permission prompt waits: give up a little later.
    const timer = setTimeout(() => finish(null), timeoutMs + 2000);
    try {
      geo.getCurrentPosition(
        (p) => finish({ lat: p.coords.latitude, lng: p.coords.longitude }),
        () => finish(null),
        { enableHighAccuracy: true, timeout: timeoutMs, maximumAge: 60_000 },
      );
    } catch {
      finish(null);
    }
  });
}
