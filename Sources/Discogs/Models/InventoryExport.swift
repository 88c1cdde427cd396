/// An inventory export job (`GET /inventory/export/{id}`): finished when `finished_ts` is set;
/// `status` is `success` then (anything else means it failed).
public struct InventoryExportJob: Decodable, Sendable, Equatable {
    public var id: Int
    public var status: String?
    public var finishedTS: String?
    public var downloadURL: String?

    enum CodingKeys: String, CodingKey {
        case id, status
        case finishedTS = "finished_ts"
        case downloadURL = "download_url"
    }

    public var isFinished: Bool { finishedTS != nil }
    public var succeeded: Bool { isFinished && (status ?? "").lowercased() == "success" }
}

/// `GET /inventory/export`: the account's recent export jobs, newest first.
public struct InventoryExportList: Decodable, Sendable, Equatable {
    public var items: [InventoryExportJob]
}
