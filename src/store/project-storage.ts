/**
 * Browser persistence in IndexedDB (database 'tinyforge'): the last project, stored as its serialized
 * file text so a reload goes through parseProject and its migrations, and a small key-value store of UI
 * preferences (structured-cloneable values). Each call opens the database, runs one transaction and
 * closes it, so no connection is held that would block an upgrade from another tab.
 *
 * Failures (IndexedDB missing or refused, quota exceeded) reject with an Error naming the operation;
 * callers decide whether to report them. Reads of absent keys resolve to null / undefined.
 */

const DB_NAME = 'tinyforge'
const DB_VERSION = 1
const PROJECTS = 'projects'
const PREFS = 'prefs'
const LAST_PROJECT_KEY = 'last'

export interface SavedProject {
  text: string
  /** Milliseconds since the epoch. */
  savedAt: number
}

export async function saveLastProject(text: string): Promise<void> {
  const record: SavedProject = { text, savedAt: Date.now() }
  await run(PROJECTS, 'readwrite', 'save the project', (store) => store.put(record, LAST_PROJECT_KEY))
}

/** The text of the last saved project, or null when none was saved. */
export async function loadLastProject(): Promise<string | null> {
  const record = await loadLastProjectRecord()
  return record ? record.text : null
}

/** The last saved project with its save time, or null. */
export async function loadLastProjectRecord(): Promise<SavedProject | null> {
  const value = await run(PROJECTS, 'readonly', 'read the last project', (store) => store.get(LAST_PROJECT_KEY))
  return isSavedProject(value) ? value : null
}

export async function clearLastProject(): Promise<void> {
  await run(PROJECTS, 'readwrite', 'forget the last project', (store) => store.delete(LAST_PROJECT_KEY))
}

export async function savePref(key: string, value: unknown): Promise<void> {
  await run(PREFS, 'readwrite', `save the preference '${key}'`, (store) => store.put(value, key))
}

/** A preference value, or undefined when it was never saved. */
export async function loadPref<T = unknown>(key: string): Promise<T | undefined> {
  return (await run(PREFS, 'readonly', `read the preference '${key}'`, (store) => store.get(key))) as T | undefined
}

/** All preferences as one object. */
export async function loadPrefs(): Promise<Record<string, unknown>> {
  const db = await openDatabase()
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(PREFS, 'readonly')
      const store = tx.objectStore(PREFS)
      const keys = store.getAllKeys()
      const values = store.getAll()
      tx.oncomplete = () => {
        const prefs: Record<string, unknown> = {}
        keys.result.forEach((k, i) => { prefs[String(k)] = values.result[i] })
        resolve(prefs)
      }
      tx.onerror = () => reject(storageError('read the preferences', tx.error))
      tx.onabort = () => reject(storageError('read the preferences', tx.error))
    })
  } finally {
    db.close()
  }
}

function isSavedProject(value: unknown): value is SavedProject {
  return typeof value === 'object' && value !== null && typeof (value as SavedProject).text === 'string'
}

/** Runs one request in its own transaction and resolves with its result once the transaction commits. */
async function run(
  storeName: string, mode: IDBTransactionMode, what: string, request: (store: IDBObjectStore) => IDBRequest,
): Promise<unknown> {
  const db = await openDatabase()
  try {
    return await new Promise((resolve, reject) => {
      const tx = db.transaction(storeName, mode)
      let req: IDBRequest
      try {
        req = request(tx.objectStore(storeName))
      } catch (err) {
        // e.g. DataCloneError for a value that cannot be stored: nothing was written.
        tx.abort()
        reject(storageError(what, err))
        return
      }
      tx.oncomplete = () => resolve(req.result)
      tx.onerror = () => reject(storageError(what, tx.error ?? req.error))
      tx.onabort = () => reject(storageError(what, tx.error))
    })
  } finally {
    db.close()
  }
}

function openDatabase(): Promise<IDBDatabase> {
  const factory = globalThis.indexedDB as IDBFactory | undefined
  if (!factory) return Promise.reject(new Error('browser storage (IndexedDB) is not available'))
  return new Promise((resolve, reject) => {
    let req: IDBOpenDBRequest
    try {
      req = factory.open(DB_NAME, DB_VERSION)
    } catch (err) {
      reject(storageError('open browser storage', err))
      return
    }
    req.onupgradeneeded = () => {
      const db = req.result
      if (!db.objectStoreNames.contains(PROJECTS)) db.createObjectStore(PROJECTS)
      if (!db.objectStoreNames.contains(PREFS)) db.createObjectStore(PREFS)
    }
    req.onsuccess = () => {
      const db = req.result
      db.onversionchange = () => db.close()
      resolve(db)
    }
    req.onerror = () => reject(storageError('open browser storage', req.error))
    // 'blocked' needs no handler: other tabs close their connections on 'versionchange', then open proceeds.
  })
}

function storageError(what: string, cause: unknown): Error {
  const detail = cause instanceof Error || (typeof DOMException !== 'undefined' && cause instanceof DOMException)
    ? (cause as Error).message : cause ? String(cause) : 'unknown error'
  return new Error(`could not ${what}: ${detail}`)
}
