// SQLite's C API, for the store's bulk insert of a million values (Debian: libsqlite3-dev).
#include <sqlite3.h>
