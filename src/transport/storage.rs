//! Where stored values live: the browser's `localStorage` and `sessionStorage` (synchronous:
//! what a `pagehide` must still write) and a small key → text store in IndexedDB (one object
//! store, `kv`, in the database `palaver`) for the outbox. Values are `crate::persist`'s JSON.
//!
//! Nothing here throws: a browser that refuses storage (a sandboxed frame, a private window)
//! makes Palaver forget across reloads, nothing worse. IndexedDB writes never wait: until the
//! database is open they queue in memory, in order. Reads wait for it, for at most two seconds.

use std::cell::RefCell;
use std::collections::VecDeque;

use futures::channel::oneshot;
use futures::future::{select, Either};
use wasm_bindgen::closure::Closure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbOpenDbRequest, IdbRequest, IdbTransactionMode};

/// A synchronous storage area.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Area {
    /// Kept on this device across visits (`localStorage`).
    Local,
    /// Kept for this tab only (`sessionStorage`).
    Session,
}

fn storage(area: Area) -> Option<web_sys::Storage> {
    let window = web_sys::window()?;
    match area {
        Area::Local => window.local_storage().ok().flatten(),
        Area::Session => window.session_storage().ok().flatten(),
    }
}

/// The text under `key`.
pub fn read(area: Area, key: &str) -> Option<String> {
    storage(area)?.get_item(key).ok().flatten()
}

/// Stores `value` under `key`.
pub fn write(area: Area, key: &str, value: &str) {
    if let Some(storage) = storage(area) {
        if storage.set_item(key, value).is_err() {
            warn("Palaver could not save its state (storage full or refused)");
        }
    }
}

/// Forgets `key`.
pub fn remove(area: Area, key: &str) {
    if let Some(storage) = storage(area) {
        let _ = storage.remove_item(key);
    }
}

const DATABASE: &str = "palaver";
const OBJECT_STORE: &str = "kv";
/// How long a read waits for the database before carrying on without it (one blocked by
/// another tab's upgrade must not hold up a login).
const OPEN_PATIENCE_MS: u32 = 2_000;

/// A write not yet applied: `Some(text)` to put, `None` to delete.
type PendingWrite = (String, Option<String>);

enum Database {
    /// Not asked for yet, or being opened: writes and readers wait here, in order.
    Opening {
        writes: VecDeque<PendingWrite>,
        waiting: Vec<oneshot::Sender<()>>,
    },
    Open(IdbDatabase),
    Unavailable,
}

thread_local! {
    // The browser's IndexedDB is one per page origin, like this handle to it: shared by every
    // client on the page (each under its own keys), not state of any one of them.
    static DB: RefCell<Database> = const {
        RefCell::new(Database::Opening { writes: VecDeque::new(), waiting: Vec::new() })
    };
    static OPEN_STARTED: RefCell<bool> = const { RefCell::new(false) };
}

/// Opens the database (once); call early so reads and writes find it ready.
pub fn open_database() {
    if OPEN_STARTED.with(|started| started.replace(true)) {
        return;
    }
    wasm_bindgen_futures::spawn_local(async {
        let opened = open_indexed_db().await;
        let (writes, waiting) = DB.with(|db| {
            let next = match opened {
                Ok(database) => Database::Open(database),
                Err(_) => Database::Unavailable,
            };
            match std::mem::replace(&mut *db.borrow_mut(), next) {
                Database::Opening { writes, waiting } => (writes, waiting),
                _ => (VecDeque::new(), Vec::new()),
            }
        });
        for (key, value) in writes {
            write_db(&key, value.as_deref());
        }
        for waiter in waiting {
            let _ = waiter.send(());
        }
    });
}

/// Stores `value` under `key` in IndexedDB.
pub fn put(key: &str, value: &str) {
    write_db(key, Some(value));
}

/// Forgets `key` in IndexedDB.
pub fn delete(key: &str) {
    write_db(key, None);
}

