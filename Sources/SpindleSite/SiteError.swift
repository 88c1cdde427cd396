/// Why a site could not be built, in words a user can act on.
public enum SiteError: Error, Sendable, CustomStringConvertible {
    case themeNotFound
    case missingTemplate(String, String)
    case template(String, String)
    case unreadable(String)
    case output(String)
    case noAccount(String)
    case store(String)

    public var description: String {
        switch self {
        case .themeNotFound:
            "cannot find Spindle's built-in theme (templates/ and public/); set site.theme_dir to the folder holding them"
        case .missingTemplate(let name, let directory): "template \(name).mustache is missing from \(directory)"
        case .template(let path, let message): "\(path): \(message)"
        case .unreadable(let path): "cannot read \(path)"
        case .output(let message): message
        case .noAccount(let message): message
        case .store(let message): message
        }
    }
}
