import Foundation

/// Bar charts as inline SVG, made at build time: no JavaScript, readable by screen readers (a
/// title and a text summary), styled by the theme through classes and `currentColor`.
struct BarChart {
    struct Bar {
        var label: String
        var value: Int
        var url: String?
    }

    var id: String
    var title: String
    var bars: [Bar]

    /// Vertical bars side by side (decades, years).
    func columns() -> String {
        let width = 640.0, height = 240.0, top = 24.0, bottom = 36.0, left = 8.0
        let maximum = Double(max(bars.map(\.value).max() ?? 1, 1))
        let slot = (width - left * 2) / Double(max(bars.count, 1))
        var svg = header(width: width, height: height)
        // Room for a label at the phone font size (see spindle.css), so labels never overlap.
        let labelEvery = max(1, Int((Double(bars.count) * 52 / width).rounded(.up)))
        for (index, bar) in bars.enumerated() {
            let barHeight = (height - top - bottom) * Double(bar.value) / maximum
            let x = left + slot * Double(index) + slot * 0.12
            let y = height - bottom - barHeight
            var element = rect(x: x, y: y, width: slot * 0.76, height: barHeight, title: "\(bar.label): \(bar.value)")
            if bar.value > 0 {
                element += text(x: x + slot * 0.38, y: y - 5, anchor: "middle", cssClass: "value", String(bar.value))
            }
            if index % labelEvery == 0 {
                element += text(
                    x: x + slot * 0.38, y: height - bottom + 16, anchor: "middle", cssClass: "label", bar.label)
            }
            svg += link(bar.url, element)
        }
        return svg + "</svg>"
    }

    /// Horizontal bars, one per line (genres, formats).
    func rows() -> String {
        let width = 640.0, row = 30.0, labelWidth = 200.0
        let height = row * Double(max(bars.count, 1)) + 8
        let maximum = Double(max(bars.map(\.value).max() ?? 1, 1))
        var svg = header(width: width, height: height)
        for (index, bar) in bars.enumerated() {
            let y = 4 + row * Double(index)
            let barWidth = (width - labelWidth - 56) * Double(bar.value) / maximum
            var element = text(x: labelWidth - 8, y: y + row * 0.62, anchor: "end", cssClass: "label", bar.label)
            element += rect(
                x: labelWidth, y: y + 3, width: barWidth, height: row - 8, title: "\(bar.label): \(bar.value)")
            element += text(
                x: labelWidth + barWidth + 6, y: y + row * 0.62, anchor: "start", cssClass: "value", String(bar.value))
            svg += link(bar.url, element)
        }
        return svg + "</svg>"
    }

    private func header(width: Double, height: Double) -> String {
        let summary = bars.map { "\($0.label): \($0.value)" }.joined(separator: ", ")
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" id=\"\(XMLText.escape(id))\" "
            + "viewBox=\"0 0 \(number(width)) \(number(height))\" role=\"img\" aria-labelledby=\"\(XMLText.escape(id))-title\">"
            + "<title id=\"\(XMLText.escape(id))-title\">\(XMLText.escape(title))</title>"
            + "<desc>\(XMLText.escape(summary))</desc>"
    }

    private func rect(x: Double, y: Double, width: Double, height: Double, title: String) -> String {
        "<rect class=\"bar\" x=\"\(number(x))\" y=\"\(number(y))\" width=\"\(number(max(width, 0)))\" "
            + "height=\"\(number(max(height, 0)))\" rx=\"2\"><title>\(XMLText.escape(title))</title></rect>"
    }

    private func text(x: Double, y: Double, anchor: String, cssClass: String, _ content: String) -> String {
        "<text class=\"\(cssClass)\" x=\"\(number(x))\" y=\"\(number(y))\" text-anchor=\"\(anchor)\">"
            + "\(XMLText.escape(String(content.prefix(28))))</text>"
    }

    private func link(_ url: String?, _ content: String) -> String {
        guard let url else { return "<g>\(content)</g>" }
        return "<a href=\"\(XMLText.escape(url))\">\(content)</a>"
    }

    private func number(_ value: Double) -> String { String(format: "%.1f", value) }
}

/// Escaping for XML and HTML text made outside the templates (SVG, feeds, sitemap).
enum XMLText {
    static func escape(_ text: String) -> String {
        var escaped = ""
        escaped.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&#39;"
            // Characters XML forbids (C0 controls other than tab and line breaks) are dropped.
            case _ where scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r": continue
            default: escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }
}
