/**
 * Deterministic generator of realistic Vietnamese duty-logbook entries for bench:logbook.
 *
 * The stream walks shift by shift (08:00 → 08:00, Asia/Ho_Chi_Minh) from a fixed start over ~3
 * years (fewer shifts below ~13,000 entries, so that a shift keeps ≥ 12); every shift gets its
 * share of entries, in increasing `occurredAt`, with the five kinds in the
 * proportions of a busy border duty room: work ≈ 45 %, incident ≈ 16 %, direction ≈ 15 %
 * (linked to its incident), result ≈ 13.5 % (linked to its direction), note ≈ 10.5 %.
 * An incident, its direction and its result share one context (place, unit, container,
 * declaration, plate, goods), so the texts and the identifiers agree the way officers write them.
 * Texts carry full diacritics (NFC); container and declaration numbers have valid check digits
 * (the demo helpers).
 */
import { emptyIdentifiers } from '../../src-shared/domain/logbook';
import type { DirectionForm, EntryDetails, EntryKind, Identifiers } from '../../src-shared/domain/logbook';
import { demoContainer, demoDeclaration, demoTaxCode } from '../../src-main/demo/seed';

export type Rng = () => number;

/** Park–Miller-free, fast 32-bit generator (mulberry32): deterministic for a given seed. */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: Rng, a: readonly T[]): T => a[Math.floor(r() * a.length)]!;
const int = (r: Rng, lo: number, hi: number): number => lo + Math.floor(r() * (hi - lo + 1));
const hhmm = (ms: number): string => {
  const d = new Date(ms + 7 * 3600_000);
  return `${String(d.getUTCHours()).padStart(2, '0')}:${String(d.getUTCMinutes()).padStart(2, '0')}`;
};

interface Place {
  /** As written in the text ("tại <text>"). */
  text: string;
  /** Short name for "về <short>" and list columns. */
  short: string;
  unit: string | null;
  airport?: boolean;
  seaport?: boolean;
}

const PLACES: readonly Place[] = [
  { text: 'cửa khẩu quốc tế Hữu Nghị, làn xuất', short: 'cửa khẩu Hữu Nghị', unit: '15E1' },
  { text: 'cửa khẩu quốc tế Hữu Nghị, làn nhập', short: 'cửa khẩu Hữu Nghị', unit: '15E1' },
  { text: 'cửa khẩu quốc tế Hữu Nghị, bãi kiểm hóa', short: 'cửa khẩu Hữu Nghị', unit: '15E1' },
  { text: 'ga đường sắt quốc tế Đồng Đăng', short: 'ga Đồng Đăng', unit: '15E2' },
  { text: 'ga đường sắt quốc tế Đồng Đăng, bãi hàng', short: 'ga Đồng Đăng', unit: '15E2' },
  { text: 'cửa khẩu Tân Thanh, bãi xe chờ xuất', short: 'cửa khẩu Tân Thanh', unit: '15E3' },
  { text: 'cửa khẩu Tân Thanh, khu kiểm hóa tập trung', short: 'cửa khẩu Tân Thanh', unit: '15E3' },
  { text: 'cảng Cát Lái, khu vực máy soi container', short: 'cảng Cát Lái', unit: '02CI', seaport: true },
  { text: 'cảng Cát Lái, bãi container chờ xuất', short: 'cảng Cát Lái', unit: '02CI', seaport: true },
  { text: 'sân bay quốc tế Nội Bài, nhà ga T2', short: 'sân bay Nội Bài', unit: '01B1', airport: true },
  { text: 'sân bay quốc tế Nội Bài, kho hàng không kéo dài', short: 'sân bay Nội Bài', unit: '01B1', airport: true },
  { text: 'cảng Hải Phòng, bến Tân Vũ', short: 'cảng Hải Phòng', unit: '03CE', seaport: true },
  { text: 'cửa khẩu quốc tế Móng Cái, cầu Bắc Luân II', short: 'cửa khẩu Móng Cái', unit: null },
  { text: 'cửa khẩu Chi Ma', short: 'cửa khẩu Chi Ma', unit: null },
  { text: 'cửa khẩu Cốc Nam', short: 'cửa khẩu Cốc Nam', unit: null },
  { text: 'kho ngoại quan Tân Thanh', short: 'kho ngoại quan Tân Thanh', unit: '15E3' },
];
/** Border places weigh more: the station is the KV VI duty room (Lạng Sơn). */
const PLACE_WEIGHTS = [9, 7, 8, 8, 4, 8, 5, 3, 2, 3, 2, 2, 3, 2, 2, 3];
const PLACE_CDF = (() => {
  const total = PLACE_WEIGHTS.reduce((a, b) => a + b, 0);
  let acc = 0;
  return PLACE_WEIGHTS.map((w) => (acc += w) / total);
})();
const pickPlace = (r: Rng): Place => {
  const x = r();
  const i = PLACE_CDF.findIndex((c) => x < c);
  return PLACES[i < 0 ? PLACES.length - 1 : i]!;
};

