/**
 * Writes config/demo/him-lam.geojson: the demo ward of the story, Him Lam ward, Điện Biên Phủ.
 * SYNTHETIC: the boundary, the street lines, the residents and the cameras are made up (near the
 * real ward at 21.39 N, 103.03 E, with street names of the town); nothing here is surveyed or real.
 * Deterministic (a seeded generator), so the committed file is reproducible:
 *   node -r ts-node/register/transpile-only -r tsconfig-paths/register scripts/generate-him-lam.ts
 */
import { writeFileSync } from 'node:fs';
import { format, resolveConfig } from 'prettier';
import type { CameraFeature, SeedConsent, SeedResident, StreetFeature, WardFeature, WardSeed } from '@wardwatch/places';

const OUT = 'config/demo/him-lam.geojson';
const TOTAL_CAMERAS = 350;

/** mulberry32: small, seeded, good enough to scatter demo data. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = prng(20261201);
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)];
const between = (lo: number, hi: number) => lo + rand() * (hi - lo);
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

type LonLat = [number, number];
/** Metres per degree here (21.39 N). */
const M_PER_DEG_LAT = 110_760;
const M_PER_DEG_LON = 111_320 * Math.cos((21.39 * Math.PI) / 180);

// A convex, irregular outline of about 2.5 x 2 km around the ward's centre (synthetic).
const BOUNDARY: LonLat[] = [
  [103.0195, 21.3815],
  [103.0262, 21.3788],
  [103.0335, 21.3796],
  [103.0401, 21.3822],
  [103.0436, 21.3868],
  [103.0428, 21.3921],
  [103.0392, 21.3968],
  [103.0321, 21.3991],
  [103.0248, 21.3982],
  [103.0196, 21.3949],
  [103.0172, 21.3893],
  [103.0195, 21.3815],
];

/** Streets (town street names, synthetic lines); `weight` is how built-up the street is. */
const STREETS: { name: string; line: LonLat[]; weight: number }[] = [
  {
    name: 'Võ Nguyên Giáp',
    line: [
      [103.0205, 21.384],
      [103.029, 21.388],
      [103.036, 21.3905],
      [103.042, 21.3912],
    ],
    weight: 5,
  },
  {
    name: 'Hoàng Văn Thái',
    line: [
      [103.03, 21.3805],
      [103.0305, 21.388],
      [103.0312, 21.3975],
    ],
    weight: 4,
  },
  {
    name: 'Nguyễn Chí Thanh',
    line: [
      [103.0205, 21.3935],
      [103.03, 21.3945],
      [103.039, 21.395],
    ],
    weight: 3,
  },
  {
    name: 'Trần Đăng Ninh',
    line: [
      [103.0235, 21.3815],
      [103.025, 21.39],
      [103.026, 21.397],
    ],
    weight: 3,
  },
  {
    name: 'Sùng Phái Sinh',
    line: [
      [103.035, 21.381],
      [103.0365, 21.388],
      [103.037, 21.3965],
    ],
    weight: 3,
  },
  {
    name: 'Lò Văn Hặc',
    line: [
      [103.0185, 21.389],
      [103.0245, 21.3898],
      [103.03, 21.3905],
    ],
    weight: 2,
  },
  {
    name: 'Phan Đình Giót',
    line: [
      [103.031, 21.3842],
      [103.037, 21.3852],
      [103.042, 21.3862],
    ],
    weight: 2,
  },
  {
    name: 'Tô Vĩnh Diện',
    line: [
      [103.0215, 21.3862],
      [103.0265, 21.3858],
      [103.03, 21.3852],
    ],
    weight: 2,
  },
  {
    name: 'Bế Văn Đàn',
    line: [
      [103.0335, 21.3922],
      [103.0338, 21.3968],
    ],
    weight: 1,
  },
  {
    name: 'Nguyễn Hữu Thọ',
    line: [
      [103.038, 21.3832],
      [103.0395, 21.3868],
      [103.041, 21.3905],
    ],
    weight: 2,
  },
  {
    name: 'Hoàng Công Chất',
    line: [
      [103.0265, 21.396],
      [103.031, 21.3963],
      [103.036, 21.396],
    ],
    weight: 2,
  },
  {
    name: 'Trường Chinh',
    line: [
      [103.0205, 21.3835],
      [103.0262, 21.3805],
      [103.033, 21.381],
    ],
    weight: 2,
  },
];

