import { describe, expect, it } from 'vitest';
import { parseBridgeAddress } from './bridge-url';

describe('parseBridgeAddress', () => {
  it('takes the URL out of the lines the bridge printed', () => {
    const r = parseBridgeAddress('attached to app@host (read-only until a client unlocks fault injection)\nws://127.0.0.1:40123/?token=AbC-_9\n');
    expect(r).toEqual({ ok: true, address: { url: 'ws://127.0.0.1:40123/?token=AbC-_9', port: 40123, token: 'AbC-_9', display: 'ws://127.0.0.1:40123/' } });
  });
  it('accepts localhost but always connects to 127.0.0.1', () => {
    const r = parseBridgeAddress('ws://localhost:5000/?token=t');
    expect(r.ok && r.address.url).toBe('ws://127.0.0.1:5000/?token=t');
  });
  it('refuses another host, a missing port or token, and text without an address', () => {
    expect(parseBridgeAddress('ws://10.0.0.5:5000/?token=t')).toMatchObject({ ok: false, error: expect.stringMatching(/only listens on 127\.0\.0\.1/) });
    expect(parseBridgeAddress('ws://127.0.0.1/?token=t')).toMatchObject({ ok: false, error: expect.stringMatching(/no port/) });
    expect(parseBridgeAddress('ws://127.0.0.1:5000/')).toMatchObject({ ok: false, error: expect.stringMatching(/no token/) });
    expect(parseBridgeAddress('hello')).toMatchObject({ ok: false, error: expect.stringMatching(/No ws:\/\//) });
    expect(parseBridgeAddress('  ')).toMatchObject({ ok: false });
  });
});