const DESTINATIONS = ['cảng cạn Đồng Đăng', 'ICD Mỹ Đình', 'cảng cạn Tiên Sơn', 'ICD Phước Long', 'kho ngoại quan Hải Phòng', 'cảng Lạch Huyện', 'ICD Tân Cảng Sóng Thần'];
const GOODS = [
  'linh kiện điện tử', 'sầu riêng tươi', 'thanh long', 'vải thiều', 'phân bón', 'máy móc đã qua sử dụng',
  'quần áo may sẵn', 'thuốc lá điếu', 'rượu ngoại', 'phụ tùng ô tô', 'hạt điều thô', 'gỗ xẻ', 'hóa chất công nghiệp',
  'điện thoại di động', 'pin lithium', 'thịt gà đông lạnh', 'tinh bột sắn', 'mỹ phẩm', 'đồ chơi trẻ em', 'vải cuộn',
];
const DEVICES = [
  'máy soi container', 'máy soi hành lý', 'cân xe', 'hệ thống seal định vị điện tử', 'hệ thống VNACCS/VCIS',
  'hệ thống e-Manifest', 'đường truyền camera giám sát', 'hệ thống quản lý hàng hóa tự động VASSCM',
];
const DEVICE_OK = [
  'hoạt động bình thường', 'hoạt động ổn định, dữ liệu đồng bộ đầy đủ', 'kết nối tốt, không ghi nhận lỗi',
  'đã khởi động lại, hoạt động bình thường', 'tốc độ phản hồi chậm đầu ca, sau đó ổn định',
];
const GATES = ['cổng A', 'cổng B', 'làn xuất số 2', 'làn nhập số 1', 'bãi kiểm hóa', 'khu vực cân xe', 'barie ra'];
const PLATE_PREFIX = ['12C', '12H', '14C', '14H', '29H', '51D', '15C', '98C', '20C'];
const RECIPIENTS = [
  'Đội trưởng Đội Giám sát', 'Lãnh đạo Hải quan cửa khẩu', 'Đội Kiểm soát hải quan', 'Tổ giám sát bãi kiểm hóa',
  'Phó Đội trưởng Đội Nghiệp vụ', 'Tổ kỹ thuật máy soi', 'Công chức giám sát tại chỗ',
];
const REPORTING = ['Đội Giám sát', 'Đội Nghiệp vụ', 'Đội Kiểm soát hải quan', 'Tổ kỹ thuật', 'Bộ phận một cửa'];
const TAILS = [
  '', '', '', '', '; đã báo cáo lãnh đạo ca trực', '; ghi nhận vào sổ theo dõi', '; tiếp tục theo dõi trong ca',
  '; đã thông báo cho công chức giám sát tại chỗ', '; lưu hình ảnh camera làm căn cứ', '; phối hợp lực lượng Biên phòng cửa khẩu',
];

function plate(r: Rng): string {
  return `${pick(r, PLATE_PREFIX)}-${String(int(r, 0, 999)).padStart(3, '0')}.${String(int(r, 0, 99)).padStart(2, '0')}`;
}

/** One incident's shared context (its direction and result reuse it). */
interface Ctx {
  place: Place;
  unit: string | null;
  container: string;
  declaration: string;
  plate: string;
  goods: string;
  device: string;
  variant: number;
  taxCode: string | null;
}

function newCtx(r: Rng): Ctx {
  const place = pickPlace(r);
  return {
    place,
    unit: place.unit ?? 'KV06',
    container: demoContainer(r),
    declaration: demoDeclaration(r),
    plate: plate(r),
    goods: pick(r, GOODS),
    device: pick(r, DEVICES),
    variant: Math.floor(r() * 8),
    taxCode: r() < 0.35 ? demoTaxCode(r) : null,
  };
}