/** Alleys off the streets: "Ngõ N <street>" in the gazetteer; a camera there has street + alley. */
const ALLEYS: { number: number; street: string; line: LonLat[] }[] = [
  {
    number: 12,
    street: 'Võ Nguyên Giáp',
    line: [
      [103.0255, 21.3865],
      [103.0262, 21.3878],
    ],
  },
  {
    number: 35,
    street: 'Hoàng Văn Thái',
    line: [
      [103.0304, 21.3865],
      [103.0335, 21.387],
    ],
  },
  {
    number: 7,
    street: 'Trần Đăng Ninh',
    line: [
      [103.0246, 21.388],
      [103.0222, 21.3876],
    ],
  },
  {
    number: 21,
    street: 'Sùng Phái Sinh',
    line: [
      [103.0366, 21.3895],
      [103.0392, 21.3898],
    ],
  },
  {
    number: 4,
    street: 'Nguyễn Chí Thanh',
    line: [
      [103.028, 21.3943],
      [103.0283, 21.3922],
    ],
  },
  {
    number: 18,
    street: 'Phan Đình Giót',
    line: [
      [103.0345, 21.3848],
      [103.0348, 21.3827],
    ],
  },
  {
    number: 9,
    street: 'Lò Văn Hặc',
    line: [
      [103.0215, 21.3894],
      [103.0213, 21.3915],
    ],
  },
];

/** Residents: names as people in the ward are called (Kinh, Thái and Hmông); all made up. */
const NAMES = [
  'Nguyễn Văn Hải',
  'Trần Thị Hương',
  'Lò Văn Pấng',
  'Lường Thị Ơn',
  'Quàng Văn Bun',
  'Cầm Thị Hoa',
  'Giàng A Dình',
  'Sùng Thị Mỷ',
  'Vàng A Chứ',
  'Mùa A Sử',
  'Đỗ Quang Minh',
  'Bùi Thị Thu',
  'Hoàng Văn Toàn',
  'Vũ Thị Ngọc Ánh',
  'Đặng Văn Khánh',
  'Lò Thị Xuân',
  'Lường Văn Chiến',
  'Phạm Đức Thắng',
  'Nguyễn Thị Hằng',
  'Lê Văn Quyết',
  'Tòng Văn Lả',
  'Điêu Thị Hiền',
  'Quàng Thị Dung',
  'Nguyễn Mạnh Cường',
  'Trần Văn Đông',
  'Hà Thị Liên',
  'Cà Văn Thượng',
  'Lò Văn Tuấn',
  'Vì Thị Nhung',
  'Giàng Thị Pà',
  'Nguyễn Thị Yến',
  'Phạm Văn Hưng',
  'Đinh Thị Huệ',
  'Lê Thị Thanh Tâm',
  'Bạc Cầm Quang',
  'Lường Thị Mai',
  'Hoàng Thị Phượng',
  'Trần Quốc Việt',
  'Nguyễn Văn Sơn',
  'Vũ Văn Luân',
  'Lò Thị Thoa',
  'Sùng A Tủa',
  'Quàng Văn Hải',
  'Đỗ Thị Lan Anh',
  'Nguyễn Hữu Phúc',
  'Lê Thị Bích',
  'Cầm Văn Đoàn',
  'Trần Thị Kim Oanh',
  'Lường Văn Nghiệp',
  'Phạm Thị Duyên',
  'Hoàng Minh Tiến',
  'Nguyễn Thị Lụa',
  'Tòng Thị Én',
  'Bùi Văn Tình',
  'Lò Văn Inh',
];

const slug = (name: string) =>
  name.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').toLowerCase().replace(/\s+/g, '.');

