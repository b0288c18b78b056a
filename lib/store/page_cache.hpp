#pragma once
// SQLite's page cache, wrapped so that a commit after a B-tree split does not walk the whole
// cache. balance_nonroot swaps two pages' numbers through the lock-byte page's number (262145
// with 4 KB pages); SQLite's cache (pcache1) then takes that for its largest page, and at every
// commit truncates the cache to the database's size, which with such a largest page means visiting
// every slot of its hash table: a cost that grew with the cache, paid at each commit that followed
// a split (3.6-5.5% of the writer's CPU under load at SQLite's default 2 MB). The wrapper knows
// which page numbers its cache can hold, and passes a truncation on only when some page may be
// at or past the limit. It also turns off pcache1's bulk allocation of each new cache's first pages
// (page_cache.cpp).
namespace eddy::store {

// Installs the wrapper around SQLite's own page cache: once per process, before SQLite first
// initialises (a later call changes nothing, and SQLite keeps its own cache).
void install_page_cache();

}  // namespace eddy::store