const emptyIds = (): Identifiers => emptyIdentifiers();

export interface GenEntry {
  kind: EntryKind;
  text: string;
  occurredAt: number;
  actor: string;
  details: Partial<EntryDetails>;
  identifiers: Partial<Identifiers>;
  /** Stream-local reference of this entry (for links), and of the entry it links to. */
  ref: number;
  linkRef: number | null;
}

function workText(r: Rng, at: number): { text: string; details: Partial<EntryDetails>; ids: Identifiers } {
  const p = pickPlace(r);
  const ids = emptyIds();
  let text: string;
  switch (Math.floor(r() * 10)) {
    case 0:
      text = `Giám sát trực tuyến hệ thống camera khu vực ${p.text}: làn xuất, làn nhập, bãi kiểm hóa; tình hình bình thường`;
      break;
    case 1:
      text = `Kiểm tra tình trạng hoạt động ${pick(r, DEVICES)} tại ${p.text}: ${pick(r, DEVICE_OK)}`;
      break;
    case 2:
      text = `Theo dõi ${int(r, 3, 60)} tờ khai phân luồng ${r() < 0.5 ? 'đỏ' : 'vàng'} trên địa bàn ${p.short}; đôn đốc kiểm tra thực tế đúng quy định`;
      break;
    case 3: {
      const c = demoContainer(r);
      ids.containers.push(c);
      text = `Giám sát hàng hóa vận chuyển chịu sự giám sát hải quan từ ${p.short} về ${pick(r, DESTINATIONS)}; ${int(r, 2, 40)} container gắn seal định vị, trong đó container ${c} đến đích đúng thời gian`;
      break;
    }
    case 4:
      text = `Kiểm tra ngẫu nhiên ${int(r, 5, 30)} tờ khai luồng xanh mở trong ca tại ${p.short}; không phát hiện dấu hiệu bất thường`;
      break;
    case 5: {
      const c = demoContainer(r);
      ids.containers.push(c);
      text = `Theo dõi container hàng tạm nhập tái xuất ${pick(r, GOODS)} lưu tại ${p.text}, container số ${c}; thời hạn lưu giữ còn ${int(r, 2, 25)} ngày`;
      break;
    }
    case 6: {
      const d = demoDeclaration(r);
      ids.declarations.push(d);
      text = `Đối chiếu dữ liệu cân xe tại ${p.short} với tờ khai số ${d}: trọng lượng phù hợp, chênh lệch dưới ${int(r, 1, 3)}%`;
      break;
    }
    case 7:
      text = `Giám sát phương tiện xuất nhập cảnh qua ${p.text}: ${int(r, 40, 900)} lượt xe, ${int(r, 20, 600)} container, ${int(r, 0, 40)} xe luồng vàng chờ soi`;
      break;
    case 8:
      text = p.airport
        ? `Giám sát khu vực soi chiếu hành lý hành khách xuất nhập cảnh tại ${p.text}: ${int(r, 3, 40)} chuyến bay, máy soi hành lý hoạt động bình thường`
        : `Giám sát trọng điểm theo hồ sơ số ${int(r, 1, 99)}/HSTĐ tại ${p.short}: theo dõi container hàng tạm nhập tái xuất`;
      break;
    default:
      text = `Theo dõi trạng thái kết nối máy soi container và cân xe tại ${p.text} lúc ${hhmm(at)}: ${pick(r, DEVICE_OK)}`;
  }
  const details: Partial<EntryDetails> = { place: p.text.charAt(0).toUpperCase() + p.text.slice(1) };
  if (p.unit) details.unitCode = p.unit;
  return { text: text + pick(r, TAILS), details, ids };
}

