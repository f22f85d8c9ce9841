// storage.js: the one module that touches localStorage. Storage may be
// unavailable (private modes, sandboxed frames, full quota); every function
// then degrades to "nothing saved" and says so through its return value.

const PREFIX = "dbquirks:";

/** get returns the stored string, or null. */
export function get(key) {
  try {
    return window.localStorage.getItem(PREFIX + key);
  } catch {
    return null;
  }
}

/** set stores a string and reports whether it was saved. */
export function set(key, value) {
  try {
    window.localStorage.setItem(PREFIX + key, value);
    return true;
  } catch {
    return false;
  }
}

/** remove deletes a key. */
export function remove(key) {
  try {
    window.localStorage.removeItem(PREFIX + key);
  } catch {
    // nothing stored, nothing to remove
  }
}

/** watch calls fn(key) when another tab of this site changes a key, with
 * null when it cleared them all (the storage event, which never fires in
 * the tab that made the change). */
export function watch(fn) {
  window.addEventListener("storage", (e) => {
    try {
      if (e.storageArea !== window.localStorage) return;
    } catch {
      return; // storage unavailable: nothing of ours changed
    }
    if (e.key === null) fn(null);
    else if (e.key.startsWith(PREFIX)) fn(e.key.slice(PREFIX.length));
  });
}
