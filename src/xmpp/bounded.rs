//! A map that never grows past its capacity, forgetting what was used longest ago: for what
//! others make the session remember (capabilities hashes, say), so a flood of fake entries
//! costs a bounded amount of memory and pushes out only other entries of its kind.

use std::collections::HashMap;
use std::hash::Hash;

/// A least-recently-used map of at most `capacity` entries.
#[derive(Debug, Clone)]
pub struct LruMap<K, V> {
    capacity: usize,
    /// Each value with the tick it was last used at.
    entries: HashMap<K, (V, u64)>,
    tick: u64,
}

impl<K: Eq + Hash + Clone, V> LruMap<K, V> {
    /// An empty map that holds at most `capacity` entries (at least one).
    pub fn new(capacity: usize) -> LruMap<K, V> {
        LruMap {
            capacity: capacity.max(1),
            entries: HashMap::new(),
            tick: 0,
        }
    }

    /// The value for `key`, now the most recently used.
    pub fn get(&mut self, key: &K) -> Option<&V> {
        self.tick += 1;
        let tick = self.tick;
        self.entries.get_mut(key).map(|(value, used)| {
            *used = tick;
            &*value
        })
    }

    /// Whether `key` is here (without counting as a use).
    pub fn contains(&self, key: &K) -> bool {
        self.entries.contains_key(key)
    }

    /// Inserts or replaces `key`; when full, the least recently used entry goes.
    pub fn insert(&mut self, key: K, value: V) {
        self.tick += 1;
        if !self.entries.contains_key(&key) && self.entries.len() >= self.capacity {
            let oldest = self
                .entries
                .iter()
                .min_by_key(|(_, (_, used))| *used)
                .map(|(k, _)| k.clone());
            if let Some(oldest) = oldest {
                self.entries.remove(&oldest);
            }
        }
        self.entries.insert(key, (value, self.tick));
    }

    /// Removes `key`.
    pub fn remove(&mut self, key: &K) -> Option<V> {
        self.entries.remove(key).map(|(value, _)| value)
    }

    /// How many entries there are.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn never_holds_more_than_its_capacity() {
        let mut map = LruMap::new(3);
        for i in 0..100 {
            map.insert(i, i * 10);
        }
        assert_eq!(map.len(), 3);
        assert!(map.contains(&99) && map.contains(&98) && map.contains(&97));
    }

    #[test]
    fn the_least_recently_used_entry_goes_first() {
        let mut map = LruMap::new(2);
        map.insert("a", 1);
        map.insert("b", 2);
        assert_eq!(map.get(&"a"), Some(&1));
        map.insert("c", 3);
        assert!(map.contains(&"a"), "a was used after b");
        assert!(!map.contains(&"b"));
        map.insert("a", 10);
        assert_eq!(map.len(), 2, "replacing does not evict");
        assert_eq!(map.remove(&"a"), Some(10));
    }
}
