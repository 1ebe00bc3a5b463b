import { describe, expect, it } from 'vitest';
import { parseFuzzArgs } from './elixir-batch';

describe('parseFuzzArgs', () => {
  it('takes the defaults, then the common options', () => {
    expect(parseFuzzArgs([], 200)).toEqual({ runs: 200, seed: 1, parallel: 2, shrink: true, save: false, extra: {} });
    expect(parseFuzzArgs(['--runs', '5', '--seed', '42', '--parallel', '0', '--no-shrink', '--save'], 200)).toEqual({
      runs: 5, seed: 42, parallel: 1, shrink: false, save: true, extra: {},
    });
  });
  it("parses a command's own flags", () => {
    const a = parseFuzzArgs(['--max-shrinks', '7', '--regressions'], 100, { 'max-shrinks': 'number', regressions: 'boolean' });
    expect(a).toMatchObject({ runs: 100, extra: { 'max-shrinks': 7, regressions: true } });
    expect(parseFuzzArgs([], 100, { 'max-shrinks': 'number', regressions: 'boolean' })).toMatchObject({ extra: { 'max-shrinks': undefined, regressions: false } });
  });
  it('refuses what is not a non-negative integer, unknown options and positionals', () => {
    expect(parseFuzzArgs(['--runs', 'x'], 1)).toBe('--runs needs a non-negative integer');
    expect(parseFuzzArgs(['--seed=-3'], 1)).toBe('--seed needs a non-negative integer');
    expect(parseFuzzArgs(['--seed', '-3'], 1)).toMatch(/ambiguous/);
    expect(parseFuzzArgs(['--seed', '1.5'], 1)).toBe('--seed needs a non-negative integer');
    expect(parseFuzzArgs(['--runs', ''], 1)).toBe('--runs needs a non-negative integer');
    expect(parseFuzzArgs(['--max-shrinks', 'no'], 1, { 'max-shrinks': 'number' })).toBe('--max-shrinks needs a non-negative integer');
    expect(parseFuzzArgs(['--bogus'], 1)).toMatch(/Unknown option '--bogus'/);
    expect(parseFuzzArgs(['design.json'], 1)).toMatch(/Unexpected argument/);
    expect(parseFuzzArgs(['--regressions'], 1)).toMatch(/Unknown option/);
  });
});
