/**
 * The machines of a duty room. The station holds the database; other installations join it
 * over the LAN as paired devices (docs/architecture.md, "Devices and the LAN").
 */

/** What a paired device may be: an officer's workstation (full UI for the officer's roles) or a wall PC (video wall and presets only). */
export type DeviceRole = 'workstation' | 'wall';

export const DEVICE_ROLES: readonly DeviceRole[] = ['workstation', 'wall'];

/** The paired device a session runs on; `null` in AppStatus means the station's own screen. */
export interface DeviceInfo {
  id: string;
  name: string;
  role: DeviceRole;
}
