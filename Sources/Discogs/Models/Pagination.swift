/// The `pagination` object of every paginated endpoint. Its key order and its `urls` vary, so
/// only the numbers are kept: clients rebuild page URLs themselves (old responses link `http://`).
public struct Pagination: Codable, Sendable, Equatable {
    public var page: Int
    public var pages: Int
    public var perPage: Int
    public var items: Int

    public init(page: Int, pages: Int, perPage: Int, items: Int) {
        self.page = page
        self.pages = pages
        self.perPage = perPage
        self.items = items
    }

    enum CodingKeys: String, CodingKey {
        case page, pages, items
        case perPage = "per_page"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        page = try c.integer(.page) ?? 1
        pages = try c.integer(.pages) ?? 1
        perPage = try c.integer(.perPage) ?? 50
        items = try c.integer(.items) ?? 0
    }
}
