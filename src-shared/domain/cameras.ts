/**
 * Camera registry (docs/regulation.md §7, Đ14). Pure TypeScript: no Node, DOM or Electron.
 *
 * Credentials are local secrets: a `Camera` carries whether an account is stored, never the
 * account name or the password. Stream URLs are kept without credentials (a credential query
 * parameter keeps its place with the value `***`).
 */

/** Kinds of place a camera watches (Hải quan cửa khẩu / ngoài cửa khẩu, xe chỉ huy cơ động). */
export const SITE_TYPES = ['road_border_gate', 'seaport', 'airport', 'inland_office', 'mobile_command_vehicle'] as const;
export type SiteType = (typeof SITE_TYPES)[number];

export interface Label {
  vi: string;
  en: string;
}

export const SITE_TYPE_LABELS: Record<SiteType, Label> = {
  road_border_gate: { vi: 'Cửa khẩu đường bộ', en: 'Road border gate' },
  seaport: { vi: 'Cảng biển', en: 'Seaport' },
  airport: { vi: 'Cảng hàng không quốc tế', en: 'International airport' },
  inland_office: { vi: 'Hải quan ngoài cửa khẩu', en: 'Inland customs office' },
  mobile_command_vehicle: { vi: 'Xe chỉ huy cơ động', en: 'Mobile command vehicle' },
};

export interface ZoneDef extends Label {
  /** Stable key stored with the camera (unique within its site type). */
  id: string;
}

/**
 * The natural zones of the camera tree per site type (docs/regulation.md §7, Đ14): what the officers
 * watch at each kind of site, in the order the tree lists them.
 */
export const ZONES_BY_SITE: Record<SiteType, readonly ZoneDef[]> = {
  road_border_gate: [
    { id: 'procedure_area', vi: 'Khu vực làm thủ tục hải quan', en: 'Customs procedure area' },
    { id: 'passengers_baggage', vi: 'Khu vực hành khách, hành lý', en: 'Passengers and baggage' },
    { id: 'entry_exit_lanes', vi: 'Làn xuất cảnh, nhập cảnh', en: 'Entry and exit lanes' },
    { id: 'vehicle_yards', vi: 'Bãi đỗ phương tiện', en: 'Vehicle yards' },
    { id: 'goods_inspection', vi: 'Khu vực kiểm tra hàng hóa', en: 'Goods inspection area' },
  ],
  seaport: [
    { id: 'procedure_area', vi: 'Khu vực làm thủ tục hải quan', en: 'Customs procedure area' },
    { id: 'quays_loading', vi: 'Cầu cảng, khu vực xếp dỡ', en: 'Quays and loading' },
    { id: 'yards_warehouses', vi: 'Bãi, kho hàng hóa', en: 'Yards and warehouses' },
    { id: 'port_gates', vi: 'Cổng cảng', en: 'Port gates' },
    { id: 'inspection_area', vi: 'Khu vực kiểm tra hàng hóa', en: 'Inspection area' },
  ],
  airport: [
    { id: 'apron_jet_bridges', vi: 'Sân đỗ tàu bay, ống lồng', en: 'Apron and jet bridges' },
    { id: 'isolation_duty_free', vi: 'Khu cách ly, cửa hàng miễn thuế', en: 'Isolation and duty-free areas' },
    { id: 'checkin_baggage_screening', vi: 'Khu làm thủ tục, soi chiếu hành lý', en: 'Check-in and baggage screening' },
    { id: 'arrivals_baggage_claim', vi: 'Sảnh đến, băng chuyền trả hành lý', en: 'Arrivals and baggage claim' },
    { id: 'exit_control', vi: 'Khu vực kiểm soát cửa ra', en: 'Exit control' },
    { id: 'cargo_loading', vi: 'Nhà ga hàng hóa: khu vực bốc xếp', en: 'Cargo terminal: loading' },
    { id: 'cargo_warehouse', vi: 'Nhà ga hàng hóa: kho hàng', en: 'Cargo terminal: warehouse' },
    { id: 'cargo_scanners', vi: 'Nhà ga hàng hóa: máy soi', en: 'Cargo terminal: scanners' },
    { id: 'cargo_gates', vi: 'Nhà ga hàng hóa: cổng ra vào', en: 'Cargo terminal: gates' },
    { id: 'cargo_inspection', vi: 'Nhà ga hàng hóa: khu vực kiểm tra', en: 'Cargo terminal: inspection' },
  ],
  inland_office: [
    { id: 'procedure_area', vi: 'Khu vực làm thủ tục hải quan', en: 'Customs procedure area' },
    { id: 'gates', vi: 'Cổng ra vào', en: 'Gates' },
    { id: 'yards_warehouses', vi: 'Bãi, kho hàng hóa', en: 'Yards and warehouses' },
    { id: 'scanners', vi: 'Khu vực máy soi', en: 'Scanners' },
    { id: 'inspection_area', vi: 'Khu vực kiểm tra hàng hóa', en: 'Inspection area' },
  ],
  mobile_command_vehicle: [
    { id: 'field_scene', vi: 'Hiện trường', en: 'Field scene' },
    { id: 'vehicle_mast', vi: 'Camera cột trên xe', en: 'Vehicle mast camera' },
    { id: 'portable', vi: 'Camera cơ động, cầm tay', en: 'Portable camera' },
    { id: 'vehicle_interior', vi: 'Trong xe chỉ huy', en: 'Inside the command vehicle' },
  ],
};

