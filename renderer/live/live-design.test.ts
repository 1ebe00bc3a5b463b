import { describe, expect, it } from 'vitest';
import type { LiveProcess, LiveTree } from '../../bridge/protocol';
import { liveDesign, processesByPath } from './live-design';
import { LiveRecording, liveEventText } from './recording';

const w = (id: string, pid: string, extra: Partial<LiveProcess> = {}): LiveProcess => ({ id, pid, kind: 'worker', restart: 'permanent', shutdown: 5000, children: [], ...extra });
const tree = (aPid = '<0.10.0>'): LiveTree => ({
  node: 'app@h',
  apps: [
    { app: 'kernel', root: { pid: '<0.1.0>', kind: 'supervisor', strategy: 'one_for_all', children: [w('code_server', '<0.2.0>')] } },
    {
      app: 'shop', root: {
        pid: '<0.5.0>', kind: 'supervisor', strategy: 'rest_for_one', intensity: 3, period: 5, registeredName: 'Shop.Sup',
        children: [
          { id: 'Reg', pid: '<0.6.0>', kind: 'registry', children: [w('p1', '<0.7.0>')] },
          { id: 'Pool', pid: '<0.8.0>', kind: 'dynamic_supervisor', children: [w('undefined', '<0.9.0>', { restart: 'temporary' })] },
          w('cart', aPid),
        ],
      },
    },
  ],
});

describe('liveDesign', () => {
  it('draws the non-system applications and maps every canvas node to its live path', () => {
    const d = liveDesign(tree());
    expect(d.doc.nodes.map((n) => [n.id, n.kind])).toEqual([['shop_sup', 'supervisor'], ['reg', 'registry'], ['pool', 'dynamic_supervisor'], ['pool_child_1', 'worker'], ['cart', 'worker']]);
    expect([...d.pathByNodeId]).toEqual([
      ['shop_sup', 'app@h shop'], ['reg', 'app@h shop/Reg'], ['pool', 'app@h shop/Pool'], ['pool_child_1', 'app@h shop/Pool/<0.9.0>'], ['cart', 'app@h shop/cart'],
    ]);
    expect(d.doc.nodes.find((n) => n.id === 'shop_sup')).toMatchObject({ strategy: 'rest_for_one', maxRestarts: 3, maxSeconds: 5 });
    expect(processesByPath(tree()).get('shop/cart')?.pid).toBe('<0.10.0>');
  });
  it('draws the trees of several nodes side by side, each process keyed by its node', () => {
    const other = { ...tree('<0.50.0>'), node: 'b@h' };
    const d = liveDesign([tree(), other]);
    expect(d.doc.nodes.map((n) => n.id)).toEqual(['shop_sup', 'reg', 'pool', 'pool_child_1', 'cart', 'shop_sup_2', 'reg_2', 'pool_2', 'pool_2_child_1', 'cart_2']);
    expect(d.pathByNodeId.get('cart')).toBe('app@h shop/cart');
    expect(d.pathByNodeId.get('cart_2')).toBe('b@h shop/cart');
  });
  it('keeps its structure key when only pids change, not when a process appears', () => {
    expect(liveDesign(tree('<0.99.0>')).structure).toBe(liveDesign(tree()).structure);
    const more = tree();
    more.apps[1].root.children.push(w('extra', '<0.20.0>'));
    expect(liveDesign(more).structure).not.toBe(liveDesign(tree()).structure);
  });
});

describe('LiveRecording', () => {
  it('shows the tree as it was at a past moment and counts restarts up to it', () => {
    const r = new LiveRecording(1000);
    r.addTree(tree('<0.10.0>'), 1100);
    const ev = { seq: 1, t: 5, at: '', node: 'app@h' };
    const [kill] = r.addEvents([{ ...ev, type: 'command', command: 'kill', pid: '<0.10.0>' }], 2000);
    expect(kill.targetPath).toBe('shop/cart');
    expect(liveEventText(kill)).toBe('kill <0.10.0> (shop/cart)');
    const [restart] = r.addEvents([{ ...ev, seq: 2, type: 'restart', path: 'shop/cart', pid: '<0.11.0>', old: '<0.10.0>' }], 2300);
    expect(liveEventText(restart)).toBe('restart shop/cart: <0.10.0> → <0.11.0>');
    expect(restart).toMatchObject({ t: 1300, bridgeT: 5 });
    r.addTree(tree('<0.11.0>'), 2300);
    const cart = (t: number | null) => processesByPath(r.treeAt(t)!).get('shop/cart')!.pid;
    expect(cart(null)).toBe('<0.11.0>');
    expect(cart(500)).toBe('<0.10.0>');
    expect(cart(1300)).toBe('<0.11.0>');
    expect([r.restarts('app@h shop/cart', 1000), r.restarts('app@h shop/cart', null)]).toEqual([0, 1]);
    expect(r.markers().map((m) => [m.t, m.kind])).toEqual([[1000, 'crash'], [1300, 'restart']]);
  });
});
