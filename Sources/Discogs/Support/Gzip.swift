import CZlib
import Foundation

/// gzip (RFC 1952) in memory: the fake compresses its answers as Discogs does, and the site
/// writes `.gz` siblings for nginx's `gzip_static`.
public enum Gzip {
    public static func compress(_ data: Data, level: Int32 = Z_DEFAULT_COMPRESSION) -> Data? {
        var stream = z_stream()
        guard czlib_deflateInit2(&stream, level, 15 + 16) == Z_OK else { return nil }
        defer { deflateEnd(&stream) }
        var output = Data(count: Int(deflateBound(&stream, UInt(data.count))) + 32)
        var input = data
        let status: Int32 = input.withUnsafeMutableBytes { inBytes in
            output.withUnsafeMutableBytes { outBytes in
                stream.next_in = inBytes.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_in = uInt(inBytes.count)
                stream.next_out = outBytes.baseAddress?.assumingMemoryBound(to: Bytef.self)
                stream.avail_out = uInt(outBytes.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard status == Z_STREAM_END else { return nil }
        output.count = Int(stream.total_out)
        return output
    }
}
