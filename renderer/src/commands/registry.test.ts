import { describe, expect, it, vi } from 'vitest';
import { CommandRegistry, formatShortcut, matches, parseShortcut } from './registry';

const key = (k: string, m: Partial<{ ctrl: boolean; meta: boolean; shift: boolean; alt: boolean }> = {}) => ({
  key: k, ctrlKey: !!m.ctrl, metaKey: !!m.meta, shiftKey: !!m.shift, altKey: !!m.alt,
});

describe('shortcuts', () => {
  it('parses modifiers and rejects typos', () => {
    expect(parseShortcut('Mod+Shift+Z')).toEqual({ mod: true, shift: true, alt: false, key: 'z' });
    expect(parseShortcut('Mod++')).toEqual({ mod: true, shift: false, alt: false, key: '+' });
    expect(() => parseShortcut('Ctl+S')).toThrow('Unknown modifier "ctl"');
  });

  it('maps Mod to Ctrl off macOS and ⌘ on macOS', () => {
    expect(matches('Mod+S', key('s', { ctrl: true }), false)).toBe(true);
    expect(matches('Mod+S', key('s', { meta: true }), false)).toBe(false);
    expect(matches('Mod+S', key('s', { meta: true }), true)).toBe(true);
    expect(matches('Mod+S', key('s', { ctrl: true, shift: true }), false)).toBe(false);
    expect(matches('Mod+Shift+Z', key('Z', { ctrl: true, shift: true }), false)).toBe(true);
  });

  it('a shifted character like ? matches with Shift held', () => {
    expect(matches('?', key('?', { shift: true }), false)).toBe(true);
    expect(matches('?', key('/', { shift: false }), false)).toBe(false);
  });

  it('formats for menus', () => {
    expect(formatShortcut('Mod+Shift+Z', false)).toBe('Ctrl+Shift+Z');
    expect(formatShortcut('Mod+Shift+Z', true)).toBe('⌘⇧Z');
    expect(formatShortcut('Delete', false)).toBe('Delete');
  });
});

describe('command registry', () => {
  it('runs commands by id and by shortcut; plain keys do not fire inside text fields', () => {
    const r = new CommandRegistry(false);
    const save = vi.fn();
    const help = vi.fn();
    r.register([
      { id: 'file.save', label: 'Save', shortcut: 'Mod+S', run: save },
      { id: 'help.shortcuts', label: 'Shortcuts', shortcut: '?', run: help },
    ]);
    expect(r.handleKey(key('s', { ctrl: true }), true)).toBe(true);
    expect(save).toHaveBeenCalledTimes(1);
    expect(r.handleKey(key('?', { shift: true }), true)).toBe(false);
    expect(r.handleKey(key('?', { shift: true }), false)).toBe(true);
    expect(help).toHaveBeenCalledTimes(1);
    expect(r.execute('file.save')).toBe(true);
    expect(r.execute('nope')).toBe(false);
  });

  it('respects allowInText and native shortcuts', () => {
    const r = new CommandRegistry(false);
    const undo = vi.fn();
    const copy = vi.fn();
    r.register([
      { id: 'undo', label: 'Undo', shortcut: 'Mod+Z', allowInText: false, run: undo },
      { id: 'copy', label: 'Copy', shortcut: 'Mod+C', nativeShortcut: true, run: copy },
    ]);
    expect(r.handleKey(key('z', { ctrl: true }), true)).toBe(false);
    expect(r.handleKey(key('z', { ctrl: true }), false)).toBe(true);
    expect(r.handleKey(key('c', { ctrl: true }), false)).toBe(false);
    expect(r.execute('copy')).toBe(true);
    expect(undo).toHaveBeenCalledTimes(1);
    expect(copy).toHaveBeenCalledTimes(1);
  });

  it('does not run disabled commands and reports errors instead of throwing', async () => {
    const r = new CommandRegistry();
    const errors: string[] = [];
    r.onError = (id) => errors.push(id);
    r.register([
      { id: 'a', label: 'A', run: () => { throw new Error('x'); } },
      { id: 'b', label: 'B', run: async () => { throw new Error('y'); } },
      { id: 'c', label: 'C', run: vi.fn(), enabled: () => false },
    ]);
    expect(r.execute('a')).toBe(true);
    expect(r.execute('b')).toBe(true);
    expect(r.execute('c')).toBe(false);
    await Promise.resolve();
    expect(errors).toEqual(['a', 'b']);
  });

  it('unregisters and notifies subscribers', () => {
    const r = new CommandRegistry();
    const seen = vi.fn();
    r.subscribe(seen);
    const off = r.register({ id: 'x', label: 'X', run: () => {} });
    off();
    expect(r.get('x')).toBeUndefined();
    expect(seen).toHaveBeenCalledTimes(2);
  });
});
