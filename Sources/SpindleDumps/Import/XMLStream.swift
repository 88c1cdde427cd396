import CLibXML2
import Foundation

/// libxml2's pull reader (`xmlTextReader`) fed from `GzipInput`: one node at a time, memory
/// flat whatever the file size. Element names come back interned in the reader's dictionary,
/// so they are matched by pointer (`name(_:)`), never by comparing strings.
final class XMLStream {
    enum Node: Int32 {
        case element = 1, text = 3, cdata = 4, endElement = 15
        case other = 0
    }

    private let input: GzipInput
    private let reader: OpaquePointer
    private let errors = ErrorSink()

    init(input: GzipInput) throws(DumpImportError) {
        self.input = input
        let read: xmlInputReadCallback = { context, buffer, length in
            guard let context, let buffer else { return -1 }
            return Unmanaged<GzipInput>.fromOpaque(context).takeUnretainedValue().read(into: buffer, count: length)
        }
        let close: xmlInputCloseCallback = { _ in 0 }
        let options = Int32(XML_PARSE_NONET.rawValue | XML_PARSE_HUGE.rawValue | XML_PARSE_COMPACT.rawValue)
        guard
            let reader = xmlReaderForIO(
                read, close, Unmanaged.passUnretained(input).toOpaque(), input.path, nil, options)
        else { throw .unreadable(path: input.path, reason: "libxml2 could not start a reader") }
        self.reader = reader
        let handler: xmlStructuredErrorFunc = { context, error in
            guard let context, let error else { return }
            Unmanaged<ErrorSink>.fromOpaque(context).takeUnretainedValue().record(error)
        }
        xmlTextReaderSetStructuredErrorHandler(reader, handler, Unmanaged.passUnretained(errors).toOpaque())
    }

    deinit { xmlFreeTextReader(reader) }

    /// The interned pointer of an element name, to compare `localName` with.
    func name(_ text: String) -> UnsafeRawPointer {
        UnsafeRawPointer(xmlTextReaderConstString(reader, text)!)
    }

    /// Moves to the next node: false at the end of the document, throws on malformed input.
    @inline(__always)
    func read() throws(DumpImportError) -> Bool {
        let code = xmlTextReaderRead(reader)
        if code == 1 { return true }
        if code == 0 { return false }
        throw failure()
    }

    /// Skips the current element's subtree, landing on the node after it.
    func skipSubtree() throws(DumpImportError) -> Bool {
        let code = xmlTextReaderNext(reader)
        if code == 1 { return true }
        if code == 0 { return false }
        throw failure()
    }

    @inline(__always) var nodeType: Node { Node(rawValue: xmlTextReaderNodeType(reader)) ?? .other }
    @inline(__always) var isEmptyElement: Bool { xmlTextReaderIsEmptyElement(reader) == 1 }
    @inline(__always) var localName: UnsafeRawPointer? {
        xmlTextReaderConstLocalName(reader).map(UnsafeRawPointer.init)
    }
    var localNameString: String { xmlTextReaderConstLocalName(reader).map { String(cString: $0) } ?? "?" }

    /// The current text node's bytes (valid until the next read).
    @inline(__always) var value: UnsafeBufferPointer<UInt8>? {
        guard let pointer = xmlTextReaderConstValue(reader) else { return nil }
        return UnsafeBufferPointer(
            start: pointer, count: strlen(UnsafeRawPointer(pointer).assumingMemoryBound(to: CChar.self)))
    }

    /// Calls `body` with each attribute's interned name and value, then returns to the element.
    @inline(__always)
    func forEachAttribute(_ body: (UnsafeRawPointer, UnsafeBufferPointer<UInt8>) -> Void) {
        guard xmlTextReaderHasAttributes(reader) == 1 else { return }
        while xmlTextReaderMoveToNextAttribute(reader) == 1 {
            if let name = xmlTextReaderConstLocalName(reader), let value = self.value {
                body(UnsafeRawPointer(name), value)
            }
        }
        xmlTextReaderMoveToElement(reader)
    }

    /// Bytes of uncompressed XML the parser has consumed.
    var xmlOffset: Int64 { Int64(xmlTextReaderByteConsumed(reader)) }
    var compressedOffset: Int64 { input.compressedOffset }

    private func failure() -> DumpImportError {
        let reason = input.failure ?? errors.message ?? "the XML reader stopped"
        return .malformed(
            path: input.path, reason: reason, line: errors.line, xmlOffset: xmlOffset,
            compressedOffset: compressedOffset)
    }
}

/// Keeps libxml2's first error (the one that stopped the parse) with its line.
private final class ErrorSink {
    var message: String?
    var line: Int?

    func record(_ error: UnsafePointer<xmlError>) {
        guard message == nil, error.pointee.level.rawValue >= XML_ERR_ERROR.rawValue else { return }
        message = error.pointee.message.map { String(cString: $0).trimmingCharacters(in: .whitespacesAndNewlines) }
        line = Int(error.pointee.line)
    }
}
