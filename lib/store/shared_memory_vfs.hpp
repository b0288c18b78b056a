#pragma once
// An SQLite VFS whose files live in this process's memory and can be opened by several
// connections at once, with the shared memory WAL needs. The in-memory store runs in WAL mode on
// it, so read connections see the last commit and run beside the writer instead of waiting for
// it; SQLite's own memdb VFS has no WAL, and its readers wait for every write transaction.
#include <string>

namespace eddy::store {

// The VFS's name for sqlite3_open_v2, registered on first use.
const char* shared_memory_vfs();
// A name no other database of this process has.
std::string unique_shared_memory_name();
// Frees a database's files (the database, its WAL and journal) once no connection has them open.
void remove_shared_memory_database(const std::string& name);

}  // namespace eddy::store