// The three residents of the story keep their logins; they own the five cameras with video.
const residents: SeedResident[] = [
  { key: 'resident', email: 'resident@wardwatch.local', displayName: 'Trần Thị Lan', kind: 'household' },
  { key: 'resident2', email: 'resident2@wardwatch.local', displayName: 'Lê Văn Hùng', kind: 'shop' },
  { key: 'resident3', email: 'resident3@wardwatch.local', displayName: 'Phạm Thị Mai', kind: 'household' },
];
for (const [i, name] of NAMES.entries()) {
  const key = `${slug(name)}`;
  const kind: SeedResident['kind'] = i < 7 ? 'business' : i < 22 ? 'shop' : 'household';
  residents.push({ key, email: `${key}@wardwatch.local`, displayName: name.normalize('NFC'), kind });
}
if (new Set(residents.map((r) => r.key)).size !== residents.length) throw new Error('two residents share a key');

// How many event-only cameras each owns (the story's five with video come on top, so the total is
// TOTAL_CAMERAS): a business 10-18, a shop 4-9, a home 1-4 (the probe limit is 20 a resident).
const EVENT_ONLY = TOTAL_CAMERAS - 5;
const counts = new Map<string, number>();
for (const r of residents) {
  const n =
    r.key === 'resident'
      ? 4
      : r.key === 'resident2'
        ? 6
        : r.key === 'resident3'
          ? 2
          : r.kind === 'business'
            ? 10 + Math.floor(rand() * 9)
            : r.kind === 'shop'
              ? 4 + Math.floor(rand() * 6)
              : 1 + Math.floor(rand() * 4);
  counts.set(r.key, n);
}
// Fit the total to EVENT_ONLY by adjusting homes and shops by one camera at a time, within their ranges.
const total = () => [...counts.values()].reduce((a, b) => a + b, 0);
for (let guard = 0; total() !== EVENT_ONLY && guard < 10_000; guard++) {
  const r = pick(residents.slice(3));
  const n = counts.get(r.key)!;
  const [lo, hi] = r.kind === 'business' ? [10, 18] : r.kind === 'shop' ? [4, 9] : [1, 4];
  if (total() < EVENT_ONLY && n < hi) counts.set(r.key, n + 1);
  else if (total() > EVENT_ONLY && n > lo) counts.set(r.key, n - 1);
}
if (total() !== EVENT_ONLY) throw new Error(`could not fit ${EVENT_ONLY} cameras (${total()})`);

// ---- geometry helpers ------------------------------------------------------------------------
const toM = ([lon, lat]: LonLat): [number, number] => [lon * M_PER_DEG_LON, lat * M_PER_DEG_LAT];
const toDeg = ([x, y]: [number, number]): LonLat => [x / M_PER_DEG_LON, y / M_PER_DEG_LAT];

function inside([lon, lat]: LonLat, ring: LonLat[]): boolean {
  let hit = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > lat !== yj > lat && lon < ((xj - xi) * (lat - yi)) / (yj - yi) + xi) hit = !hit;
  }
  return hit;
}

/** Distance in metres from a point to the boundary's edges. */
function toBoundaryM(p: LonLat): number {
  const [px, py] = toM(p);
  let best = Infinity;
  for (let i = 0; i + 1 < BOUNDARY.length; i++) {
    const [ax, ay] = toM(BOUNDARY[i]);
    const [bx, by] = toM(BOUNDARY[i + 1]);
    const t = Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2)));
    best = Math.min(best, Math.hypot(px - (ax + t * (bx - ax)), py - (ay + t * (by - ay))));
  }
  return best;
}

const lengthM = (line: LonLat[]) => line.slice(1).reduce((sum, p, i) => sum + Math.hypot(...sub(toM(p), toM(line[i]))), 0);
function sub(a: [number, number], b: [number, number]): [number, number] {
  return [a[0] - b[0], a[1] - b[1]];
}

/** The point `d` metres along the line, with the line's direction there (a unit vector, metres). */
function along(line: LonLat[], d: number): { at: [number, number]; dir: [number, number] } {
  let left = d;
  for (let i = 0; i + 1 < line.length; i++) {
    const a = toM(line[i]);
    const b = toM(line[i + 1]);
    const seg = Math.hypot(...sub(b, a));
    if (left <= seg || i + 2 === line.length) {
      const t = Math.min(1, left / seg);
      const dir: [number, number] = [(b[0] - a[0]) / seg, (b[1] - a[1]) / seg];
      return { at: [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])], dir };
    }
    left -= seg;
  }
  throw new Error('empty line');
}

