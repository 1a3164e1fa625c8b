import HTTPTypes
import NIOCore
import NIOHTTPTypes

/// Closes a connection whose request body is not wanted or does not arrive in time: the one place,
/// below every route, that bounds what a client can make the server read and wait for.
///
/// - A response written before its request's body has ended — a refusal (401, 403, 413, 415, …)
///   answered without reading the body — goes out with `Connection: close`, as does any response
///   that says so. Once it is sent, the connection's sending side is shut (the client reads the
///   answer, then the end of the stream), what the client still sends is discarded, and after at
///   most ``linger`` (5 s) the connection is closed whole: a body trickled after a refusal cannot
///   hold it.
/// - A request body must arrive whole within `bodyTimeout` of its head
///   (``ServerConfiguration/bodyTimeoutSeconds``, 60 s by default), authorised or not; otherwise the
///   route reading it fails with ``RequestBodyTimeout`` and the connection is closed.
///
/// With requests pipelined behind a request whose body is still arriving, a response to an earlier
/// request also closes the connection; clients do not pipeline requests with bodies (RFC 9112 §9.3.2).
final class RequestBodyGuard: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    /// How long a refused client may go on sending after its answer before the connection closes.
    ///
    /// 5 s, as nginx's `lingering_timeout`: bytes that reach a connection closed whole make the
    /// server's kernel answer with a reset, and the client's kernel may then drop the answer it has
    /// not yet read, so a client still sending its body needs time to read its refusal. A client that
    /// reads its answer and closes ends the connection at once; one that goes on sending is closed
    /// about 5 s after its answer (checked with a socket probe).
    static let linger: TimeAmount = .seconds(5)

    let bodyTimeout: TimeAmount
    /// A request head has arrived and its end has not.
    private var isReadingBody = false
    /// The response being written closes the connection when it ends.
    private var closesAfterResponse = false
    /// The connection is closing: what arrives is dropped.
    private var isDiscarding = false
    private var deadline: Scheduled<Void>?

    init(bodyTimeout: TimeAmount) {
        self.bodyTimeout = bodyTimeout
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        guard !isDiscarding else { return }
        switch unwrapInboundIn(data) {
        case .head:
            isReadingBody = true
            deadline?.cancel()
            deadline = context.eventLoop.assumeIsolated().scheduleTask(in: bodyTimeout) { [self] in
                bodyTimedOut(context: context)
            }
        case .body:
            break
        case .end:
            isReadingBody = false
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(var head):
            guard isReadingBody || head.headerFields[.connection]?.lowercased() == "close" else { break }
            closesAfterResponse = true
            head.headerFields[.connection] = "close"
            context.write(wrapOutboundOut(.head(head)), promise: promise)
            return
        case .end where closesAfterResponse:
            closesAfterResponse = false
            isDiscarding = true
            deadline?.cancel()
            deadline = nil
            context.writeAndFlush(data, promise: promise)
            context.close(mode: .output, promise: nil)
            context.eventLoop.assumeIsolated().scheduleTask(in: Self.linger) { context.close(promise: nil) }
            return
        default:
            break
        }
        context.write(data, promise: promise)
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
    }

    private func bodyTimedOut(context: ChannelHandlerContext) {
        deadline = nil
        guard isReadingBody, !isDiscarding else { return }
        isDiscarding = true
        context.fireErrorCaught(RequestBodyTimeout(seconds: bodyTimeout.nanoseconds / 1_000_000_000))
        context.close(promise: nil)
    }
}

/// A request body did not arrive whole within the server's body timeout.
struct RequestBodyTimeout: Error, Hashable, CustomStringConvertible {
    var seconds: Int64

    var description: String { "the request body did not arrive within \(seconds) s" }
}
