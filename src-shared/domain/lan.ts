/**
 * The station's LAN access setting and the listener's state (docs/architecture.md, "Devices
 * and the LAN": the LAN listener as a station setting).
 */

/** What the administrator chose: on/off, the addresses to bind, the port. */
export interface LanSetting {
  enabled: boolean;
  /**
   * The addresses to bind, each one of this machine's own interfaces; `0.0.0.0` (every IPv4
   * interface) only when the administrator explicitly chose "all interfaces".
   */
  hosts: string[];
  port: number;
}

/** The LAN listener's port when none is chosen. */
export const DEFAULT_LAN_PORT = 8443;

/** The wildcard an administrator may choose explicitly ("all interfaces"). */
export const ALL_INTERFACES = '0.0.0.0';

export const DEFAULT_LAN_SETTING: LanSetting = { enabled: false, hosts: [], port: DEFAULT_LAN_PORT };

/** One address of one of the station machine's interfaces (os.networkInterfaces()). */
export interface LanInterface {
  name: string;
  address: string;
  family: 'IPv4' | 'IPv6';
  internal: boolean;
  /** The interface's network (`127.0.0.1/8`), when the OS tells it. */
  cidr?: string;
}

/**
 * The listener as it is now: off; listening on these URLs; or failed with an error code (its
 * text in the contract's errors) and, when known, the address that failed.
 */
export type LanState =
  | { status: 'off' }
  | { status: 'starting' }
  | { status: 'listening'; urls: string[] }
  | { status: 'error'; code: string; host?: string; port?: number; reason?: string };

/** What Settings shows: the setting, where it comes from, the state, the fingerprint, the interfaces. */
export interface LanView {
  setting: LanSetting;
  /** 'command-line': `serve --lan --host/--port` override the stored setting while that process runs. */
  source: 'setting' | 'command-line';
  state: LanState;
  /** The station certificate's SHA-256 fingerprint (null before LAN access was first enabled). */
  fingerprint: string | null;
  interfaces: LanInterface[];
  /** Changes apply on this screen only: false on a paired device (it would cut itself off). */
  canChange: boolean;
}