function incidentText(r: Rng, c: Ctx): { text: string; ids: Identifiers } {
  const ids = emptyIds();
  let text: string;
  switch (c.variant) {
    case 0:
      text = `Camera số ${int(r, 1, 48)} (${pick(r, GATES)}) phát hiện xe đầu kéo biển số ${c.plate} chở container ${c.container} rời bãi kiểm hóa ${c.place.short} khi chưa có quyết định thông quan`;
      ids.containers.push(c.container);
      ids.plates.push(c.plate);
      break;
    case 1:
      text = `Tờ khai số ${c.declaration} phân luồng đỏ, hàng khai báo là ${c.goods} nhưng hình ảnh máy soi container tại ${c.place.short} có dấu hiệu không phù hợp`;
      ids.declarations.push(c.declaration);
      ids.containers.push(c.container);
      break;
    case 2:
      text = `Mất tín hiệu seal định vị điện tử của container ${c.container} đang vận chuyển từ ${c.place.short} về ${pick(r, DESTINATIONS)}`;
      ids.containers.push(c.container);
      break;
    case 3:
      text = c.place.airport
        ? `Hành khách ${r() < 0.5 ? 'xuất' : 'nhập'} cảnh mang theo hành lý có dấu hiệu nghi vấn tại khu vực soi chiếu hành lý ${c.place.text}`
        : `Phát hiện phương tiện biển số ${c.plate} dừng đỗ bất thường trong khu vực giám sát hải quan ${c.place.text}`;
      if (!c.place.airport) ids.plates.push(c.plate);
      break;
    case 4:
      text = `Cân xe tại ${c.place.short} báo trọng lượng chênh lệch ${int(r, 6, 35)}% so với tờ khai số ${c.declaration}, xe biển số ${c.plate}`;
      ids.declarations.push(c.declaration);
      ids.plates.push(c.plate);
      break;
    case 5:
      text = `Máy soi container tại ${c.place.text} ngừng hoạt động, ${int(r, 3, 40)} container luồng vàng chờ soi chiếu`;
      break;
    case 6:
      text = `Container ${c.container} hàng tạm nhập tái xuất ${c.goods} quá thời hạn lưu giữ tại ${c.place.text}, tờ khai số ${c.declaration}`;
      ids.containers.push(c.container);
      ids.declarations.push(c.declaration);
      break;
    default:
      text = `Hệ thống cảnh báo tờ khai luồng vàng số ${c.declaration} khai báo ${c.goods} có trị giá thấp bất thường, hàng đang ở ${c.place.short}`;
      ids.declarations.push(c.declaration);
  }
  if (c.taxCode) ids.taxCodes.push(c.taxCode);
  return { text: text + pick(r, TAILS), ids };
}

function directionText(r: Rng, c: Ctx, at: number): { text: string; ids: Identifiers } {
  const ids = emptyIds();
  let text: string;
  switch (c.variant) {
    case 0:
    case 3:
      text = `Đề nghị dừng phương tiện biển số ${c.plate}, phối hợp kiểm tra thực tế hàng hóa qua camera và lực lượng tại chỗ ở ${c.place.short}`;
      ids.plates.push(c.plate);
      break;
    case 1:
    case 7:
      text = `Chỉ đạo chuyển luồng vàng sang luồng đỏ đối với tờ khai số ${c.declaration}, kiểm tra thực tế 100% lô hàng ${c.goods}`;
      ids.declarations.push(c.declaration);
      break;
    case 2:
      text = `Đôn đốc đơn vị cập nhật tình trạng seal định vị container ${c.container} và báo cáo trong ${pick(r, [15, 30, 45, 60])} phút`;
      ids.containers.push(c.container);
      break;
    case 5:
      text = `Yêu cầu bộ phận kỹ thuật khắc phục sự cố máy soi tại ${c.place.short}, tạm thời chuyển kiểm tra thủ công đối với container luồng vàng`;
      break;
    default:
      text = `Yêu cầu ${c.place.unit ? 'Hải quan ' + c.place.short : 'đơn vị'} kiểm tra, xác minh ngay và báo cáo kết quả về Trực ban trước ${hhmm(at + 3600_000)}`;
  }
  return { text, ids };
}

