#include "store/page_cache.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <mutex>
#include <new>
#include <vector>

namespace eddy::store {
namespace {

sqlite3_pcache_methods2 sqlite_cache;  // SQLite's own (pcache1), which the wrapper calls

// One cache: SQLite's, and a bound on the page numbers it holds. A page gets a number only when
// fetched with creation or renumbered (xRekey); pcache1 may drop pages on its own, which only
// makes the bound looser, never wrong.
struct BoundedCache {
  sqlite3_pcache* inner;
  unsigned largest_fetched = 0;
  // Numbers above largest_fetched that pages were renumbered to and not yet renumbered from:
  // balance_nonroot's lock-byte page number, for the moment of a swap.
  std::vector<unsigned> renumbered;

  bool may_hold_from(unsigned limit) const {
    if (largest_fetched >= limit) return true;
    return std::any_of(renumbered.begin(), renumbered.end(),
                       [limit](unsigned key) { return key >= limit; });
  }
};

BoundedCache& bounded(sqlite3_pcache* cache) {
  return *reinterpret_cast<BoundedCache*>(cache);
}

int cache_init(void* arg) {
  return sqlite_cache.xInit ? sqlite_cache.xInit(arg) : SQLITE_OK;
}

void cache_shutdown(void* arg) {
  if (sqlite_cache.xShutdown) sqlite_cache.xShutdown(arg);
}

sqlite3_pcache* cache_create(int page_bytes, int extra_bytes, int purgeable) {
  sqlite3_pcache* inner = sqlite_cache.xCreate(page_bytes, extra_bytes, purgeable);
  if (!inner) return nullptr;
  auto* cache = new (std::nothrow) BoundedCache{inner, 0, {}};
  if (!cache) {
    sqlite_cache.xDestroy(inner);
    return nullptr;
  }
  return reinterpret_cast<sqlite3_pcache*>(cache);
}

void cache_size(sqlite3_pcache* cache, int pages) {
  sqlite_cache.xCachesize(bounded(cache).inner, pages);
}

int cache_page_count(sqlite3_pcache* cache) {
  return sqlite_cache.xPagecount(bounded(cache).inner);
}

sqlite3_pcache_page* cache_fetch(sqlite3_pcache* cache, unsigned key, int create) {
  BoundedCache& self = bounded(cache);
  sqlite3_pcache_page* page = sqlite_cache.xFetch(self.inner, key, create);
  if (page && key > self.largest_fetched) self.largest_fetched = key;
  return page;
}

void cache_unpin(sqlite3_pcache* cache, sqlite3_pcache_page* page, int discard) {
  sqlite_cache.xUnpin(bounded(cache).inner, page, discard);
}

void cache_rekey(sqlite3_pcache* cache, sqlite3_pcache_page* page, unsigned old_key,
                 unsigned new_key) {
  BoundedCache& self = bounded(cache);
  sqlite_cache.xRekey(self.inner, page, old_key, new_key);
  auto& renumbered = self.renumbered;
  renumbered.erase(std::remove(renumbered.begin(), renumbered.end(), old_key), renumbered.end());
  if (new_key > self.largest_fetched) {
    try {
      renumbered.push_back(new_key);
    } catch (const std::bad_alloc&) {
      // Without room to remember it, count it as fetched: looser, still a bound.
      self.largest_fetched = new_key;
    }
  }
}

void cache_truncate(sqlite3_pcache* cache, unsigned limit) {
  BoundedCache& self = bounded(cache);
  // Nothing at or past the limit: pcache1 would visit its whole hash table to find nothing.
  if (!self.may_hold_from(limit)) return;
  sqlite_cache.xTruncate(self.inner, limit);
  if (limit == 0) {
    self.largest_fetched = 0;
  } else {
    self.largest_fetched = std::min(self.largest_fetched, limit - 1);
  }
  auto& renumbered = self.renumbered;
  renumbered.erase(std::remove_if(renumbered.begin(), renumbered.end(),
                                  [limit](unsigned key) { return key >= limit; }),
                   renumbered.end());
}

void cache_destroy(sqlite3_pcache* cache) {
  auto* self = &bounded(cache);
  sqlite_cache.xDestroy(self->inner);
  delete self;
}

void cache_shrink(sqlite3_pcache* cache) {
  sqlite_cache.xShrink(bounded(cache).inner);
}

}  // namespace

void install_page_cache() {
  static std::once_flag once;
  std::call_once(once, [] {
    sqlite3_pcache_methods2 own{};
    if (sqlite3_config(SQLITE_CONFIG_GETPCACHE2, &own) != SQLITE_OK || !own.xCreate) return;
    sqlite_cache = own;
    static sqlite3_pcache_methods2 wrapper = {
        1,
        own.pArg,
        cache_init,
        cache_shutdown,
        cache_create,
        cache_size,
        cache_page_count,
        cache_fetch,
        cache_unpin,
        cache_rekey,
        cache_truncate,
        cache_destroy,
        cache_shrink,
    };
    // Fails once SQLite has initialised: it then keeps its own cache, which is as correct.
    sqlite3_config(SQLITE_CONFIG_PCACHE2, &wrapper);
    // No bulk allocation per cache: pcache1 otherwise mallocs 20 pages for each new cache and
    // writes a header into every one of them, and start-up makes a dozen caches (the writer's and
    // the migrations' ephemeral tables). Page faults cost ~10 us each on some VMs: this took start-
    // up from 627 to 572 faults. Pages still come from malloc one at a time, as they did past the
    // first 20 (instructions per request unchanged within 0.3%).
    sqlite3_config(SQLITE_CONFIG_PAGECACHE, nullptr, 0, 0);
  });
}

}  // namespace eddy::store
