// todo_cache: finds the todo server of a list in the registry, or starts one under the `serverSupervisor`
// DynamicSupervisor. `{:server, name}` answers the pid; `{:add, name, entry}` and `{:entries, name}` forward to it.
import { isTagged, Later, type Proc, type Term } from '../kernel/index';
import { GenServer } from '../otp/genserver';
import type { Behaviour, BehaviourEnv } from './lib';

type Env = BehaviourEnv<{ serverSupervisor: string }>;

function serverFor(env: Env, name: string): Later<Term> {
  const found = env.lookup(name);
  if (found) return Later.of(found);
  const database = env.calls.find((n) => env.kindOf(n)?.behaviour === 'database') ?? 'database';
  return env.startChild(env.params.serverSupervisor, 'todo_server', { listName: name, database }, { key: name }).then((r): Term => {
    if (isTagged(r, 'ok')) return r[1];
    if (isTagged(r, 'error', 2) && isTagged(r[1], 'already_started', 2)) return r[1][1];
    return r;
  });
}

export const todo_cache: Behaviour<Env, { serverSupervisor: string }> = {
  init(env) {
    return ['ok', env];
  },
  handleCall(req, _from, env) {
    if (isTagged(req, 'server', 2)) return serverFor(env, String(req[1])).then((pid) => ['reply', pid, env] as const);
    if (isTagged(req, 'add', 3) || isTagged(req, 'entries', 2)) {
      const forward: Term = req[0] === 'add' ? ['add', req[2]] : 'entries';
      return serverFor(env, String(req[1])).then((pid) =>
        GenServer.call(pid as Proc, forward).then((r) => ['reply', r, env] as const),
      );
    }
    return ['reply', ['error', 'unknown_request'], env];
  },
};
