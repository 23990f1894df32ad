/**
 * Size limits shared by the contract and the transports (docs/security.md, “Sockets”).
 * An attachment travels base64-encoded inside one RPC message, so the largest RPC message the
 * loopback socket accepts is the largest attachment's base64 plus a small envelope.
 */

/** Largest attachment a client may upload (a scanned page, a photo): 6 MiB. */
export const MAX_ATTACHMENT_BYTES = 6 * 1024 * 1024;

/** Its base64 length: 4 characters per 3 bytes (8 MiB of text). */
export const MAX_ATTACHMENT_BASE64 = 4 * Math.ceil(MAX_ATTACHMENT_BYTES / 3);

/** Room for the envelope around the base64: id, channel, the file's name (255 characters, escaped) and MIME type. */
const ENVELOPE_BYTES = 64 * 1024;

/**
 * Calls one /ws socket may have in flight (sent, not yet answered). The server answers `busy`
 * beyond it (a bound on memory per socket); the renderer's transport queues its own calls so it
 * never goes past it (a wall page opening fires a dozen calls at once).
 */
export const MAX_CALLS_IN_FLIGHT_PER_SOCKET = 8;

/** Largest /ws message (one UTF-8 JSON text frame) the browser-mode server accepts. */
export const MAX_RPC_MESSAGE_BYTES = MAX_ATTACHMENT_BASE64 + ENVELOPE_BYTES;
