/** Approximate population centroids (degrees) of the countries the generator uses. */
export const COUNTRY_CENTROIDS: { readonly [country: string]: readonly [lat: number, lon: number] } = {
  US: [39.8, -98.6],
  CA: [56.1, -106.3],
  MX: [23.6, -102.6],
  BR: [-14.2, -51.9],
  GB: [54.0, -2.0],
  IE: [53.4, -8.2],
  FR: [46.6, 2.2],
  DE: [51.2, 10.5],
  NL: [52.1, 5.3],
  BE: [50.5, 4.5],
  ES: [40.5, -3.7],
  IT: [41.9, 12.6],
  PL: [51.9, 19.1],
  SE: [60.1, 18.6],
  NG: [9.1, 8.7],
  ZA: [-30.6, 22.9],
  IN: [20.6, 79.0],
  SG: [1.35, 103.8],
  JP: [36.2, 138.3],
  AU: [-25.3, 133.8],
  RU: [61.5, 105.3],
};

const EARTH_RADIUS_KM = 6371;
const rad = (deg: number): number => (deg * Math.PI) / 180;

/** Great-circle distance between two countries' centroids, or null when one is unknown. */
export function distanceKm(a: string, b: string): number | null {
  const p = COUNTRY_CENTROIDS[a];
  const q = COUNTRY_CENTROIDS[b];
  if (p === undefined || q === undefined) return null;
  const dLat = rad(q[0] - p[0]);
  const dLon = rad(q[1] - p[1]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(p[0])) * Math.cos(rad(q[0])) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
}
