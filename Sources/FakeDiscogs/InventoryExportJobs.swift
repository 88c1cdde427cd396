import Foundation

/// The inventory exports Discogs has been asked for: each one a CSV of the inventory as it was
/// when the export was requested, which becomes ready only after the client has polled its status
/// a few times (Discogs builds it in the background; the live test in damidhagor/DiscogsApiClient
/// polls every 500 ms). Time here is epoch seconds of the request that moved the job.
struct InventoryExportJobs {
    struct Job {
        let id: Int
        let created: Int
        /// The CSV, rendered when the export was requested: later changes are not in it.
        let csv: Data
        /// Ends with status "failure" and no file (`FaultPlan.failingExports`).
        let fails: Bool
        var polls = 0
        var finished: Int?

        /// "pending" until finished. The recorded and documented jobs only show "success"; the
        /// other values are those the published schema of the endpoint lists.
        var status: String { finished == nil ? "pending" : fails ? "failure" : "success" }
        var ready: Bool { finished != nil && !fails }
        var lastModified: Int { finished ?? created }
    }

    /// Oldest first.
    private(set) var jobs: [Job] = []
    /// Ids like the live ones (18866724, 18867036), ascending.
    private var nextID = 18_866_724

    /// Starts an export of `csv`; it fails if it is the `failing`-th export (1-based) asked for.
    mutating func start(csv: Data, at now: Int, failing: Set<Int>) -> Job {
        let job = Job(id: nextID, created: now, csv: csv, fails: failing.contains(jobs.count + 1))
        nextID += 1
        jobs.append(job)
        return job
    }

    func job(_ id: Int) -> Job? { jobs.first { $0.id == id } }

    /// One status request: the job finishes on the poll after `pendingPolls` polls. It finishes a
    /// second after it was created at the earliest, so its `Last-Modified` always moves past the
    /// one a client saw while it was pending (HTTP dates have whole seconds).
    mutating func poll(_ id: Int, at now: Int, pendingPolls: Int) -> Job? {
        guard let index = jobs.firstIndex(where: { $0.id == id }) else { return nil }
        jobs[index].polls += 1
        if jobs[index].finished == nil, jobs[index].polls > pendingPolls {
            jobs[index].finished = max(now, jobs[index].created + 1)
        }
        return jobs[index]
    }
}
