/**
 * The station's TLS material for its LAN listener (docs/security.md, "The LAN listener"):
 * an ECDSA P-256 key and a self-signed X.509 certificate (10 years; SubjectAltNames: the
 * configured host addresses, `localhost`, 127.0.0.1), made with node's WebCrypto for the key
 * and pkijs/asn1js for the certificate (node's crypto can make keys but not certificates;
 * docs/architecture.md, "Devices and the LAN"). Stored beside the database:
 * `<db>.tls/key.pem` (0600) and `<db>.tls/cert.pem` (0644), the folder 0700. An administrator
 * may replace both with a certificate of the unit's PKI (`trucban tls import`), checked here:
 * the key must sign what the certificate's public key verifies, and today must be within the
 * certificate's validity.
 */
import fs from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { X509Certificate, createPrivateKey, createPublicKey, randomBytes, sign, verify, webcrypto } from 'node:crypto';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { AppError } from '../../src-shared/errors';

export interface TlsMaterial {
  key: string;
  cert: string;
  /** SHA-256 of the certificate's DER, uppercase hex pairs joined by ':' (Node's fingerprint256). */
  fingerprint: string;
  /** The certificate's validity, epoch ms. */
  validFrom: number;
  validTo: number;
  /** The SubjectAltNames, as Node prints them (`DNS:localhost, IP Address:127.0.0.1`). */
  subjectAltName: string;
}

/** Where a database's TLS material lives. */
export function tlsDir(dbPath: string): string {
  return `${path.resolve(dbPath)}.tls`;
}

const YEAR_MS = 365 * 24 * 3600 * 1000;
/** The certificate a station makes itself is valid this long. */
export const STATION_CERT_YEARS = 10;

let engineSet = false;
function engine(): void {
  if (engineSet) return;
  pkijs.setEngine('node', new pkijs.CryptoEngine({ name: 'node', crypto: webcrypto as unknown as ConstructorParameters<typeof pkijs.CryptoEngine>[0]['crypto'] }));
  engineSet = true;
}

const pem = (label: string, der: ArrayBuffer | Buffer): string => {
  const b64 = Buffer.from(der instanceof ArrayBuffer ? new Uint8Array(der) : der).toString('base64');
  return `-----BEGIN ${label}-----\n${b64.replace(/.{1,64}/g, '$&\n')}-----END ${label}-----\n`;
};

/** The host names and addresses the certificate names: the configured ones, localhost, 127.0.0.1. */
export function certNames(hosts: readonly string[]): { dns: string[]; ips: string[] } {
  const dns = new Set<string>(['localhost']);
  const ips = new Set<string>(['127.0.0.1']);
  for (const raw of hosts) {
    const h = raw.trim().replace(/^\[|\]$/g, '');
    if (!h || h === '0.0.0.0' || h === '::') continue;
    if (net.isIP(h)) ips.add(h);
    else if (/^[A-Za-z0-9.-]{1,253}$/.test(h)) dns.add(h.toLowerCase());
  }
  return { dns: [...dns], ips: [...ips] };
}

function ipBytes(ip: string): ArrayBuffer {
  if (net.isIPv4(ip)) return new Uint8Array(ip.split('.').map(Number)).buffer;
  // IPv6: expand '::' and write 8 groups of 16 bits
  const [head, tail] = ip.includes('::') ? ip.split('::') : [ip, undefined];
  const h = head ? head.split(':') : [];
  const t = tail !== undefined && tail !== '' ? tail.split(':') : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(8 - h.length - t.length).fill('0'), ...t];
  const out = new Uint8Array(16);
  groups.forEach((g, i) => {
    const v = parseInt(g || '0', 16);
    out[i * 2] = v >> 8;
    out[i * 2 + 1] = v & 0xff;
  });
  return out.buffer;
}

/** Makes a new ECDSA P-256 key and a self-signed certificate naming `hosts` (and localhost, 127.0.0.1). */
export async function createStationTls(hosts: readonly string[], o: { commonName?: string; now?: number } = {}): Promise<{ key: string; cert: string }> {
  engine();
  const subtle = webcrypto.subtle;
  const keys = (await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const now = o.now ?? Date.now();
  const cert = new pkijs.Certificate();
  cert.version = 2;
  const serial = randomBytes(16);
  // DER INTEGER: positive (top bit clear) and minimal (a first byte of 0 would be a redundant
  // leading zero, which X.509 parsers refuse): the first byte is kept in 0x40–0x7f
  serial[0] = (serial[0]! & 0x3f) | 0x40;
  cert.serialNumber = new asn1js.Integer({ valueHex: new Uint8Array(serial).buffer });
  const cn = (o.commonName ?? 'Trực ban station').slice(0, 64);
  const name = () => {
    const n = new pkijs.RelativeDistinguishedNames();
    n.typesAndValues.push(new pkijs.AttributeTypeAndValue({ type: '2.5.4.3', value: new asn1js.Utf8String({ value: cn }) }));
    return n;
  };
  cert.issuer = name();
  cert.subject = name();
  // a minute back, so a client whose clock is a little behind still accepts it
  cert.notBefore.value = new Date(now - 60_000);
  cert.notAfter.value = new Date(now + STATION_CERT_YEARS * YEAR_MS);
  const { dns, ips } = certNames(hosts);
  const altNames = new pkijs.GeneralNames({
    names: [
      ...dns.map((d) => new pkijs.GeneralName({ type: 2, value: d })),
      ...ips.map((ip) => new pkijs.GeneralName({ type: 7, value: new asn1js.OctetString({ valueHex: ipBytes(ip) }) })),
    ],
  });
  cert.extensions = [
    new pkijs.Extension({ extnID: '2.5.29.17', critical: false, extnValue: altNames.toSchema().toBER(false) }),
    new pkijs.Extension({ extnID: '2.5.29.19', critical: true, extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false) }),
  ];
  await cert.subjectPublicKeyInfo.importKey(keys.publicKey);
  await cert.sign(keys.privateKey, 'SHA-256');
  const der = cert.toSchema(true).toBER(false);
  const pkcs8 = await subtle.exportKey('pkcs8', keys.privateKey);
  return { key: pem('PRIVATE KEY', pkcs8), cert: pem('CERTIFICATE', der) };
}

