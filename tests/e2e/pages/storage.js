// What a page's origin keeps on the device: Web Storage and IndexedDB, all of it.

/**
 * Everything the page's origin stores: `localStorage` and `sessionStorage` (key → value), and
 * every IndexedDB database (`indexedDB.databases()`) with the number of records in each of its
 * object stores. Databases are opened as they are (no version: nothing is created or upgraded).
 */
export async function storedData(page) {
  return page.evaluate(async () => {
    const entries = (storage) => Object.fromEntries(
      Array.from({ length: storage.length }, (_, i) => storage.key(i)).map((key) => [key, storage.getItem(key)]));
    const request = (r) => new Promise((resolve, reject) => {
      r.onsuccess = () => resolve(r.result);
      r.onerror = () => reject(r.error);
    });
    const indexedDb = {};
    for (const { name } of await indexedDB.databases()) {
      const database = await request(indexedDB.open(name));
      const stores = {};
      for (const store of database.objectStoreNames) {
        stores[store] = await request(database.transaction(store).objectStore(store).count());
      }
      database.close();
      indexedDb[name] = stores;
    }
    return { localStorage: entries(localStorage), sessionStorage: entries(sessionStorage), indexedDb };
  });
}

/** What `stored` (from `storedData`) holds, one line per thing: a Web Storage key, or an
 * IndexedDB store with records. An empty database or store holds nothing. */
export function whatIsStored(stored) {
  return [
    ...Object.keys(stored.localStorage).map((key) => `localStorage ${key}`),
    ...Object.keys(stored.sessionStorage).map((key) => `sessionStorage ${key}`),
    ...Object.entries(stored.indexedDb).flatMap(([name, stores]) => Object.entries(stores)
      .filter(([, count]) => count > 0).map(([store, count]) => `IndexedDB ${name}/${store}: ${count} records`)),
  ];
}
