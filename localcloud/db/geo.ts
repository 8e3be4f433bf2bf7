/**
 * Geo queries as the node-sdk sends them (TencentCloudBase/database serializer/query.js):
 * `db.command.geoNear` -> `$nearSphere: { $geometry: Point, $maxDistance, $minDistance }` (metres,
 * nearest first), `geoWithin` -> `$geoWithin: { $geometry: Polygon | MultiPolygon }` or
 * `{ $centerSphere: [[lng, lat], radians] }`, `geoIntersects` -> `$geoIntersects: { $geometry }`;
 * and the aggregation stage `$geoNear` (`aggregate().geoNear({ near, spherical, distanceField, ... })`).
 * Stored values are GeoJSON (`db.Geo.Point` is written as `{ type: 'Point', coordinates: [lng, lat] }`);
 * legacy `[lng, lat]` pairs are read as points too.
 *
 * Distances are great-circle on a sphere of MongoDB's radius (6378.1 km). Polygon edges are
 * straight in longitude/latitude (MongoDB uses geodesic edges): the same for the small areas a
 * query covers, different only for edges hundreds of kilometres long.
 */
export const EARTH_RADIUS_M = 6_378_100;

type Pos = [number, number];
interface Shape {
  points: Pos[];
  segments: [Pos, Pos][];
  polygons: Pos[][][]; // each: outer ring, then holes
}

const isPos = (v: unknown): v is Pos => Array.isArray(v) && v.length >= 2 && typeof v[0] === 'number' && typeof v[1] === 'number';

function segmentsOf(line: Pos[]): [Pos, Pos][] {
  const out: [Pos, Pos][] = [];
  for (let i = 0; i + 1 < line.length; i++) out.push([line[i], line[i + 1]]);
  return out;
}

/** A stored or queried value as a shape, or null when it is not a geometry. */
export function shapeOf(v: unknown): Shape | null {
  if (isPos(v)) return { points: [v], segments: [], polygons: [] };
  if (!v || typeof v !== 'object') return null;
  const g = v as { type?: unknown; coordinates?: unknown; geometries?: unknown };
  const c = g.coordinates as never;
  switch (g.type) {
    case 'Point':
      return isPos(c) ? { points: [c], segments: [], polygons: [] } : null;
    case 'MultiPoint':
      return { points: c as Pos[], segments: [], polygons: [] };
    case 'LineString':
      return { points: c as Pos[], segments: segmentsOf(c), polygons: [] };
    case 'MultiLineString':
      return { points: (c as Pos[][]).flat(), segments: (c as Pos[][]).flatMap(segmentsOf), polygons: [] };
    case 'Polygon':
      return { points: (c as Pos[][]).flat(), segments: (c as Pos[][]).flatMap(segmentsOf), polygons: [c] };
    case 'MultiPolygon':
      return { points: (c as Pos[][][]).flat(2), segments: (c as Pos[][][]).flat().flatMap(segmentsOf), polygons: c };
    case 'GeometryCollection': {
      const parts = (Array.isArray(g.geometries) ? g.geometries : []).map(shapeOf).filter((s): s is Shape => s !== null);
      return { points: parts.flatMap((p) => p.points), segments: parts.flatMap((p) => p.segments), polygons: parts.flatMap((p) => p.polygons) };
    }
    default:
      return null;
  }
}

/** Great-circle distance in metres. */
export function distanceM(a: Pos, b: Pos): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const s = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(s)));
}

