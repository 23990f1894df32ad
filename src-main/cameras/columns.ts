/**
 * The one map from a camera's field to its column name (snake_case), shared by the `cameras`
 * table and the CSV import format. A whitelist: event payloads and CSV headers never name SQL.
 */
export const CAMERA_FIELD_COLUMNS = {
  number: 'number',
  name: 'name',
  siteType: 'site_type',
  siteName: 'site_name',
  zone: 'zone',
  unitCode: 'unit_code',
  mainUrl: 'main_url',
  subUrl: 'sub_url',
  /** CSV only: credentials live in camera_secrets, never in the projection. */
  username: 'username',
  /** CSV only, as username. */
  password: 'password',
  mapNote: 'map_note',
  neighbours: 'neighbours',
  recognition: 'recognition',
  /** Table only: the CSV has no active column. */
  active: 'active',
} as const;

export type CameraField = keyof typeof CAMERA_FIELD_COLUMNS;