/** Compass bearing (0 = north, clockwise) of a direction in metres (x east, y north). */
const bearingOf = ([x, y]: [number, number]) => (Math.round((Math.atan2(x, y) * 180) / Math.PI) + 360) % 360;
const COMPASS = ['bắc', 'đông bắc', 'đông', 'đông nam', 'nam', 'tây nam', 'tây', 'tây bắc'];
const compass = (b: number) => COMPASS[Math.round(b / 45) % 8];

for (const s of [...STREETS.map((s) => s.line), ...ALLEYS.map((a) => a.line)]) {
  for (const p of s) {
    if (!inside(p, BOUNDARY) || toBoundaryM(p) < 40) throw new Error(`street vertex ${p.join(',')} is not well inside the boundary`);
  }
}

// ---- cameras ---------------------------------------------------------------------------------
const LABELS: Record<SeedResident['kind'], string[]> = {
  household: ['Cổng trước', 'Sân trong', 'Cửa sau', 'Hiên nhà', 'Ban công tầng 2', 'Nhà để xe', 'Lối vào ngõ'],
  shop: ['Mặt tiền cửa hàng', 'Quầy thu ngân', 'Vỉa hè trước cửa', 'Kho hàng', 'Cửa cuốn', 'Góc phố', 'Bãi để xe máy'],
  business: ['Cổng chính', 'Cổng phụ', 'Bãi đỗ xe', 'Sảnh lễ tân', 'Hành lang tầng 1', 'Lối thoát hiểm', 'Khu bốc dỡ hàng', 'Mái hiên'],
};
const BUSINESSES = [
  'Nhà nghỉ Hoa Ban',
  'Chợ Him Lam (ki-ốt)',
  'Cây xăng Him Lam',
  'Nhà hàng Mường Phăng',
  'Xưởng gỗ Tây Bắc',
  'Siêu thị mini Ban Mai',
  'Bến xe khách (bãi gửi xe)',
];

/** The five cameras of the story (video, clips) on Hoàng Văn Thái and Võ Nguyên Giáp; {n} is the house number. */
const STORY: { owner: string; label: string; street: string; d: number; side: 1 | -1; consent: SeedConsent; alley?: number }[] = [
  {
    owner: 'resident',
    label: 'Cổng nhà {n}',
    street: 'Hoàng Văn Thái',
    d: 700,
    side: 1,
    consent: consent(['event_metadata', 'clips', 'police_search'], 'ask'),
  },
  {
    owner: 'resident',
    label: 'Sân sau nhà {n}',
    street: 'Hoàng Văn Thái',
    d: 720,
    side: 1,
    alley: 35,
    consent: consent(['event_metadata', 'clips', 'police_search'], 'ask'),
  },
  {
    owner: 'resident2',
    label: 'Cửa hàng {n}',
    street: 'Hoàng Văn Thái',
    d: 900,
    side: -1,
    consent: consent(['event_metadata', 'clips', 'police_search'], 'auto_release'),
  },
  {
    owner: 'resident2',
    label: 'Cổng {n}',
    street: 'Võ Nguyên Giáp',
    d: 1100,
    side: 1,
    consent: consent(['event_metadata', 'clips', 'police_search'], 'auto_release'),
  },
  {
    owner: 'resident3',
    label: 'Hiên nhà {n}',
    street: 'Võ Nguyên Giáp',
    d: 1300,
    side: -1,
    consent: consent(['event_metadata', 'clips'], 'ask'),
  },
];

function consent(purposes: SeedConsent['purposes'], sharingMode: SeedConsent['sharingMode']): SeedConsent {
  return { purposes, retentionDays: 7, sharingMode, activeHours: null, noticeVersion: '2026-11', noticeLanguage: 'vi', state: 'given' };
}

/** An event-only camera's consent: never clips (it has no stream), otherwise as varied as a ward's. */
function eventOnlyConsent(ownerDefault: { search: boolean; mode: SeedConsent['sharingMode']; language: 'vi' | 'en' }): SeedConsent {
  const search = rand() < 0.9 ? ownerDefault.search : !ownerDefault.search;
  const r = rand();
  const activeHours =
    r < 0.15
      ? { from: '22:00', to: '06:00' }
      : r < 0.22
        ? { from: '18:00', to: '07:00' }
        : r < 0.26
          ? { from: '00:00', to: '05:00' }
          : null;
  const t = rand();
  return {
    purposes: search ? ['event_metadata', 'police_search'] : ['event_metadata'],
    retentionDays: t < 0.6 ? 7 : t < 0.85 ? 14 : 30,
    sharingMode: ownerDefault.mode,
    activeHours,
    noticeVersion: '2026-11',
    noticeLanguage: ownerDefault.language,
    state: rand() < 0.04 ? 'paused' : 'given',
  };
}

