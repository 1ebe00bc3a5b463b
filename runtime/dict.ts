// Objects keyed by user text (node ids, names, behaviour ids, paths) must not be plain objects: `obj['__proto__'] = v`
// sets the prototype instead of a key, and `'constructor' in obj` is true for every plain object. A dict has no
// prototype, so every string is just a key (and it still prints and serialises as an object).

/** An empty object with no prototype, for keys that come from the user. */
export const dict = <T>(): Record<string, T> => Object.create(null) as Record<string, T>;

/** `obj[key]` only when `key` is the object's own key (never an inherited `constructor`, `toString`, …). */
export const own = <T>(obj: Readonly<Record<string, T>>, key: string): T | undefined =>
  Object.prototype.hasOwnProperty.call(obj, key) ? obj[key] : undefined;
