/**
 * Coordinate reference systems known offline. The definitions mirror EPSG as PROJ prints them
 * (checked with gdalsrsinfo -o proj4, see test/unit/crs.test.ts); no network lookups ever.
 * Gauss–Krüger grids are generated from their EPSG numbering rather than listed one by one.
 */
export interface CrsDef {
  code: string; // "EPSG:4548"
  srid: number;
  name_zh: string;
  name_en: string;
  proj4: string;
  /** Area of use, lon/lat degrees: [west, south, east, north] */
  bounds: [number, number, number, number];
  geographic: boolean;
}

interface Datum {
  key: 'cgcs2000' | 'beijing54' | 'xian80';
  name_zh: string;
  name_en: string;
  ellps: string;
}

const CGCS2000: Datum = { key: 'cgcs2000', name_zh: '2000国家大地坐标系', name_en: 'CGCS2000', ellps: '+ellps=GRS80' };
const BEIJING54: Datum = { key: 'beijing54', name_zh: '1954北京坐标系', name_en: 'Beijing 1954', ellps: '+ellps=krass' };
const XIAN80: Datum = { key: 'xian80', name_zh: '1980西安坐标系', name_en: 'Xian 1980', ellps: '+ellps=IAU76' };

// China's extent in latitude; longitudes come from each zone.
const SOUTH = 17;
const NORTH = 54;

function tmerc(lon0: number, x0: number, datum: Datum): string {
  return `+proj=tmerc +lat_0=0 +lon_0=${lon0} +k=1 +x_0=${x0} +y_0=0 ${datum.ellps} +units=m +no_defs`;
}

/**
 * A Gauss–Krüger series in EPSG: `first` is the code of the first zone; zone-prefixed codes carry
 * the zone number in the false easting (e.g. 39 500 000), "CM" codes do not.
 */
function gkSeries(datum: Datum, width: 3 | 6, firstPrefixed: number, firstCm: number, zones: number[]): CrsDef[] {
  const out: CrsDef[] = [];
  zones.forEach((zone, i) => {
    const cm = width === 3 ? zone * 3 : zone * 6 - 3;
    const bounds: [number, number, number, number] = [cm - width / 2, SOUTH, cm + width / 2, NORTH];
    out.push({
      code: `EPSG:${firstPrefixed + i}`,
      srid: firstPrefixed + i,
      name_zh: `${datum.name_zh} / 高斯-克吕格 ${width}°带 第${zone}带`,
      name_en: `${datum.name_en} / ${width}-degree Gauss-Kruger zone ${zone}`,
      proj4: tmerc(cm, zone * 1_000_000 + 500_000, datum),
      bounds,
      geographic: false,
    });
    out.push({
      code: `EPSG:${firstCm + i}`,
      srid: firstCm + i,
      name_zh: `${datum.name_zh} / 高斯-克吕格 ${width}°带 中央经线 ${cm}°E`,
      name_en: `${datum.name_en} / ${width}-degree Gauss-Kruger CM ${cm}E`,
      proj4: tmerc(cm, 500_000, datum),
      bounds,
      geographic: false,
    });
  });
  return out;
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

const GEOGRAPHIC: CrsDef[] = [
  {
    code: 'EPSG:4490',
    srid: 4490,
    name_zh: '2000国家大地坐标系（经纬度）',
    name_en: 'CGCS2000 (geographic)',
    proj4: '+proj=longlat +ellps=GRS80 +no_defs',
    bounds: [73, SOUTH, 135, NORTH],
    geographic: true,
  },
  {
    code: 'EPSG:4326',
    srid: 4326,
    name_zh: 'WGS 84（经纬度）',
    name_en: 'WGS 84 (geographic)',
    proj4: '+proj=longlat +datum=WGS84 +no_defs',
    bounds: [-180, -90, 180, 90],
    geographic: true,
  },
  {
    code: 'EPSG:4214',
    srid: 4214,
    name_zh: '1954北京坐标系（经纬度）',
    name_en: 'Beijing 1954 (geographic)',
    proj4: '+proj=longlat +ellps=krass +no_defs',
    bounds: [73, SOUTH, 135, NORTH],
    geographic: true,
  },
  {
    code: 'EPSG:4610',
    srid: 4610,
    name_zh: '1980西安坐标系（经纬度）',
    name_en: 'Xian 1980 (geographic)',
    proj4: '+proj=longlat +ellps=IAU76 +no_defs',
    bounds: [73, SOUTH, 135, NORTH],
    geographic: true,
  },
];

export const CRS_LIST: readonly CrsDef[] = [
  ...GEOGRAPHIC,
  // CGCS2000 3°: zones 25–45 are EPSG:4513–4533, CM 75–135 are 4534–4554
  ...gkSeries(CGCS2000, 3, 4513, 4534, range(25, 45)),
  // CGCS2000 6°: zones 13–23 are EPSG:4491–4501, CM are 4502–4512
  ...gkSeries(CGCS2000, 6, 4491, 4502, range(13, 23)),
  // Beijing 1954 3°: zones 25–45 are EPSG:2401–2421, CM are 2422–2442
  ...gkSeries(BEIJING54, 3, 2401, 2422, range(25, 45)),
  // Xian 1980 3°: zones 25–45 are EPSG:2349–2369, CM are 2370–2390
  ...gkSeries(XIAN80, 3, 2349, 2370, range(25, 45)),
];

const BY_CODE = new Map(CRS_LIST.map((c) => [c.code, c]));

export function findCrs(code: string): CrsDef | undefined {
  return BY_CODE.get(code.toUpperCase());
}

/** The CGCS2000 3° GK "CM" CRS whose zone contains the longitude — the usual choice for a city project. */
export function suggestGk3Cgcs2000(lon: number): CrsDef {
  const zone = Math.min(45, Math.max(25, Math.round(lon / 3)));
  return BY_CODE.get(`EPSG:${4534 + zone - 25}`)!;
}
