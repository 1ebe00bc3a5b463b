// What the user pastes into the attach dialog: the line the bridge printed (`ws://127.0.0.1:PORT/?token=…`), maybe
// with text around it (the whole terminal output). Only a loopback address is accepted: the bridge listens on
// 127.0.0.1 only, and the token is never sent anywhere else.

export interface BridgeAddress {
  /** The WebSocket URL to open, token included. */
  url: string;
  port: number;
  token: string;
  /** The URL without its token (safe to show and to keep). */
  display: string;
}

export type ParsedAddress = { ok: true; address: BridgeAddress } | { ok: false; error: string };

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

export function parseBridgeAddress(text: string): ParsedAddress {
  const trimmed = text.trim();
  if (!trimmed) return { ok: false, error: 'Paste the line the bridge printed: ws://127.0.0.1:PORT/?token=…' };
  const m = /wss?:\/\/\S+/.exec(trimmed);
  if (!m) return { ok: false, error: 'No ws:// address found. The bridge prints one when it starts: run `supervisor-studio bridge --node NAME@HOST --cookie COOKIE`.' };
  let u: URL;
  try {
    u = new URL(m[0]);
  } catch {
    return { ok: false, error: `"${m[0]}" is not a valid address.` };
  }
  if (!LOOPBACK.has(u.hostname)) return { ok: false, error: `The bridge only listens on 127.0.0.1; "${u.hostname}" is not this machine, and the token is not sent there.` };
  const port = Number(u.port);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) return { ok: false, error: 'The address has no port: paste the whole line, ws://127.0.0.1:PORT/?token=…' };
  const token = u.searchParams.get('token') ?? '';
  if (!token) return { ok: false, error: 'The address has no token (…/?token=…): paste the whole line the bridge printed.' };
  return { ok: true, address: { url: `ws://127.0.0.1:${port}/?token=${encodeURIComponent(token)}`, port, token, display: `ws://127.0.0.1:${port}/` } };
}
