/// Which slice of a long list a page shows: the page asked for, kept within the pages there are.
struct Paging: Sendable, Hashable {
    /// The number of items in all pages.
    let total: Int
    let pageSize: Int
    /// The number of pages (at least one, even for no items).
    let pages: Int
    /// The page shown, from 1.
    let page: Int

    /// - Parameter requested: the `page` query value; a missing or malformed one is the first page,
    ///   one beyond the last is the last.
    init(total: Int, requested: String?, pageSize: Int) {
        precondition(pageSize > 0, "a page holds at least one item")
        self.total = total
        self.pageSize = pageSize
        pages = max(1, (total + pageSize - 1) / pageSize)
        page = min(max(Int(requested ?? "1") ?? 1, 1), pages)
    }

    var hasPrevious: Bool { page > 1 }
    var hasNext: Bool { page < pages }

    /// The page's items.
    func slice<Element>(_ items: [Element]) -> [Element] {
        Array(items.dropFirst((page - 1) * pageSize).prefix(pageSize))
    }
}