function resultText(r: Rng, c: Ctx, at: number): { text: string; ids: Identifiers } {
  const ids = emptyIds();
  let text: string;
  const violation = r() < 0.25;
  switch (c.variant) {
    case 2:
      text = `Seal định vị kết nối lại lúc ${hhmm(at - int(r, 5, 40) * 60_000)}; hành trình container ${c.container} bình thường, không có dấu hiệu can thiệp`;
      ids.containers.push(c.container);
      break;
    case 3:
      text = c.place.airport
        ? violation
          ? `Hành lý của hành khách có ${c.goods} không khai báo, đã tạm giữ và bàn giao Đội Kiểm soát hải quan xử lý`
          : 'Đã kiểm tra hành lý của hành khách, hàng hóa là đồ dùng cá nhân, không có vi phạm'
        : 'Đơn vị đã kiểm tra, xác định phương tiện dừng chờ làm thủ tục theo hướng dẫn của công chức giám sát; không có vi phạm';
      break;
    case 5:
      text = `Máy soi hoạt động trở lại lúc ${hhmm(at - int(r, 5, 60) * 60_000)}; các container tồn đã được soi chiếu, không phát hiện bất thường`;
      break;
    default:
      if (violation) {
        text = `Kiểm tra thực tế tờ khai số ${c.declaration} phát hiện ${c.goods} không khai báo, số lượng ${int(r, 2, 400)} kiện; đã tạm dừng thông quan, lập biên bản vi phạm và chuyển Đội Kiểm soát xử lý`;
        ids.declarations.push(c.declaration);
      } else {
        text = `Đơn vị đã kiểm tra, xác định hàng hóa container ${c.container} phù hợp khai báo; phương tiện di chuyển theo hướng dẫn của công chức giám sát, không có vi phạm`;
        ids.containers.push(c.container);
      }
  }
  return { text, ids };
}

function noteText(r: Rng, at: number, kind: 'open' | 'close' | 'other'): { text: string; details: Partial<EntryDetails> } {
  if (kind === 'open') return { text: `Nhận ca lúc 08:00; kíp trực ${int(r, 4, 7)} người, sổ sách và thiết bị đầy đủ, hệ thống camera hoạt động bình thường`, details: {} };
  if (kind === 'close') return { text: 'Bàn giao ca lúc 08:00 đầy đủ sổ sách, thiết bị; các vụ việc chưa có kết quả đã ghi vào sổ theo dõi', details: {} };
  const p = pickPlace(r);
  switch (Math.floor(r() * 5)) {
    case 0:
      return { text: `Đường truyền tại ${p.short} chập chờn từ ${hhmm(at - 40 * 60_000)} đến ${hhmm(at)}, đã báo đơn vị quản lý`, details: p.unit ? { unitCode: p.unit } : {} };
    case 1:
      return { text: `Mất điện lưới tại ${p.text} ${int(r, 5, 90)} phút, máy phát dự phòng hoạt động, camera không gián đoạn`, details: {} };
    case 2:
      return { text: `Đã tiếp nhận công văn số ${int(r, 100, 9999)}/HQKV6-GSQL về tăng cường kiểm tra hàng tạm nhập tái xuất, chuyển các đội thực hiện`, details: { unitCode: 'KV06' } };
    case 3:
      return { text: `Lãnh đạo Chi cục kiểm tra công tác trực ban lúc ${hhmm(at)}; ca trực chấp hành đúng quy chế`, details: {} };
    default:
      return { text: `Thời tiết mưa lớn, tầm nhìn camera khu vực ${p.short} hạn chế từ ${hhmm(at)}`, details: {} };
  }
}

const SHIFT_MS = 86_400_000;
/** 2025-04-01 08:00 (UTC+7): after the org catalog's validity start (2025-03-15). */
export const STREAM_START = Date.UTC(2025, 3, 1, 1, 0, 0);
export const STREAM_SHIFTS = 3 * 365 + 1;

export interface People {
  officers: [string, string][]; // per team: two surveillance officers
  leaders: string[]; // per team
  office: string;
}

/** Fewest entries per shift: below it a shift cannot hold the kinds in their proportions. */
const MIN_PER_SHIFT = 12;

/**
 * Infinite stream: `perShift(k)` entries in shift k. With `total` entries spread over
 * STREAM_SHIFTS shifts (~3 years; fewer for small totals, so a shift keeps ≥ 12 entries),
 * shifts after the last keep the same density.
 */
export class EntryStream {
  private readonly r: Rng;
  private shift = 0;
  private queue: GenEntry[] = [];
  private nextRef = 1;
  /** Shifts the `total` entries are spread over. */
  readonly shifts: number;

  constructor(
    seed: number,
    private readonly total: number,
    private readonly people: People,
  ) {
    this.r = mulberry32(seed);
    this.shifts = Math.min(STREAM_SHIFTS, Math.max(1, Math.ceil(total / MIN_PER_SHIFT)));
  }

