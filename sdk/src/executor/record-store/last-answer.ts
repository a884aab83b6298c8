/**
 * A function of an object that keeps its last answer. Rounds kept in order ask the same question of the same object
 * again and again (a task's event template, a run's decision form), so the last answer is all there is to keep: a
 * comparison, no map.
 *
 * @module
 */

/**
 * `f` with its last answer kept: asked of the object it was asked of last, it answers without calling `f`. Only for
 * objects never changed once made, and an `f` that depends on nothing else.
 */
export function lastAnswer<K extends object, V>(f: (key: K) => V): (key: K) => V {
  let lastKey: K | undefined;
  let last: V;
  return (key) => {
    if (key !== lastKey) {
      last = f(key);
      lastKey = key;
    }
    return last;
  };
}
