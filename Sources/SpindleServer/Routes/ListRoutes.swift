import FastCGI
import Foundation
import SpindleStore
import SpindleSync

/// Smart lists over the API: read them, create or change one (`PUT`, a one-line `query` or a
/// JSON `definition`), delete one. While a sync of a list's base runs, changes get 409 naming it.
struct ListRoutes: Sendable {
    let store: Store
    let auth: Authenticator
    let username: String?
    let publicStatus: Bool

    /// What the API says about a list.
    struct ListReply: Encodable {
        var name: String
        var slug: String
        var base: String
        var query: String
        var definition: ListDefinition
        var itemCount: Int
        var rebuiltAt: String?
        var parent: String?
        var items: [Int]?
        var lockedBy: Int64?
    }

    func all(caller: Caller) throws(APIError) -> FastCGIResponse {
        try mayRead(caller)
        let account = try account()
        let lists = try storeCall { try store.read { try $0.smartLists(accountID: account) } }
        let names = Dictionary(lists.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
        return WebResponse.json(200, ["lists": lists.map { reply($0, parent: $0.parentID.flatMap { names[$0] }) }])
    }

    func one(_ name: String, caller: Caller) throws(APIError) -> FastCGIResponse {
        try mayRead(caller)
        let account = try account()
        let (list, items, lock) = try storeCall {
            try store.read { tx -> (SmartList?, [SmartListItem], SyncSession?) in
                guard let list = try tx.smartList(accountID: account, name: name) else { return (nil, [], nil) }
                return (
                    list, try tx.smartListItems(listID: list.id),
                    try tx.syncLocking(accountID: account, base: list.definition.base)
                )
            }
        }
        guard let list else { throw APIError.notFound("no list called \(name)") }
        var body = reply(list, parent: nil)
        body.items = items.map(\.itemID)
        body.lockedBy = lock?.id
        return WebResponse.json(200, body)
    }

    /// `PUT /api/lists/{name}` with `{"query": "…"}` or `{"definition": {…}}`; 201 when new.
    func save(_ name: String, _ request: WebRequest, caller: Caller, now: Date) throws(APIError) -> FastCGIResponse {
        try auth.authorizeChange(request, caller: caller, formToken: request.form["csrf"]?.first)
        let account = try account()
        let (definition, query) = try Self.definition(request)
        let result: Result<(SmartList, Bool), APIError> = Result { () throws(APIError) in
            do {
                return try store.write { tx in
                    let old = try tx.smartList(accountID: account, name: name)
                    let isNew = old == nil
                    let definition = definition.seeded(keeping: old?.definition) { Int.random(in: 1...Int(Int32.max)) }
                    try tx.validateSmartList(definition, name: name, accountID: account, now: now)
                    let list = try tx.saveSmartList(
                        accountID: account, name: name, slug: ListSlug.make(name), definition: definition, query: query,
                        origin: .api, now: now)
                    return (list, isNew)
                }
            } catch {
                throw Self.apiError(error)
            }
        }
        let (list, isNew) = try result.get()
        SmartListRouter(store: store).rebuild(
            accountID: account, kinds: nil, sessionID: nil, now: now, only: list.definition.base)
        let rebuilt = try storeCall { try store.read { try $0.smartList(id: list.id) } } ?? list
        return WebResponse.json(isNew ? 201 : 200, reply(rebuilt, parent: nil))
    }

    func delete(_ name: String, _ request: WebRequest, caller: Caller) throws(APIError) -> FastCGIResponse {
        try auth.authorizeChange(request, caller: caller, formToken: request.form["csrf"]?.first)
        let account = try account()
        let deleted: Bool
        do { deleted = try store.write { try $0.deleteSmartList(accountID: account, name: name) } } catch {
            throw Self.apiError(error)
        }
        guard deleted else { throw APIError.notFound("no list called \(name)") }
        return FastCGIResponse(status: 204, headers: [], body: [])
    }

    // MARK: Helpers

    private static func definition(_ request: WebRequest) throws(APIError) -> (ListDefinition, String?) {
        guard let object = request.jsonObject else {
            throw APIError.badRequest("send JSON: {\"query\": \"genre:Jazz rating:4..\"} or {\"definition\": {…}}")
        }
        let base = (object["base"] as? String).flatMap(ListBase.init)
        if let query = object["query"] as? String {
            do { return (try ListQuery.parse(query, base: base ?? .collection), query) } catch {
                throw APIError(422, "invalid_rule", error.description)
            }
        }
        guard let definition = object["definition"],
            let data = try? JSONSerialization.data(withJSONObject: definition)
        else { throw APIError.badRequest("give a \"query\" or a \"definition\"") }
        do { return (try ListDefinitionValidator.decode(data), nil) } catch {
            throw APIError(422, "invalid_rule", "\(error)")
        }
    }

    private static func apiError(_ error: any Error) -> APIError {
        let underlying = (error as? StoreError)?.underlying ?? error
        switch underlying {
        case let locked as ListLocked:
            return APIError(409, "list_locked", locked.description, sessionID: locked.sessionID)
        case let rule as ListRuleError: return APIError(422, "invalid_rule", rule.message)
        case let api as APIError: return api
        default: return APIError(500, "internal", "database error: \(underlying)")
        }
    }

    private func account() throws(APIError) -> Int64 {
        let accounts = try storeCall { try store.read { try $0.accounts() } }
        let chosen = username.flatMap { name in
            accounts.first { $0.username.caseInsensitiveCompare(name) == .orderedSame }
        }
        guard let account = chosen ?? (accounts.count == 1 ? accounts.first : nil) else {
            throw APIError(409, "no_account", "no account to keep lists for yet: sync first")
        }
        return account.id
    }

    private func reply(_ list: SmartList, parent: String?) -> ListReply {
        ListReply(
            name: list.name, slug: list.slug, base: list.definition.base.description,
            query: list.query ?? ListQuery.format(list.definition), definition: list.definition,
            itemCount: list.itemCount,
            rebuiltAt: list.rebuiltAt.map(JSONCoding.timestamp), parent: parent)
    }

    private func mayRead(_ caller: Caller) throws(APIError) {
        guard publicStatus || caller.isAuthenticated else { throw APIError.unauthenticated }
    }
}