  private perShift(k: number): number {
    const f = (i: number) => Math.floor((i * this.total) / this.shifts);
    return f(k + 1) - f(k);
  }

  next(): GenEntry {
    while (this.queue.length === 0) this.fillShift();
    return this.queue.shift()!;
  }

  private fillShift(): void {
    const r = this.r;
    const k = this.shift++;
    const m = this.perShift(k);
    if (m === 0) return;
    const start = STREAM_START + k * SHIFT_MS;
    const team = k % 2;
    const officers = this.people.officers[team]!;
    const leader = this.people.leaders[team]!;
    const officer = () => officers[r() < 0.5 ? 0 : 1]!;
    const items: GenEntry[] = [];
    const add = (e: Omit<GenEntry, 'ref'>): GenEntry => {
      const g = { ...e, ref: this.nextRef++ };
      items.push(g);
      return g;
    };
    // shift opening and closing notes
    let left = m;
    if (left > 0) {
      const t = start + int(r, 1, 10) * 60_000;
      const n = noteText(r, t, 'open');
      add({ kind: 'note', text: n.text, occurredAt: t, actor: leader, details: n.details, identifiers: {}, linkRef: null });
      left--;
    }
    if (left > 0) {
      const t = start + SHIFT_MS - int(r, 3, 15) * 60_000;
      const n = noteText(r, t, 'close');
      add({ kind: 'note', text: n.text, occurredAt: t, actor: leader, details: n.details, identifiers: {}, linkRef: null });
      left--;
    }
    const nInc = Math.min(Math.floor(left / 3), Math.round(m * 0.16));
    for (let i = 0; i < nInc; i++) {
      const c = newCtx(r);
      const t = start + Math.floor((0.02 + r() * 0.83) * SHIFT_MS);
      const inc = incidentText(r, c);
      const incDetails: Partial<EntryDetails> = {
        arisenAt: t - int(r, 1, 15) * 60_000,
        receivedAt: t,
        place: c.place.text.charAt(0).toUpperCase() + c.place.text.slice(1),
      };
      if (c.unit) incDetails.unitCode = c.unit;
      const g = add({ kind: 'incident', text: inc.text, occurredAt: t, actor: officer(), details: incDetails, identifiers: inc.ids, linkRef: null });
      left--;
      if (r() < 0.94) {
        const td = t + int(r, 3, 20) * 60_000;
        const dir = directionText(r, c, td);
        const dd: Partial<EntryDetails> = { form: pick(r, ['phone', 'phone', 'phone', 'fax', 'document', 'email'] as DirectionForm[]), recipient: pick(r, RECIPIENTS) };
        if (c.unit) dd.recipientUnitCode = c.unit;
        const gd = add({ kind: 'direction', text: dir.text, occurredAt: td, actor: leader, details: dd, identifiers: dir.ids, linkRef: g.ref });
        left--;
        if (r() < 0.9) {
          const tr = td + int(r, 15, 150) * 60_000;
          const res = resultText(r, c, tr);
          const rd: Partial<EntryDetails> = { reportedAt: tr, reportingUnit: pick(r, REPORTING) };
          if (c.unit) rd.reportingUnitCode = c.unit;
          add({ kind: 'result', text: res.text, occurredAt: tr, actor: officer(), details: rd, identifiers: res.ids, linkRef: gd.ref });
          left--;
        }
      }
    }
    const nNotes = Math.min(left, Math.max(0, Math.round(m * 0.105) - 2));
    for (let i = 0; i < nNotes; i++) {
      const t = start + Math.floor((0.01 + r() * 0.97) * SHIFT_MS);
      const n = noteText(r, t, 'other');
      add({ kind: 'note', text: n.text, occurredAt: t, actor: r() < 0.5 ? this.people.office : officer(), details: n.details, identifiers: {}, linkRef: null });
      left--;
    }
    while (left > 0) {
      const t = start + Math.floor((0.005 + r() * 0.985) * SHIFT_MS);
      const w = workText(r, t);
      add({ kind: 'work', text: w.text, occurredAt: t, actor: officer(), details: w.details, identifiers: w.ids, linkRef: null });
      left--;
    }
    // stable sort by time: links always point backwards (direction > incident + 3 min, result > direction + 15 min)
    items.sort((a, b) => a.occurredAt - b.occurredAt);
    this.queue = items;
  }
}