/**
 * Checks that `key` and `cert` belong together and that the certificate is valid at `now`;
 * answers the material with its fingerprint. Throws `tls_invalid` (with the reason) otherwise.
 */
export function checkTls(key: string, cert: string, now = Date.now()): TlsMaterial {
  let x: X509Certificate;
  try {
    x = new X509Certificate(cert);
  } catch {
    throw new AppError('tls_invalid', 'the certificate cannot be read (PEM X.509 expected)', { params: { reason: 'certificate unreadable' } });
  }
  let priv;
  try {
    priv = createPrivateKey(key);
  } catch {
    throw new AppError('tls_invalid', 'the private key cannot be read (PEM expected, not encrypted)', { params: { reason: 'key unreadable' } });
  }
  // the key must sign what the certificate's public key verifies
  const probe = randomBytes(32);
  let matches = false;
  try {
    const pub = createPublicKey(x.publicKey.export({ format: 'pem', type: 'spki' }));
    const algo = priv.asymmetricKeyType === 'ed25519' || priv.asymmetricKeyType === 'ed448' ? null : 'sha256';
    const sig = sign(algo, probe, priv);
    matches = verify(algo, probe, pub, sig);
  } catch {
    matches = false;
  }
  if (!matches) throw new AppError('tls_invalid', 'the private key does not match the certificate', { params: { reason: 'key does not match certificate' } });
  const validFrom = Date.parse(x.validFrom);
  const validTo = Date.parse(x.validTo);
  if (!(validFrom <= now)) throw new AppError('tls_invalid', `the certificate is not valid before ${x.validFrom}`, { params: { reason: `not valid before ${x.validFrom}` } });
  if (!(now <= validTo)) throw new AppError('tls_invalid', `the certificate expired on ${x.validTo}`, { params: { reason: `expired ${x.validTo}` } });
  return { key, cert, fingerprint: x.fingerprint256, validFrom, validTo, subjectAltName: x.subjectAltName ?? '' };
}

/** The stored material of a database, checked; null when there is none yet. */
export function readStationTls(dbPath: string, now = Date.now()): TlsMaterial | null {
  const dir = tlsDir(dbPath);
  const keyFile = path.join(dir, 'key.pem');
  const certFile = path.join(dir, 'cert.pem');
  if (!fs.existsSync(keyFile) && !fs.existsSync(certFile)) return null;
  let key: string;
  let cert: string;
  try {
    key = fs.readFileSync(keyFile, 'utf8');
    cert = fs.readFileSync(certFile, 'utf8');
  } catch {
    throw new AppError('tls_invalid', `the station's TLS files in ${dir} cannot be read`, { params: { reason: 'files unreadable' } });
  }
  return checkTls(key, cert, now);
}

/** Writes the material (folder 0700, key 0600, certificate 0644), each file replaced atomically. */
export function writeStationTls(dbPath: string, key: string, cert: string): void {
  const dir = tlsDir(dbPath);
  fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  fs.chmodSync(dir, 0o700);
  const put = (name: string, text: string, mode: number) => {
    const tmp = path.join(dir, `.${name}.${process.pid}.tmp`);
    fs.writeFileSync(tmp, text, { mode });
    fs.chmodSync(tmp, mode);
    fs.renameSync(tmp, path.join(dir, name));
  };
  put('key.pem', key, 0o600);
  put('cert.pem', cert, 0o644);
}

/** The station's material: read when present (and checked), else made for `hosts` and stored. */
export async function ensureStationTls(dbPath: string, hosts: readonly string[], now = Date.now()): Promise<TlsMaterial & { created: boolean }> {
  const have = readStationTls(dbPath, now);
  if (have) return { ...have, created: false };
  const made = await createStationTls(hosts, { now });
  writeStationTls(dbPath, made.key, made.cert);
  return { ...checkTls(made.key, made.cert, now), created: true };
}

/** `tls import`: checks the pair, then replaces the station's material with it. */
export function importStationTls(dbPath: string, keyPem: string, certPem: string, now = Date.now()): TlsMaterial {
  const m = checkTls(keyPem, certPem, now);
  writeStationTls(dbPath, keyPem, certPem);
  return m;
}

/** The SHA-256 fingerprint of a PEM certificate (Node's fingerprint256). */
export function certFingerprint(certPem: string): string {
  return new X509Certificate(certPem).fingerprint256;
}
