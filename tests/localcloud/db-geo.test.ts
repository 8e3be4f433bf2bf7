/**
 * Geo queries as the node-sdk exposes them (db.Geo.Point / Polygon, db.command.geoNear /
 * geoWithin / geoIntersects, aggregate().geoNear), answered as CloudBase documents them
 * (docs.cloudbase.net database "地理位置" / Command.geoNear: nearest first, maxDistance and
 * minDistance in metres; geoWithin: inside a Polygon / MultiPolygon or a centerSphere; the SDK's own
 * tests test/database/unit/geo.test.ts and geo-advanced.test.ts). Distances are great-circle on
 * MongoDB's Earth radius (6378.1 km). The product stores no geo fields today (docs/architecture.md).
 */
import { DbHarness, startDb } from './dbHarness';

let h: DbHarness;
beforeEach(async () => {
  h = await startDb();
  h.store.createCollection('places');
});
afterEach(() => h.close());

const places = () => h.db.collection('places');
const idsOf = (res: { data: { _id: string }[] }) => res.data.map((d) => d._id);

// Xiamen-ish: about 1.1 km between 0.01° of latitude
const at = (lng: number, lat: number) => new h.db.Geo.Point(lng, lat);
// the SDK's typings declare Point only; LineString and Polygon exist at run time
type Ctor = new (parts: unknown[]) => unknown;
const geo = () => h.db.Geo as unknown as { LineString: Ctor; Polygon: Ctor };

beforeEach(async () => {
  await places().add([
    { _id: 'centre', loc: at(118.1, 24.5) },
    { _id: 'north1km', loc: at(118.1, 24.51) },
    { _id: 'north5km', loc: at(118.1, 24.545) },
    { _id: 'far', loc: at(119.3, 26.08) }, // Fuzhou, ~200 km
    { _id: 'none', name: 'no location' },
  ]);
});

test('a stored Point comes back as db.Geo.Point', async () => {
  const doc = (await places().doc('centre').get()).data[0];
  expect(doc.loc).toBeInstanceOf(h.db.Geo.Point);
  expect([doc.loc.longitude, doc.loc.latitude]).toEqual([118.1, 24.5]);
});

test('geoNear: nearest first, within maxDistance / beyond minDistance (metres)', async () => {
  const _ = h.db.command;
  const near = await places().where({ loc: _.geoNear({ geometry: at(118.1, 24.5005), maxDistance: 2000 }) }).get();
  expect(idsOf(near)).toEqual(['centre', 'north1km']);
  const all = await places().where({ loc: _.geoNear({ geometry: at(118.1, 24.6) }) }).get();
  expect(idsOf(all)).toEqual(['north5km', 'north1km', 'centre', 'far']);
  const ring = await places().where({ loc: _.geoNear({ geometry: at(118.1, 24.5), minDistance: 500, maxDistance: 10_000 }) }).get();
  expect(idsOf(ring)).toEqual(['north1km', 'north5km']);
});

test('geoWithin: a Polygon, and a centerSphere in radians', async () => {
  const _ = h.db.command;
  const { LineString, Polygon } = geo();
  const square = new Polygon([new LineString([at(118.09, 24.49), at(118.11, 24.49), at(118.11, 24.52), at(118.09, 24.52), at(118.09, 24.49)])]);
  expect(idsOf(await places().where({ loc: _.geoWithin({ geometry: square }) }).get()).sort()).toEqual(['centre', 'north1km']);
  // 3 km around the centre: radius / Earth radius
  const sphere = await places().where({ loc: _.geoWithin({ centerSphere: [at(118.1, 24.5), 3 / 6378.1] }) }).get();
  expect(idsOf(sphere).sort()).toEqual(['centre', 'north1km']);
});

test('geoIntersects: a point on a line, a polygon containing a point', async () => {
  const _ = h.db.command;
  const { LineString, Polygon } = geo();
  await places().add({ _id: 'road', loc: new LineString([at(118.0, 24.5), at(118.2, 24.5)]) });
  const line = await places().where({ loc: _.geoIntersects({ geometry: new LineString([at(118.1, 24.4), at(118.1, 24.52)]) }) }).get();
  expect(idsOf(line).sort()).toEqual(['centre', 'north1km', 'road']);
  const tri = new Polygon([new LineString([at(119, 26), at(119.5, 26), at(119.3, 26.3), at(119, 26)])]);
  expect(idsOf(await places().where({ loc: _.geoIntersects({ geometry: tri }) }).get())).toEqual(['far']);
});

test('aggregate().geoNear: distances in distanceField, query, nearest first', async () => {
  const res = await places()
    .aggregate()
    .geoNear({ distanceField: 'distance', spherical: true, near: at(118.1, 24.5), maxDistance: 10_000, key: 'loc', includeLocs: 'where' })
    .end();
  expect(res.data.map((d: { _id: string }) => d._id)).toEqual(['centre', 'north1km', 'north5km']);
  const [c, n1, n5] = res.data as { distance: number; where: unknown }[];
  expect(c.distance).toBe(0);
  expect(n1.distance).toBeGreaterThan(1100);
  expect(n1.distance).toBeLessThan(1125);
  expect(n5.distance / n1.distance).toBeCloseTo(4.5, 1);
  expect(n1.where).toEqual({ type: 'Point', coordinates: [118.1, 24.51] }); // aggregate answers are not re-wrapped by the SDK
  const filtered = await places().aggregate().geoNear({ distanceField: 'd', spherical: true, near: at(118.1, 24.5), query: { _id: h.db.command.neq('centre') } }).limit(1).end();
  expect(filtered.data.map((d: { _id: string }) => d._id)).toEqual(['north1km']);
});
