// What a process keeps of one build for the next (watch, a batch's build process): each cache
// bounded, the least recently used entry forgotten first, and every one of them forgotten at once
// when the startup snapshot is made (its warm-up build must not make the first real build's work).

const all: { clear(): void }[] = [];

/**
 * A map that holds at most `max` entries; get() counts as use. `keepInSnapshot` is for what
 * depends on briefpress's own files only (its default theme), never on a brief's: what the
 * warm-up put there is kept in the startup snapshot.
 */
export function processCache<K, V>(max: number, o: { keepInSnapshot?: boolean } = {}) {
  const map = new Map<K, V>();
  if (!o.keepInSnapshot) all.push(map);
  return {
    get(key: K): V | undefined {
      const v = map.get(key);
      if (v !== undefined) {
        // Most recently used last: the first key is the one forgotten.
        map.delete(key);
        map.set(key, v);
      }
      return v;
    },
    set(key: K, value: V): void {
      map.set(key, value);
      if (map.size > max) map.delete(map.keys().next().value!);
    },
  };
}

/**
 * A cache of this process that is not bounded (what a brief's words measure and shape as: a
 * process meets a few thousand) but, like every other, is not kept in the startup snapshot: the
 * warm-up's words are the Karabakh brief's, and a snapshot holding them would build that brief
 * (the one the bench times) faster than any other.
 */
export function perProcess<C extends { clear(): void }>(cache: C): C {
  all.push(cache);
  return cache;
}

/** Empties every process cache (the startup snapshot is made without the warm-up's entries). */
export function forgetProcessCaches(): void {
  for (const m of all) m.clear();
}