const streetLines = new Map(STREETS.map((s) => [s.name, s.line]));
const alleyBy = new Map(ALLEYS.map((a) => [`${a.street}|${a.number}`, a]));
const groupOf = ([lon, lat]: LonLat) => {
  // Residential groups (tổ dân phố) 1-16: a 4 x 4 grid over the ward.
  const col = Math.min(3, Math.max(0, Math.floor(((lon - 103.0172) / (103.0436 - 103.0172)) * 4)));
  const row = Math.min(3, Math.max(0, Math.floor(((21.3991 - lat) / (21.3991 - 21.3788)) * 4)));
  return `Tổ dân phố ${row * 4 + col + 1}`;
};

const cameras: CameraFeature[] = [];
const usedLabels = new Map<string, Set<string>>();
function label(owner: SeedResident, wanted: string, businessName: string | null): string {
  const used = usedLabels.get(owner.key) ?? new Set<string>();
  usedLabels.set(owner.key, used);
  let base = businessName ? `${businessName}: ${wanted}` : wanted;
  for (let n = 2; used.has(base); n++) base = `${businessName ? `${businessName}: ` : ''}${wanted} ${n}`;
  used.add(base);
  return base;
}

function place(
  street: string,
  alley: { number: number; line: LonLat[] } | null,
  d: number,
  side: 1 | -1,
): { point: LonLat; houseNumber: string; bearing: number } {
  const line = alley ? alley.line : streetLines.get(street)!;
  const { at, dir } = along(line, d);
  // Houses stand 8-14 m off the centre line; the camera looks at the street, give or take 50°.
  const normal: [number, number] = [-dir[1] * side, dir[0] * side];
  const off = between(8, 14);
  const point = toDeg([at[0] + normal[0] * off, at[1] + normal[1] * off]);
  const facing = bearingOf([-normal[0], -normal[1]]);
  const bearing = (facing + Math.round(between(-50, 50)) + 360) % 360;
  // Even numbers on one side, odd on the other, about one house every 5 m (at least 1).
  const base = Math.max(1, Math.round(d / 5));
  const houseNumber = String(side === 1 ? base * 2 : base * 2 - 1);
  return { point: [round6(point[0]), round6(point[1])], houseNumber, bearing };
}

function addCamera(
  owner: SeedResident,
  where: { street: string; alley: number | null; d: number; side: 1 | -1 },
  cameraLabel: string | ((houseNumber: string) => string),
  video: boolean,
  c: SeedConsent,
): void {
  const alley = where.alley === null ? null : alleyBy.get(`${where.street}|${where.alley}`)!;
  const { point, houseNumber, bearing } = place(where.street, alley, where.d, where.side);
  if (!inside(point, BOUNDARY) || toBoundaryM(point) < 15) throw new Error(`camera at ${point.join(',')} is not inside the ward`);
  const fov = pick([60, 90, 90, 100, 110]);
  const onStreet = alley ? `ngõ ${alley.number} ${where.street}` : where.street;
  cameras.push({
    type: 'Feature',
    properties: {
      layer: 'camera',
      number: cameras.length + 1,
      owner: owner.key,
      label: typeof cameraLabel === 'string' ? cameraLabel : cameraLabel(houseNumber),
      street: where.street,
      houseNumber,
      alley: alley ? `Ngõ ${alley.number}` : null,
      residentialGroup: groupOf(point),
      bearingDeg: bearing,
      fieldOfViewDeg: fov,
      facingNote: `Nhìn về hướng ${compass(bearing)} (${bearing}°, góc ${fov}°), ra ${onStreet}`,
      video,
      consent: c,
    },
    geometry: { type: 'Point', coordinates: point },
  });
}