/** The zone definition of `zone` for this site type, or null when the zone does not belong to it. */
export function zoneOf(siteType: SiteType, zone: string): ZoneDef | null {
  return ZONES_BY_SITE[siteType].find((z) => z.id === zone) ?? null;
}

/** The name of a camera's zone in `lang`; a zone that is not one of the site type's is shown as stored. */
export function zoneName(siteType: SiteType, zone: string, lang: 'vi' | 'en' = 'vi'): string {
  return zoneOf(siteType, zone)?.[lang] ?? zone;
}

/**
 * Where a camera is, as one line for logbook entries, snapshots and incident places:
 * "site — zone" with the zone's name in `lang` (a zone that is not one of the site type's is
 * shown as stored).
 */
export function cameraPlace(cam: { siteName: string; siteType: SiteType; zone: string }, lang: 'vi' | 'en' = 'vi'): string {
  return [cam.siteName, zoneName(cam.siteType, cam.zone, lang)].filter(Boolean).join(' — ');
}

export interface Camera {
  id: string;
  /** Camera number as on the managing unit's camera map; positive, unique per station. */
  number: number;
  name: string;
  siteType: SiteType;
  /** The site, e.g. "Cửa khẩu quốc tế Hữu Nghị". */
  siteName: string;
  /** A zone id of ZONES_BY_SITE[siteType]. */
  zone: string;
  /** Managing unit (organisation catalog code). */
  unitCode: string;
  /** RTSP(S) main stream, WITHOUT credentials. */
  mainUrl: string;
  /** RTSP(S) sub stream (grid tiles), WITHOUT credentials; null = use the main stream. */
  subUrl: string | null;
  /**
   * True when credentials (account, password or token) are stored locally for this camera.
   * The credentials themselves never leave the main process: no reply carries the account name
   * or the password (docs/security.md, “Secrets stay secret”).
   */
  hasCredentials: boolean;
  /** Preset angle and zoom as in the managing unit's camera map (Đ14). */
  mapNote: string;
  /** Numbers of neighbouring cameras, used to clarify what one camera shows. */
  neighbours: number[];
  /** Recognition camera (licence plates / container numbers). */
  recognition: boolean;
  active: boolean;
  updatedAt: number;
}

/** Health of a camera's stream, as published by the video engine. */
export const CAMERA_HEALTH_STATES = ['online', 'unstable', 'no_signal', 'offline', 'unauthorised'] as const;
export type CameraHealthState = (typeof CAMERA_HEALTH_STATES)[number];

export interface CameraHealth {
  state: CameraHealthState;
  /** Why (English detail for logs, e.g. "no frames for 5 s"); null when online. */
  reason: string | null;
  /** Since when the camera is in this state (epoch ms). */
  since: number;
}

export const CAMERA_HEALTH_LABELS: Record<CameraHealthState | 'unknown', Label> = {
  online: { vi: 'Hoạt động bình thường', en: 'Online' },
  unstable: { vi: 'Tín hiệu chập chờn', en: 'Unstable signal' },
  no_signal: { vi: 'Mất tín hiệu', en: 'No signal' },
  offline: { vi: 'Mất kết nối', en: 'Offline' },
  unauthorised: { vi: 'Sai thông tin đăng nhập camera', en: 'Camera refused the credentials' },
  unknown: { vi: 'Chưa rõ trạng thái', en: 'Status unknown' },
};

/** Cameras per health state in a tree node ('unknown' = no health published yet). */
export type HealthCounts = Record<CameraHealthState | 'unknown', number>;

/** A camera as shown in the tree; `health` is null until the video engine reports. */
export interface CameraTreeItem extends Camera {
  health: CameraHealth | null;
}

export interface CameraTreeZone {
  zone: string;
  label: Label;
  counts: HealthCounts;
  cameras: CameraTreeItem[];
}

export interface CameraTreeSite {
  siteType: SiteType;
  siteName: string;
  counts: HealthCounts;
  zones: CameraTreeZone[];
}

export interface CameraTreeUnit {
  unitCode: string;
  /** Unit name from the organisation catalog today (the code when the catalog does not know it). */
  unitName: string;
  unitShortName: string;
  counts: HealthCounts;
  sites: CameraTreeSite[];
}

/** Result of a camera CSV import (all rows or none). */
export interface CameraImportResult {
  registered: number;
  updated: number;
  unchanged: number;
}