function inRing(p: Pos, ring: Pos[]): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > p[1] !== yj > p[1] && p[0] < ((xj - xi) * (p[1] - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

function onSegment(p: Pos, [a, b]: [Pos, Pos]): boolean {
  const cross = (b[0] - a[0]) * (p[1] - a[1]) - (b[1] - a[1]) * (p[0] - a[0]);
  if (Math.abs(cross) > 1e-12) return false;
  return p[0] >= Math.min(a[0], b[0]) - 1e-12 && p[0] <= Math.max(a[0], b[0]) + 1e-12 && p[1] >= Math.min(a[1], b[1]) - 1e-12 && p[1] <= Math.max(a[1], b[1]) + 1e-12;
}

function inPolygon(p: Pos, polygon: Pos[][]): boolean {
  const [outer, ...holes] = polygon;
  if (segmentsOf(outer).some((s) => onSegment(p, s))) return true; // the boundary belongs to it
  return inRing(p, outer) && !holes.some((h) => inRing(p, h));
}

function segmentsCross([a, b]: [Pos, Pos], [c, d]: [Pos, Pos]): boolean {
  const o = (p: Pos, q: Pos, r: Pos) => Math.sign((q[0] - p[0]) * (r[1] - p[1]) - (q[1] - p[1]) * (r[0] - p[0]));
  const o1 = o(a, b, c), o2 = o(a, b, d), o3 = o(c, d, a), o4 = o(c, d, b);
  if (o1 !== o2 && o3 !== o4) return true;
  return onSegment(c, [a, b]) || onSegment(d, [a, b]) || onSegment(a, [c, d]) || onSegment(b, [c, d]);
}

const samePos = (a: Pos, b: Pos) => a[0] === b[0] && a[1] === b[1];

function containsPos(s: Shape, p: Pos): boolean {
  return s.polygons.some((poly) => inPolygon(p, poly)) || s.segments.some((seg) => onSegment(p, seg)) || s.points.some((q) => samePos(p, q));
}

export function intersects(a: Shape, b: Shape): boolean {
  if (a.points.some((p) => containsPos(b, p)) || b.points.some((p) => containsPos(a, p))) return true;
  return a.segments.some((s) => b.segments.some((t) => segmentsCross(s, t)));
}

/** Every point of `a` inside one of the polygons (vertices tested; edges assumed to follow). */
export function within(a: Shape, polygons: Pos[][][]): boolean {
  return a.points.length > 0 && a.points.every((p) => polygons.some((poly) => inPolygon(p, poly)));
}

function badQuery(message: string): Error {
  return new Error(message);
}

function queryShape(spec: unknown, op: string): Shape {
  const geometry = (spec as { $geometry?: unknown } | null)?.$geometry;
  const shape = shapeOf(geometry);
  if (!shape) throw badQuery(`${op} needs a GeoJSON $geometry`);
  return shape;
}

type Pred = (o: unknown) => boolean;
type Resolve = (o: unknown, path: string) => unknown;

/** The values at `path` that are geometries (an array of points is several candidates). */
function shapesAt(resolve: Resolve, o: unknown, path: string): Shape[] {
  const v = resolve(o, path);
  const one = shapeOf(v);
  if (one) return [one];
  return Array.isArray(v) ? v.map(shapeOf).filter((s): s is Shape => s !== null) : [];
}

/** Nearest-first order for $nearSphere: the query returns the distance of each matched document. */
export const nearDistances = new WeakMap<object, number>();

export function makeGeoQueryOperators(resolve: Resolve) {
  return {
    $geoWithin(selector: string, spec: Record<string, unknown>): Pred {
      if (Array.isArray(spec.$centerSphere)) {
        const [center, radians] = spec.$centerSphere as [unknown, number];
        const c = shapeOf(center)?.points[0];
        if (!c || typeof radians !== 'number') throw badQuery('$centerSphere takes [[lng, lat], radius in radians]');
        const max = radians * EARTH_RADIUS_M;
        return (o) => shapesAt(resolve, o, selector).some((s) => s.points.length > 0 && s.points.every((p) => distanceM(p, c) <= max));
      }
      const q = queryShape(spec, '$geoWithin');
      if (q.polygons.length === 0) throw badQuery('$geoWithin takes a Polygon or MultiPolygon');
      return (o) => shapesAt(resolve, o, selector).some((s) => within(s, q.polygons));
    },
    $geoIntersects(selector: string, spec: Record<string, unknown>): Pred {
      const q = queryShape(spec, '$geoIntersects');
      return (o) => shapesAt(resolve, o, selector).some((s) => intersects(s, q));
    },
    $nearSphere(selector: string, spec: Record<string, unknown>): Pred {
      const center = queryShape(spec, '$nearSphere').points[0];
      const max = typeof spec.$maxDistance === 'number' ? spec.$maxDistance : Infinity;
      const min = typeof spec.$minDistance === 'number' ? spec.$minDistance : 0;
      return (o) => {
        let best = Infinity;
        for (const s of shapesAt(resolve, o, selector)) for (const p of s.points) best = Math.min(best, distanceM(p, center));
        if (best === Infinity || best < min || best > max) return false;
        if (o && typeof o === 'object') nearDistances.set(o, best);
        return true;
      };
    },
  };
}

/** `$near` / `$nearSphere` anywhere in a filter: the results are then ordered nearest first. */
export function nearField(query: Record<string, unknown> | undefined): string | null {
  if (!query) return null;
  for (const [k, v] of Object.entries(query)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) {
        const f = nearField(sub as Record<string, unknown>);
        if (f) return f;
      }
    }
    if (v && typeof v === 'object' && !Array.isArray(v) && ('$nearSphere' in v || '$near' in v)) return k;
  }
  return null;
}