const byKey = new Map(residents.map((r) => [r.key, r]));
for (const s of STORY) {
  const owner = byKey.get(s.owner)!;
  addCamera(
    owner,
    { street: s.street, alley: s.alley ?? null, d: s.alley ? 20 : s.d, side: s.side },
    (n) => label(owner, s.label.replace('{n}', n), null),
    true,
    s.consent,
  );
}

// Everyone else's cameras (and the story residents' further ones) are event-only, clustered: one
// owner's cameras stand at one address, a business's spread a little along its frontage.
const weighted = STREETS.flatMap((s) => Array<string>(s.weight).fill(s.name));
let businessIndex = 0;
for (const owner of residents) {
  const n = counts.get(owner.key)!;
  const businessName = owner.kind === 'business' ? BUSINESSES[businessIndex++ % BUSINESSES.length] : null;
  const inAlley = owner.kind === 'household' && rand() < 0.3;
  const alley = inAlley ? pick(ALLEYS) : null;
  const street = alley ? alley.street : pick(weighted);
  const line = alley ? alley.line : streetLines.get(street)!;
  const length = lengthM(line);
  const d0 = between(15, Math.max(16, length - 15 - (owner.kind === 'business' ? 60 : 10)));
  const side: 1 | -1 = rand() < 0.5 ? 1 : -1;
  const defaults: { search: boolean; mode: SeedConsent['sharingMode']; language: SeedConsent['noticeLanguage'] } = {
    search: rand() < 0.8,
    mode: rand() < 0.65 ? 'ask' : 'auto_release',
    language: rand() < 0.85 ? 'vi' : 'en',
  };
  for (let i = 0; i < n; i++) {
    const spread = owner.kind === 'business' ? i * 4 : i * 1.5;
    addCamera(
      owner,
      { street, alley: alley?.number ?? null, d: Math.min(length - 5, d0 + spread), side },
      label(owner, LABELS[owner.kind][i % LABELS[owner.kind].length], businessName),
      false,
      eventOnlyConsent(defaults),
    );
  }
}
if (cameras.length !== TOTAL_CAMERAS) throw new Error(`made ${cameras.length} cameras, not ${TOTAL_CAMERAS}`);

const ward: WardFeature = {
  type: 'Feature',
  properties: { layer: 'ward', code: 'him-lam', name: 'Phường Him Lam, Điện Biên Phủ (dữ liệu mô phỏng)' },
  geometry: { type: 'Polygon', coordinates: [BOUNDARY] },
};
const streets: StreetFeature[] = [
  ...STREETS.map((s): StreetFeature => ({
    type: 'Feature',
    properties: { layer: 'street', name: s.name, kind: 'street' },
    geometry: { type: 'LineString', coordinates: s.line },
  })),
  ...ALLEYS.map((a): StreetFeature => ({
    type: 'Feature',
    properties: { layer: 'street', name: `Ngõ ${a.number} ${a.street}`, kind: 'alley' },
    geometry: { type: 'LineString', coordinates: a.line },
  })),
];

const seed: WardSeed = {
  type: 'FeatureCollection',
  version: 1,
  synthetic: true,
  notice:
    'SYNTHETIC DEMO DATA (dữ liệu mô phỏng). Him Lam ward, Điện Biên Phủ: the boundary, the street lines, the residents, ' +
    'their cameras and consents are invented near 21.39 N, 103.03 E for the wardwatch demo and tests. The street names are ' +
    'names used in the town, placed freely; nothing here is surveyed, official or about real people. ' +
    'Generated by scripts/generate-him-lam.ts (deterministic); edit that script, not this file.',
  ward: { code: ward.properties.code, name: ward.properties.name },
  residents,
  features: [ward, ...streets, ...cameras],
};
async function write(): Promise<void> {
  // Formatted as the repository's prettier check wants it, so regenerating leaves no diff.
  const text = await format(JSON.stringify(seed).normalize('NFC'), { ...(await resolveConfig(OUT)), filepath: OUT });
  writeFileSync(OUT, text);
  console.log(
    `${OUT}: ${streets.length} streets and alleys, ${residents.length} residents, ${cameras.length} cameras (${cameras.filter((c) => c.properties.video).length} with video), ${text.length} bytes`,
  );
}
void write();
