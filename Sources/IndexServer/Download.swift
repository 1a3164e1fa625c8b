import Hummingbird
import IndexIO
import NIOCore

/// A file the server offers for download — CSV text or an XLSX workbook — under a name: the one
/// place a download's content type and `Content-Disposition` are written.
struct Download {
    enum Content {
        case csv(String)
        case xlsx(Workbook)
    }

    /// The name the browser saves it as (ASCII, without quotes: the names are the server's own).
    var fileName: String
    var content: Content

    func response() throws -> Response {
        let (type, bytes): (String, ByteBuffer) =
            switch content {
            case .csv(let text): ("text/csv; charset=utf-8", ByteBuffer(string: CSVWriter.file(text)))
            case .xlsx(let workbook):
                (
                    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                    ByteBuffer(bytes: try XLSXWriter.encode(workbook))
                )
            }
        return Response(
            status: .ok,
            headers: [.contentType: type, .contentDisposition: "attachment; filename=\"\(fileName)\""],
            body: .init(byteBuffer: bytes)
        )
    }
}
