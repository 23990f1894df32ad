/**
 * TLS to the station with a pinned certificate (docs/security.md, "Clients of a station"). The
 * station's certificate is self-signed, so it is not checked against a CA: the client connects
 * with `rejectUnauthorized: false` and compares the peer certificate's SHA-256 fingerprint with
 * the one pinned at pairing on `secureConnect`. Only then is the socket handed to the HTTP/WS
 * request, so not one byte of the device credential (an `Authorization` header) is written to a
 * machine that is not the station; a mismatch is `station_cert_mismatch`.
 */
import https from 'node:https';
import tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { AppError } from '../../src-shared/errors';

/** How long a TLS connection may take to be established (TCP + handshake). */
export const CONNECT_TIMEOUT_MS = 5_000;

export function certMismatch(observed: string | undefined): AppError {
  return new AppError('station_cert_mismatch', `the station presented certificate ${observed ?? '(none)'}, not the pinned one`, {
    params: { observed: observed ?? '—' },
  });
}

/**
 * Opens a TLS socket to host:port and calls back only once the peer's fingerprint has been
 * checked (`expected` null: any certificate, the caller reads `fingerprint256` itself: pairing).
 */
export function connectPinned(
  options: tls.ConnectionOptions & { host?: string; port?: number },
  expected: string | null,
  cb: (err: Error | null, socket?: tls.TLSSocket) => void,
): void {
  let done = false;
  const finish = (err: Error | null, s?: tls.TLSSocket) => {
    if (done) return;
    done = true;
    clearTimeout(timer);
    cb(err, s);
  };
  const host = options.host ?? 'localhost';
  const sock = tls.connect({
    ...options,
    host,
    rejectUnauthorized: false,
    // SNI only for names (an IP address in servername is refused by Node)
    ...(/^[\d.]+$|:/.test(host) ? {} : { servername: host }),
  });
  const timer = setTimeout(() => {
    sock.destroy();
    finish(new AppError('station_unreachable', `no TLS connection to ${host} within ${CONNECT_TIMEOUT_MS} ms`, { params: { station: host } }));
  }, CONNECT_TIMEOUT_MS);
  timer.unref();
  sock.once('error', (e) => finish(e));
  sock.once('secureConnect', () => {
    const fp = sock.getPeerCertificate()?.fingerprint256;
    if (expected !== null && fp !== expected) {
      sock.destroy();
      finish(certMismatch(fp));
      return;
    }
    sock.removeAllListeners('error');
    sock.on('error', () => {}); // later errors surface on the request using the socket
    finish(null, sock);
  });
}

/**
 * An https.Agent whose every connection is pinned: the request (and its headers) are written
 * only to a socket whose certificate has the pinned fingerprint. Use with `https.request` and
 * with `ws` (`new WebSocket(url, { agent })`).
 */
export class PinnedAgent extends https.Agent {
  constructor(readonly fingerprint: string) {
    super({ keepAlive: false });
  }

  override createConnection(options: tls.ConnectionOptions, cb?: (err: Error | null, socket: Duplex) => void): Duplex {
    connectPinned(options as tls.ConnectionOptions & { host?: string; port?: number }, this.fingerprint, (err, s) => cb?.(err, s as Duplex));
    // Node's Agent waits for the callback when createConnection returns nothing
    return undefined as unknown as Duplex;
  }
}

/** The fingerprint the server at host:port presents (pairing: what the officer is about to trust). */
export function observeFingerprint(host: string, port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    connectPinned({ host, port }, null, (err, s) => {
      if (err || !s) return reject(err ?? new Error('no socket'));
      const fp = s.getPeerCertificate()?.fingerprint256;
      s.destroy();
      if (!fp) reject(new AppError('pair_failed', 'the station presented no certificate', { params: { reason: 'no certificate' } }));
      else resolve(fp);
    });
  });
}

/** Largest JSON body read from the station's HTTP endpoints. */
const MAX_BODY = 64 * 1024;

/** One JSON request over a pinned agent: status and parsed body (null when not JSON). */
export function requestJson(
  url: URL,
  o: { agent: https.Agent; method?: string; body?: unknown; headers?: Record<string, string>; timeoutMs?: number },
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const data = o.body === undefined ? undefined : Buffer.from(JSON.stringify(o.body));
    const req = https.request(
      url,
      {
        method: o.method ?? 'GET',
        agent: o.agent,
        headers: { ...(data ? { 'content-type': 'application/json', 'content-length': String(data.length) } : {}), ...o.headers },
        timeout: o.timeoutMs ?? 10_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          size += c.length;
          if (size > MAX_BODY) {
            req.destroy(new AppError('pair_failed', 'the station answered too much', { params: { reason: 'answer too large' } }));
            return;
          }
          chunks.push(c);
        });
        res.on('end', () => {
          let body: unknown = null;
          try {
            body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
          } catch {
            body = null;
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new AppError('station_unreachable', 'the station did not answer in time', { params: { station: url.host } })));
    req.on('error', reject);
    req.end(data);
  });
}
