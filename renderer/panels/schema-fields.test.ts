import { describe, expect, it } from 'vitest';
import { checkValue, fieldsForKind, paramSchema } from './schema-fields';
import { getBehaviour } from '../../runtime/behaviours/catalog';

describe('inspector fields from the schemas', () => {
  it('a supervisor gets strategy (enum), intensity (numbers), child-spec fields and shutdown with its specials', () => {
    const f = fieldsForKind('supervisor');
    const byKey = new Map(f.map((x) => [x.key, x]));
    expect(byKey.get('strategy')).toMatchObject({ kind: 'enum', options: ['one_for_one', 'one_for_all', 'rest_for_one'], group: 'Supervisor' });
    expect(byKey.get('maxRestarts')?.kind).toBe('number');
    expect(byKey.get('significant')?.kind).toBe('boolean');
    expect(byKey.get('shutdown')).toMatchObject({ kind: 'special-or-number', specials: ['brutal_kill', 'infinity'] });
    expect(byKey.has('id')).toBe(false);
    expect(byKey.has('position')).toBe(false);
  });

  it('a worker has child-spec fields but no supervisor options; a note only its text', () => {
    const keys = fieldsForKind('worker').map((x) => x.key);
    expect(keys).toContain('restart');
    expect(keys).not.toContain('strategy');
    expect(fieldsForKind('note').map((x) => x.key)).toEqual(['name', 'text']);
  });

  it('checks values against the same schema', () => {
    const strategy = fieldsForKind('supervisor').find((x) => x.key === 'strategy')!;
    expect(checkValue(strategy.schema, 'one_for_all')).toBeUndefined();
    expect(checkValue(strategy.schema, 'all_for_one')).toMatch(/strategy must be one of/);
  });

  it('checks behaviour parameters with the catalog field rules', () => {
    const info = getBehaviour('http_worker')!;
    const numeric = info.fields.find((f) => f.type === 'integer' && f.min !== undefined)!;
    const s = paramSchema(info.fields, numeric.name);
    expect(checkValue(s, (numeric.min ?? 0) - 1)).toMatch(/at least/);
    expect(checkValue(s, numeric.min ?? 0)).toBeUndefined();
  });
});
