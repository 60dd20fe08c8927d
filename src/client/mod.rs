//! The Client API: the one door through which anything outside the transport acts. Views, the
//! boot code (and, later, an embedding page's JavaScript) call its methods; it runs the
//! [`Driver`] (the connection's policy), carries out what the driver asks with the browser
//! shell (`crate::transport`), and applies every change to its [`Store`] through
//! `store::apply`. It holds no global state: two clients, each with its own store and storage
//! keys, can live on one page.

mod affiliations;
mod commands;
mod invitations;
mod lifecycle;
mod room_config;
mod room_directory;
mod room_edits;
mod room_history;
mod rooms;
mod shell;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use web_time::Instant;

use crate::driver::Driver;
use crate::persist::Keys;
use crate::store::Store;
use crate::transport::inbox::Inbox;
use crate::transport::socket::Socket;
use crate::transport::timer::Timer;

pub use crate::driver::LoginRequest;

/// A handle on one client: `Copy`, like the store's signals, so views move it into closures
/// freely (all copies are the same client). It lives as long as the reactive owner it was
/// created under (the app's root, or a widget's).
#[derive(Clone, Copy)]
pub struct Client {
    handle: StoredValue<Rc<Inner>, LocalStorage>,
}

struct Inner {
    store: Store,
    keys: Keys,
    driver: RefCell<Driver>,
    socket: RefCell<Option<Socket>>,
    inbox: Inbox,
    timer: Timer,
    /// Counts logins and logouts: an asynchronous step (reading the outbox, discovery) that
    /// finishes after the user moved on does nothing.
    generation: Cell<u64>,
}

impl Client {
    /// A client writing to `store`, keeping what it stores under `keys`.
    pub fn new(store: Store, keys: Keys) -> Client {
        crate::transport::storage::open_database();
        Client {
            handle: StoredValue::new_local(Rc::new(Inner {
                store,
                keys,
                driver: RefCell::new(Driver::new(
                    crate::transport::url::parse,
                    crate::transport::text::nfkc,
                    Instant::now(),
                )),
                socket: RefCell::new(None),
                inbox: Inbox::default(),
                timer: Timer::default(),
                generation: Cell::new(0),
            })),
        }
    }

    /// The store this client writes.
    pub fn store(&self) -> Store {
        self.inner().store
    }

    /// Makes this client the one the views below use (`expect_client`).
    pub fn provide(&self) {
        provide_context(*self);
    }

    fn inner(&self) -> Rc<Inner> {
        self.handle.get_value()
    }

    /// The client's state, unless its owner is gone (an asynchronous step finishing after the
    /// app or widget was removed).
    fn try_inner(&self) -> Option<Rc<Inner>> {
        self.handle.try_get_value()
    }
}

/// The client provided above the calling view.
pub fn expect_client() -> Client {
    expect_context::<Client>()
}
