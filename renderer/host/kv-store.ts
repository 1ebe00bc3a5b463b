// A tiny key-value storage interface with an IndexedDB implementation (browser) and an in-memory one (tests).

export type StoreName = 'recent' | 'recovery' | 'handles';

export interface KeyValueStore {
  get<T>(store: StoreName, key: string): Promise<T | undefined>;
  put<T>(store: StoreName, key: string, value: T): Promise<void>;
  delete(store: StoreName, key: string): Promise<void>;
  entries<T>(store: StoreName): Promise<[string, T][]>;
}

/** In-memory store for tests. Values are kept by reference (like IndexedDB keeps file handles usable). */
export class MemoryStore implements KeyValueStore {
  private data = new Map<string, Map<string, unknown>>();
  private bucket(store: StoreName) {
    let b = this.data.get(store);
    if (!b) this.data.set(store, (b = new Map()));
    return b;
  }
  async get<T>(store: StoreName, key: string) {
    return this.bucket(store).get(key) as T | undefined;
  }
  async put<T>(store: StoreName, key: string, value: T) {
    this.bucket(store).set(key, value);
  }
  async delete(store: StoreName, key: string) {
    this.bucket(store).delete(key);
  }
  async entries<T>(store: StoreName) {
    return [...this.bucket(store)].map(([k, v]) => [k, v] as [string, T]);
  }
}

const STORES: StoreName[] = ['recent', 'recovery', 'handles'];

function req<T>(r: IDBRequest<T>): Promise<T> {
  return new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result);
    r.onerror = () => reject(r.error);
  });
}

export class IndexedDbStore implements KeyValueStore {
  private db: Promise<IDBDatabase>;
  constructor(name = 'supervisor-studio', idb: IDBFactory = indexedDB) {
    this.db = new Promise((resolve, reject) => {
      const open = idb.open(name, 1);
      open.onupgradeneeded = () => {
        for (const s of STORES) if (!open.result.objectStoreNames.contains(s)) open.result.createObjectStore(s);
      };
      open.onsuccess = () => resolve(open.result);
      open.onerror = () => reject(open.error);
    });
  }
  private async tx(store: StoreName, mode: IDBTransactionMode) {
    return (await this.db).transaction(store, mode).objectStore(store);
  }
  async get<T>(store: StoreName, key: string) {
    return (await req((await this.tx(store, 'readonly')).get(key))) as T | undefined;
  }
  async put<T>(store: StoreName, key: string, value: T) {
    await req((await this.tx(store, 'readwrite')).put(value, key));
  }
  async delete(store: StoreName, key: string) {
    await req((await this.tx(store, 'readwrite')).delete(key));
  }
  async entries<T>(store: StoreName) {
    const os = await this.tx(store, 'readonly');
    const [keys, values] = await Promise.all([req(os.getAllKeys()), req(os.getAll())]);
    return keys.map((k, i) => [String(k), values[i]] as [string, T]);
  }
}
