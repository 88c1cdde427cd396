import Discogs
import Foundation
import SpindleStore

/// A response body decoded into the model its request's purpose expects.
enum Payload: Sendable {
    case identity(Identity)
    case folders(FolderList)
    case customFields(CustomFieldList)
    case collectionPage(ListingPage)
    case wantsPage(WantsPage)
    case releaseInstances(CollectionPage)
    case release(Release)
    /// A master, with the body as it came (kept in the metadata cache).
    case master(Master, Data)
    /// An inventory export was started (its id is in the Location header, when readable).
    case exportStarted
    case exportJobs(InventoryExportList)
    case exportJob(InventoryExportJob)
    /// The export's CSV, read when it is stored.
    case inventoryCSV(Data)
    case inventoryPage(InventoryPage)
    case inventoryCurrency(InventoryPage)

    static func decode(_ purpose: RequestPurpose, from body: Data) throws -> Payload {
        // Decoding is most of the work of ingesting a page; Foundation's decoder is 5x slower.
        let decoder = FastJSONDecoder()
        switch purpose {
        case .identity: return .identity(try decoder.decode(Identity.self, from: body))
        case .folders: return .folders(try decoder.decode(FolderList.self, from: body))
        case .customFields: return .customFields(try decoder.decode(CustomFieldList.self, from: body))
        case .collectionPage: return .collectionPage(try ListingPage.read(body))
        case .wantsPage: return .wantsPage(try decoder.decode(WantsPage.self, from: body))
        case .releaseInstances: return .releaseInstances(try decoder.decode(CollectionPage.self, from: body))
        case .release: return .release(try decoder.decode(Release.self, from: body))
        case .master: return .master(try decoder.decode(Master.self, from: body), body)
        case .inventoryExportStart: return .exportStarted
        case .inventoryExports: return .exportJobs(try decoder.decode(InventoryExportList.self, from: body))
        case .inventoryExportStatus: return .exportJob(try decoder.decode(InventoryExportJob.self, from: body))
        case .inventoryDownload: return .inventoryCSV(body)
        case .inventoryPage: return .inventoryPage(try decoder.decode(InventoryPage.self, from: body))
        case .inventoryCurrency: return .inventoryCurrency(try decoder.decode(InventoryPage.self, from: body))
        }
    }

    /// Why a well-formed body still cannot be the answer to `request`: another page than the one
    /// asked for. (A release with another id can be right: Discogs answers a merged release with
    /// the one it was merged into.)
    func mismatch(with request: APIRequest) -> String? {
        let pagination: Pagination
        switch self {
        case .collectionPage(let page): pagination = page.pagination
        case .releaseInstances(let page): pagination = page.pagination
        case .wantsPage(let page): pagination = page.pagination
        case .inventoryPage(let page): pagination = page.pagination
        default: return nil
        }
        guard let asked = request.page, pagination.page != asked else { return nil }
        return "page \(pagination.page) arrived where page \(asked) was asked for"
    }

    /// A decoding error in one line a person can read.
    static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let context):
            if let parse = context.underlyingError as? JSONParseError { return parse.description }
            let underlying = (context.underlyingError as NSError?)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return underlying ?? context.debugDescription
        case DecodingError.keyNotFound(let key, let context):
            return "missing \(path(context.codingPath + [key]))"
        case DecodingError.typeMismatch(_, let context), DecodingError.valueNotFound(_, let context):
            return "\(context.debugDescription) at \(path(context.codingPath))"
        default:
            return "\(error)"
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
    }
}

extension CollectionPage {
    static let empty = try! JSONDecoder().decode(
        CollectionPage.self,
        from: Data(#"{"pagination":{"page":1,"pages":1,"per_page":50,"items":0},"releases":[]}"#.utf8))
}
