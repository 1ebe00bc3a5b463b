import { describe, expect, it } from 'vitest';
import { BEHAVIOURS, BEHAVIOUR_IDS, DEFAULT_BEHAVIOUR, ParamFieldSchema, defaultParams, getBehaviour, keyFields, paramsSchema } from './catalog';

const REQUIRED = [
  'echo', 'counter', 'crasher', 'trapper', 'watcher', 'todo_server', 'todo_cache', 'database', 'pool_worker', 'pool_manager',
  'http_worker', 'circuit_breaker', 'http_client_system', 'flaky', 'slow_init', 'slow_terminate', 'load_source',
  'telemetry_collector', 'adaptive_pool', 'priority_queue', 'request_coalescer', 'graceful_shutdown', 'client',
];

describe('behaviour catalog', () => {
  it('has every behaviour of issue 5, each id once', () => {
    for (const id of REQUIRED) expect(getBehaviour(id), id).toBeDefined();
    expect(new Set(BEHAVIOUR_IDS).size).toBe(BEHAVIOUR_IDS.length);
    expect(BEHAVIOURS.has(DEFAULT_BEHAVIOUR)).toBe(true);
  });

  it.each(BEHAVIOUR_IDS)('%s: fields are well formed and the defaults satisfy the schema', (id) => {
    const b = getBehaviour(id)!;
    expect(b.title.length).toBeGreaterThan(2);
    expect(b.description.length).toBeGreaterThan(10);
    expect(keyFields(b.fields).length).toBeGreaterThan(0);
    expect(new Set(b.fields.map((f) => f.name)).size).toBe(b.fields.length);
    for (const f of b.fields) {
      expect(ParamFieldSchema.parse(JSON.parse(JSON.stringify(f)))).toEqual(f);
      expect(f.help.length, `${id}.${f.name} help`).toBeGreaterThan(5);
      if (f.type === 'enum') expect(f.options).toContain(f.default);
      if (typeof f.default === 'number') {
        if (f.min !== undefined) expect(f.default).toBeGreaterThanOrEqual(f.min);
        if (f.max !== undefined) expect(f.default).toBeLessThanOrEqual(f.max);
      }
    }
    // required fields (no default) must be set; give process fields a name and check the rest is valid
    const required = Object.fromEntries(b.fields.filter((f) => f.default === undefined).map((f) => [f.name, 'someone']));
    const parsed = paramsSchema(b.fields).safeParse(required);
    expect(parsed.success, JSON.stringify(parsed.error?.issues)).toBe(true);
    expect(parsed.data).toEqual({ ...defaultParams(b.fields), ...required });
    if (b.pool?.role === 'manager') expect(b.fields.map((f) => f.name)).toContain(b.pool.sizeParam);
  });

  it('records the facts the lint needs', () => {
    expect(getBehaviour('slow_terminate')!.hasTerminate).toBe(true);
    expect(getBehaviour('graceful_shutdown')!.hasTerminate).toBe(true);
    expect(getBehaviour('echo')!.hasTerminate).toBe(false);
    expect(getBehaviour('circuit_breaker')!.circuitBreaker).toBe(true);
    expect(getBehaviour('pool_worker')!.pool).toEqual({ role: 'worker' });
    expect(getBehaviour('pool_manager')!.pool).toEqual({ role: 'manager', sizeParam: 'size' });
    expect(getBehaviour('todo_server')!.usesRegistryName).toBe(true);
    expect(getBehaviour('trapper')!.trapsExits).toBe(true);
  });
});

describe('paramsSchema', () => {
  const schema = paramsSchema(getBehaviour('http_worker')!.fields);
  it('fills defaults and keeps unknown params', () => {
    expect(schema.parse({ latencyMs: 20, extra: 'kept' })).toEqual({ url: 'https://example.com/', latencyMs: 20, failRate: 0, timeoutMs: 5000, extra: 'kept' });
  });
  it('refuses values out of range or of the wrong type, with the field in the message', () => {
    const r = schema.safeParse({ failRate: 1.5, latencyMs: 2.5, url: 3 });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => [i.path.join('.'), i.message]).sort()).toEqual([
      ['failRate', 'failRate must be at most 1'],
      ['latencyMs', 'latencyMs must be a whole number'],
      ['url', 'url must be text'],
    ]);
  });
  it('says "is required" for a missing required field', () => {
    const r = paramsSchema(getBehaviour('client')!.fields).safeParse({});
    expect(r.error!.issues[0].message).toBe('target is required');
  });
  it('refuses any value for a choice without options instead of throwing', () => {
    const r = paramsSchema([{ name: 'mode', type: 'enum', help: '' }]).safeParse({ mode: 'x' });
    expect(r.success).toBe(false);
  });
});
