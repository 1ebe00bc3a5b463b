// todo_server: one to-do list. In init it loads the list's entries from the database (a blocking call, like
// Elixir in Action's Todo.Server), so a restarted server carries on where the crashed one stopped.
// `{:add, entry}` appends and stores, `:entries` lists them.
import { isTagged, list, raise, type Term } from '../kernel/index';
import { GenServer } from '../otp/genserver';
import type { Behaviour, BehaviourEnv } from './lib';

interface P {
  listName: string;
  database: string;
}
interface S {
  env: BehaviourEnv<P>;
  entries: Term[];
}

export const todo_server: Behaviour<S, P> = {
  init(env) {
    const db = env.pidOf(env.params.database);
    if (!db) return raise(`todo_server: database "${env.params.database}" is not running`);
    return GenServer.call(db, ['get', ['todo', env.params.listName]]).then((stored) => {
      const entries = stored === null || stored === undefined ? [] : [...(stored as { items: Term[] }).items];
      return ['ok', { env, entries }] as const;
    });
  },
  handleCall(req, _from, s) {
    if (req === 'entries') return ['reply', list(s.entries), s];
    if (isTagged(req, 'add', 2)) {
      const entries = [...s.entries, req[1]];
      const db = s.env.pidOf(s.env.params.database);
      if (db) GenServer.cast(db, db, ['put', ['todo', s.env.params.listName], list(entries)]);
      return ['reply', 'ok', { ...s, entries }];
    }
    return ['reply', ['error', 'unknown_request'], s];
  },
};
