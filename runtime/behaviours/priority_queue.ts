// priority_queue: `{:push, priority, item}` queues an item (0 = most urgent; clamped to `levels`), `:pop` answers
// the most urgent, oldest item (or `:empty`), `:size` the count. Past `capacity` a push gets `{:error, :full}`.
import { isTagged, type Term } from '../kernel/index';
import type { Behaviour } from './lib';

interface S {
  capacity: number;
  queues: Term[][];
  size: number;
}

export const priority_queue: Behaviour<S, { levels: number; capacity: number }> = {
  init(env) {
    return ['ok', { capacity: env.params.capacity, queues: Array.from({ length: env.params.levels }, () => []), size: 0 }];
  },
  handleCall(req, _from, s) {
    if (isTagged(req, 'push', 3)) {
      if (s.size >= s.capacity) return ['reply', ['error', 'full'], s];
      const level = Math.min(s.queues.length - 1, Math.max(0, Math.floor(Number(req[1]) || 0)));
      s.queues[level].push(req[2]);
      s.size++;
      return ['reply', 'ok', s];
    }
    if (req === 'pop') {
      const q = s.queues.find((x) => x.length > 0);
      if (!q) return ['reply', 'empty', s];
      s.size--;
      return ['reply', q.shift()!, s];
    }
    if (req === 'size') return ['reply', s.size, s];
    return ['reply', ['error', 'unknown_request'], s];
  },
};
