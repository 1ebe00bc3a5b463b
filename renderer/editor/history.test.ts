import { describe, expect, it } from 'vitest';
import { DocumentHistory } from './history';

const make = () => {
  let t = 0;
  const clock = { now: () => t, advance: (ms: number) => { t += ms; } };
  return { h: new DocumentHistory({ a: 1, list: [] as number[], text: '' }, clock.now, 1000), clock };
};

describe('document history', () => {
  it('undo and redo walk the steps; a no-op edit records nothing', () => {
    const { h } = make();
    h.edit('a=2', (d) => { d.a = 2; });
    h.edit('push', (d) => { d.list.push(7); });
    expect(h.edit('noop', (d) => { d.a = 2; })).toBe(false);
    expect(h.undo()).toBe(true);
    expect(h.doc).toEqual({ a: 2, list: [], text: '' });
    h.undo();
    expect(h.doc.a).toBe(1);
    expect(h.undo()).toBe(false);
    h.redo();
    h.redo();
    expect(h.doc).toEqual({ a: 2, list: [7], text: '' });
    expect(h.redo()).toBe(false);
  });

  it('a typing burst with one merge key is one step; seal or a pause starts a new one', () => {
    const { h, clock } = make();
    for (const ch of 'hello') {
      h.edit('type', (d) => { d.text += ch; }, { merge: 'text' });
      clock.advance(100);
    }
    h.undo();
    expect(h.doc.text).toBe('');
    h.redo();
    expect(h.doc.text).toBe('hello');
    h.seal();
    h.edit('type', (d) => { d.text += '!'; }, { merge: 'text' });
    clock.advance(5000);
    h.edit('type', (d) => { d.text += '?'; }, { merge: 'text' });
    h.undo();
    expect(h.doc.text).toBe('hello!');
    h.undo();
    expect(h.doc.text).toBe('hello');
  });

  it('a different merge key, or an edit without one, closes the burst', () => {
    const { h } = make();
    h.edit('x', (d) => { d.a = 5; }, { merge: 'a' });
    h.edit('y', (d) => { d.text = 'z'; }, { merge: 'text' });
    h.undo();
    expect(h.doc).toEqual({ a: 5, list: [], text: '' });
  });

  it('tracks dirty against the saved step, through undo, redo and merges', () => {
    const { h } = make();
    expect(h.dirty).toBe(false);
    h.edit('a', (d) => { d.a = 2; });
    expect(h.dirty).toBe(true);
    h.markSaved();
    expect(h.dirty).toBe(false);
    h.undo();
    expect(h.dirty).toBe(true);
    h.redo();
    expect(h.dirty).toBe(false);
    h.edit('t', (d) => { d.text = 'a'; }, { merge: 't' });
    h.markSaved();
    h.edit('t', (d) => { d.text = 'ab'; }, { merge: 't' });
    expect(h.dirty).toBe(true);
    h.undo();
    expect(h.dirty).toBe(true); // the saved state ("a") is gone: the burst was squashed
  });

  it('reset starts over; a restored document can start dirty', () => {
    const { h } = make();
    h.edit('a', (d) => { d.a = 9; });
    h.reset({ a: 0, list: [], text: 'r' }, { dirty: true });
    expect(h.canUndo).toBe(false);
    expect(h.dirty).toBe(true);
    h.markSaved();
    expect(h.dirty).toBe(false);
  });
});
