import Foundation

/// The recorded Discogs responses this fake is built from (see Fixtures/SOURCES.md).
public enum Fixtures {
    public static func data(_ name: String) -> Data {
        guard let url = Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"),
            let data = try? Data(contentsOf: url)
        else { fatalError("fixture \(name) is missing from the FakeDiscogs bundle") }
        return data
    }

    public static func json(_ name: String) -> JSONValue {
        do { return try JSONValue.parse(data(name)) } catch { fatalError("fixture \(name) is not JSON: \(error)") }
    }

    /// The release bodies used as templates, one per era and shape.
    static let releaseTemplates = [
        "releases_ID.json", "releases_ID__25829341.json", "releases_ID__peacefixation_10507194.json",
        "releases_ID__2014.json",
    ]
}
