public import Foundation

/// Where `--db` (and `IIDEI_DB`) point: a PostgreSQL server or an SQLite file, opened in one place.
///
/// `postgres://user[:password]@host[:port]/database` (or `postgresql://…`) opens a
/// ``PostgresStore``; anything else is a file path and opens a ``Store``.
public enum StoreLocation {
    /// Opens the store `location` names.
    ///
    /// - Parameters:
    ///   - access: for SQLite, whether the file may be written (``Store/Access``). A PostgreSQL store
    ///     brings its schema up to date on opening either way (the server, not the user's file
    ///     permissions, says who may write).
    /// - Throws: ``IndexError`` naming the location when it cannot be opened.
    public static func open(_ location: String, access: Store.Access = .readWrite) throws -> any IndexStoring {
        if PostgresStore.isLocation(location) { return try PostgresStore(url: location) }
        return try Store(path: location, access: access)
    }

    /// The default location: `$IIDEI_DB` (a file or a PostgreSQL URL), else the SQLite file of
    /// ``Store/defaultPath(environment:)``.
    public static func `default`(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        Store.defaultPath(environment: environment)
    }

    /// A location as it may be printed: a PostgreSQL URL without its password; a path as it is.
    public static func display(_ location: String) -> String {
        guard PostgresStore.isLocation(location), var components = URLComponents(string: location) else {
            return location
        }
        components.password = nil
        return components.string ?? location
    }
}