/// The text stored under `key` in IndexedDB, once the database is open.
pub async fn get(key: &str) -> Option<String> {
    let database = ready().await?;
    let store = database
        .transaction_with_str(OBJECT_STORE)
        .and_then(|t| t.object_store(OBJECT_STORE))
        .ok()?;
    let request = store.get(&JsValue::from_str(key)).ok()?;
    JsFuture::from(completion(&request)).await.ok()?.as_string()
}

fn write_db(key: &str, value: Option<&str>) {
    let database = DB.with(|db| match &mut *db.borrow_mut() {
        Database::Opening { writes, .. } => {
            writes.push_back((key.to_owned(), value.map(str::to_owned)));
            None
        }
        Database::Open(database) => Some(database.clone()),
        Database::Unavailable => None,
    });
    let Some(database) = database else { return };
    // Transactions on one store run in the order they were created: no await before this.
    let result = database
        .transaction_with_str_and_mode(OBJECT_STORE, IdbTransactionMode::Readwrite)
        .and_then(|t| t.object_store(OBJECT_STORE))
        .and_then(|store| match value {
            Some(value) => store.put_with_key(&JsValue::from_str(value), &JsValue::from_str(key)),
            None => store.delete(&JsValue::from_str(key)),
        });
    if result.is_err() {
        warn("Palaver could not save its outbox (IndexedDB refused)");
    }
}

/// The open database, waiting for it if it is still opening (at most [`OPEN_PATIENCE_MS`]).
async fn ready() -> Option<IdbDatabase> {
    open_database();
    let waiter = DB.with(|db| match &mut *db.borrow_mut() {
        Database::Open(database) => Err(Some(database.clone())),
        Database::Unavailable => Err(None),
        Database::Opening { waiting, .. } => {
            let (sender, receiver) = oneshot::channel();
            waiting.push(sender);
            Ok(receiver)
        }
    });
    let receiver = match waiter {
        Ok(receiver) => receiver,
        Err(settled) => return settled,
    };
    let patience = gloo_timers::future::TimeoutFuture::new(OPEN_PATIENCE_MS);
    match select(receiver, patience).await {
        Either::Left((Ok(()), _)) => DB.with(|db| match &*db.borrow() {
            Database::Open(database) => Some(database.clone()),
            _ => None,
        }),
        _ => None,
    }
}

async fn open_indexed_db() -> Result<IdbDatabase, JsValue> {
    let factory = web_sys::window()
        .and_then(|w| w.indexed_db().ok().flatten())
        .ok_or(JsValue::NULL)?;
    let request: IdbOpenDbRequest = factory.open_with_u32(DATABASE, 1)?;
    let upgrade = Closure::once_into_js(move |event: web_sys::Event| {
        let database = event
            .target()
            .and_then(|t| t.dyn_into::<IdbRequest>().ok())
            .and_then(|r| r.result().ok())
            .and_then(|r| r.dyn_into::<IdbDatabase>().ok());
        if let Some(database) = database {
            let _ = database.create_object_store(OBJECT_STORE);
        }
    });
    request.set_onupgradeneeded(Some(upgrade.unchecked_ref()));
    let database = JsFuture::from(completion(&request)).await?;
    database.dyn_into::<IdbDatabase>()
}

/// A promise settled by the request's `success` (with its result) or `error`.
fn completion(request: &IdbRequest) -> js_sys::Promise {
    let request = request.clone();
    js_sys::Promise::new(&mut |resolve, reject| {
        let done = request.clone();
        let on_success = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &done.result().unwrap_or(JsValue::UNDEFINED));
        });
        let on_error = Closure::once_into_js(move |_: web_sys::Event| {
            let _ = reject.call1(&JsValue::NULL, &JsValue::from_str("request failed"));
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    })
}

fn warn(message: &str) {
    web_sys::console::warn_1(&JsValue::from_str(message));
}
